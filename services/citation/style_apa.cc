// APA Publication Manual, 7th edition (2020), chapters 9 and 10.
//   Journal article: Smith, J. A., Lee, B., & Chan, C. (2020). Title
//     in sentence case. Journal Name, 382(4), 311–320. https://doi.org/10.x
//     - up to 20 authors all listed, "&" before the last (with a comma even
//       for two); 21 or more: the first 19, an ellipsis, the last;
//     - surname, initials with periods and spaces ("J. A."; "J.-P.");
//     - page ranges with an en dash; an article number as "Article e1234";
//     - italics (journal, volume) cannot be shown in plain text;
//     - no date: "(n.d.)"; no author: the title moves to the author's
//       place; the DOI as a URL, else the URL; a PubMed id is not printed.
//   Report / guideline (reports and gray literature): Group Author. (2023). Title (Version 2).
//     URL — the publisher is left out when it is the author.
//   Drug label: Manufacturer. (2020). Drug name [Package insert]. URL
//     (a bracketed description of the form).

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/citation/style_formats.h"
#include "services/citation/style_parts.h"

namespace medbrief::citation::style {
namespace {

std::string Authors(const Reference& ref) {
  std::vector<std::string> names;
  for (const AuthorName& author : ref.authors) names.push_back(ApaName(author));
  if (names.size() <= 1) return names.empty() ? "" : names[0];
  if (names.size() > 20) {
    return absl::StrCat(absl::StrJoin(names.begin(), names.begin() + 19, ", "), ", . . . ", names.back());
  }
  return absl::StrCat(absl::StrJoin(names.begin(), names.end() - 1, ", "), ", & ", names.back());
}

std::string Year(const Reference& ref) {
  return ref.date.year > 0 ? absl::StrCat("(", ref.date.year, ")") : "(n.d.)";
}

// "Journal, 382(4), 311–320"
std::string Source(const Reference& ref) {
  std::string volume = ref.volume;
  if (!ref.issue.empty()) absl::StrAppend(&volume, "(", ref.issue, ")");
  std::string pages;
  if (!ref.last_page.empty()) {
    pages = absl::StrCat(ref.first_page, "\u2013", ref.last_page);
  } else if (!ref.first_page.empty()) {
    const bool number = absl::ascii_isdigit(static_cast<unsigned char>(ref.first_page[0]));
    pages = number ? ref.first_page : absl::StrCat("Article ", ref.first_page);
  }
  return JoinNonEmpty({ref.journal, volume, pages}, ", ");
}

// Author, date, title in APA's order; without an author the title leads.
Elements Head(const std::string& author, const Reference& ref, const std::string& title) {
  Elements head;
  if (author.empty()) {
    head.Add(title).Add(Year(ref));
  } else {
    head.Add(author).Add(Year(ref)).Add(title);
  }
  return head;
}

std::string WithLink(const Elements& body, const std::string& link) {
  const std::string text = body.Join();
  return link.empty() ? text : absl::StrCat(text, " ", link);
}

}  // namespace

std::string Apa(const Reference& ref) {
  const std::string link = ref.doi.empty() ? ref.url : DoiUrl(ref.doi);
  if (ref.kind == content::v1::DRUG_LABEL) {
    const std::string title = ref.title.empty() ? "[Package insert]" : absl::StrCat(ref.title, " [Package insert]");
    return WithLink(Head(ref.manufacturer, ref, title), LabelUrl(ref));
  }
  if (IsJournalArticle(ref)) {
    const std::string author =
        ref.authors.empty() && ref.kind == content::v1::GUIDELINE ? ref.issuer : Authors(ref);
    Elements body = Head(author, ref, SentenceCase(ref.title));
    body.Add(ref.journal.empty() ? ref.issuer : Source(ref));
    return WithLink(body, link);
  }
  std::string title = SentenceCase(ref.title);
  if (const std::string version = VersionLabel(ref.version); !version.empty()) {
    absl::StrAppend(&title, " (", version, ")");
  }
  const bool issuer_is_author = ref.authors.empty();
  Elements body = Head(issuer_is_author ? ref.issuer : Authors(ref), ref, title);
  if (!issuer_is_author) body.Add(ref.issuer);
  return WithLink(body, link);
}

}  // namespace medbrief::citation::style
