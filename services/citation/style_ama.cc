// AMA Manual of Style, 11th edition (2020), chapter 3.
//   Journal article (3.11): Smith JA, Lee B, Chan C, et al. Title in sentence
//     case. J Abbrev. 2020;382(4):311-320. doi:10.1056/x
//     - up to 6 authors all listed, more than 6: the first 3 and "et al";
//       surname and initials without periods or spaces;
//     - journal abbreviation as given; year;volume(issue):pages; no period
//       after the DOI ("doi:" lower case, no space). Without a DOI, the URL
//       (or the PubMed page). The accessed date AMA asks for with a URL is
//       not known to us and left out.
//   Report / guideline (government and organization reports): Organization. Title. Version. Publisher; year.
//     The issuing body is both author and publisher when no persons are
//     named (AMA repeats it); the title is kept as published.
//   Package insert: Drug name. Package insert. Manufacturer; year.
//     URL (the DailyMed page of its set id).

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/citation/style_formats.h"
#include "services/citation/style_parts.h"

namespace medbrief::citation::style {
namespace {

std::string Authors(const Reference& ref) {
  std::vector<std::string> names;
  const size_t shown = ref.authors.size() > 6 ? 3 : ref.authors.size();
  for (size_t i = 0; i < shown; ++i) names.push_back(NlmName(ref.authors[i]));
  if (shown < ref.authors.size()) names.push_back("et al");
  return absl::StrJoin(names, ", ");
}

std::string Year(const Reference& ref) { return ref.date.year > 0 ? absl::StrCat(ref.date.year) : ""; }

// "2020;382(4):311-320"
std::string Details(const Reference& ref) {
  std::string out = Year(ref);
  if (!ref.volume.empty()) absl::StrAppend(&out, out.empty() ? "" : ";", ref.volume);
  if (!ref.issue.empty()) absl::StrAppend(&out, ref.volume.empty() && !out.empty() ? ";" : "", "(", ref.issue, ")");
  if (!ref.pages.empty()) absl::StrAppend(&out, out.empty() ? "" : ":", ref.pages);
  return out;
}

// "Publisher; 2020"
std::string Publisher(const std::string& publisher, const Reference& ref) {
  return JoinNonEmpty({publisher, Year(ref)}, "; ");
}

std::string WithLink(const std::string& body, const std::string& link) {
  return link.empty() ? body : absl::StrCat(body, " ", link);
}

std::string ArticleLink(const Reference& ref) {
  if (!ref.doi.empty()) return absl::StrCat("doi:", ref.doi);
  if (!ref.url.empty()) return ref.url;
  return PubMedUrl(ref.pmid);
}

}  // namespace

std::string Ama(const Reference& ref) {
  if (ref.kind == content::v1::DRUG_LABEL) {
    return WithLink(Elements()
                        .Add(ref.title)
                        .Add("Package insert")
                        .Add(Publisher(ref.manufacturer, ref))
                        .Join(),
                    LabelUrl(ref));
  }
  // A guideline without named persons has its issuing body as author.
  const std::string authors =
      ref.authors.empty() && ref.kind == content::v1::GUIDELINE ? ref.issuer : Authors(ref);
  if (IsJournalArticle(ref)) {
    Elements elements;
    elements.Add(authors).Add(SentenceCase(ref.title));
    if (ref.journal.empty()) {
      elements.Add(Publisher(ref.issuer, ref));
    } else {
      elements.Add(ref.journal).Add(Details(ref));
    }
    return WithLink(elements.Join(), ArticleLink(ref));
  }
  return WithLink(Elements()
                      .Add(authors)
                      .Add(ref.title)
                      .Add(VersionLabel(ref.version))
                      .Add(Publisher(ref.issuer, ref))
                      .Join(),
                  ArticleLink(ref));
}

}  // namespace medbrief::citation::style
