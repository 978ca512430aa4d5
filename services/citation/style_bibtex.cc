// BibTeX: one entry.
//   journal article -> @article (author, title, journal, year, month,
//                      volume, number, pages, doi, pmid, url)
//   guideline       -> @techreport (institution = issuing body, type =
//                      Clinical practice guideline, note = version)
//   drug label      -> @manual (organization = manufacturer, note = "Package
//                      insert", the set id, the DailyMed url)
// Special characters of LaTeX (& % $ # _ { } ~ ^ \) are escaped in text
// fields; in the title each word holding a capital after the title's first
// letter is braced ({NET}, {Parkinson}) so styles that lower-case titles keep
// it. doi and url are written as they are (url-package fields), with braces
// and backslashes percent-encoded. Authors joined by "and", "Family, J. A.";
// groups braced. The key is CitationKey (strosberg2017phase): stable for a
// source, not unique across sources with the same author, year and word.
// Non-ASCII text is kept as UTF-8 (biber, or bibtex with inputenc).

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "services/citation/style_formats.h"
#include "services/citation/style_parts.h"

namespace medbrief::citation::style {
namespace {

std::string Escape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': case '%': case '$': case '#': case '_': case '{': case '}':
        out.push_back('\\');
        out.push_back(c);
        break;
      case '~': out.append("\\textasciitilde{}"); break;
      case '^': out.append("\\textasciicircum{}"); break;
      case '\\': out.append("\\textbackslash{}"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

// Title words with a capital after the title's first letter, braced.
std::string Title(absl::string_view title) {
  std::vector<std::string> words;
  bool first = true;
  for (absl::string_view word : absl::StrSplit(title, ' ', absl::SkipEmpty())) {
    bool capital = false;
    for (size_t i = first ? 1 : 0; i < word.size(); ++i) {
      capital = capital || absl::ascii_isupper(static_cast<unsigned char>(word[i]));
    }
    first = false;
    words.push_back(capital ? absl::StrCat("{", Escape(word), "}") : Escape(word));
  }
  return absl::StrJoin(words, " ");
}

std::string Verbatim(absl::string_view url) {
  return absl::StrReplaceAll(url, {{"{", "%7B"}, {"}", "%7D"}, {"\\", "%5C"}});
}

std::string Authors(const Reference& ref) {
  std::vector<std::string> names;
  for (const AuthorName& author : ref.authors) {
    if (author.is_group()) {
      names.push_back(absl::StrCat("{", Escape(author.literal), "}"));
    } else {
      std::string name = Escape(author.family);
      if (!author.suffix.empty()) absl::StrAppend(&name, ", ", Escape(author.suffix));
      if (!author.initials.empty()) absl::StrAppend(&name, ", ", DottedInitials(author));
      names.push_back(name);
    }
  }
  return absl::StrJoin(names, " and ");
}

class Entry {
 public:
  Entry(absl::string_view type, absl::string_view key) { absl::StrAppend(&text_, "@", type, "{", key); }
  // A braced field; left out when empty.
  Entry& Field(absl::string_view name, const std::string& value) {
    if (!value.empty()) absl::StrAppend(&text_, ",\n  ", name, " = {", value, "}");
    return *this;
  }
  // A macro value (month = jun).
  Entry& Macro(absl::string_view name, const std::string& value) {
    if (!value.empty()) absl::StrAppend(&text_, ",\n  ", name, " = ", value);
    return *this;
  }
  std::string Done() const { return absl::StrCat(text_, "\n}"); }

 private:
  std::string text_;
};

std::string Year(const Reference& ref) { return ref.date.year > 0 ? absl::StrCat(ref.date.year) : ""; }
std::string Month(const Reference& ref) { return absl::AsciiStrToLower(MonthAbbreviation(ref.date.month)); }

}  // namespace

std::string Bibtex(const Reference& ref) {
  const std::string key = CitationKey(ref);
  if (ref.kind == content::v1::DRUG_LABEL) {
    std::string note = "Package insert";
    if (!ref.spl_set_id.empty()) absl::StrAppend(&note, ". DailyMed set ID ", Escape(ref.spl_set_id));
    if (!ref.version.empty()) absl::StrAppend(&note, ". ", Escape(VersionLabel(ref.version)));
    return Entry("manual", key)
        .Field("title", Title(ref.title))
        .Field("organization", Escape(ref.manufacturer))
        .Field("year", Year(ref))
        .Macro("month", Month(ref))
        .Field("note", note)
        .Field("url", Verbatim(LabelUrl(ref)))
        .Done();
  }
  if (IsJournalArticle(ref)) {
    std::string authors = Authors(ref);
    if (authors.empty() && ref.kind == content::v1::GUIDELINE && !ref.issuer.empty()) {
      authors = absl::StrCat("{", Escape(ref.issuer), "}");
    }
    std::string pages = ref.first_page;
    if (!ref.last_page.empty()) absl::StrAppend(&pages, "--", ref.last_page);
    return Entry(ref.journal.empty() ? "misc" : "article", key)
        .Field("author", authors)
        .Field("title", Title(ref.title))
        .Field("journal", Escape(ref.journal))
        .Field("publisher", ref.journal.empty() ? Escape(ref.issuer) : "")
        .Field("year", Year(ref))
        .Macro("month", Month(ref))
        .Field("volume", Escape(ref.volume))
        .Field("number", Escape(ref.issue))
        .Field("pages", Escape(pages))
        .Field("doi", Verbatim(ref.doi))
        .Field("pmid", Escape(ref.pmid))
        .Field("url", Verbatim(ref.url))
        .Done();
  }
  std::string authors = Authors(ref);
  if (authors.empty() && !ref.issuer.empty()) authors = absl::StrCat("{", Escape(ref.issuer), "}");
  return Entry("techreport", key)
      .Field("author", authors)
      .Field("title", Title(ref.title))
      .Field("institution", Escape(ref.issuer))
      .Field("type", "Clinical practice guideline")
      .Field("year", Year(ref))
      .Macro("month", Month(ref))
      .Field("note", Escape(VersionLabel(ref.version)))
      .Field("doi", Verbatim(ref.doi))
      .Field("pmid", Escape(ref.pmid))
      .Field("url", Verbatim(ref.url))
      .Done();
}

}  // namespace medbrief::citation::style
