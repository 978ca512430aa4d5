// Vancouver: ICMJE recommendations with NLM's Citing Medicine (2nd ed.), in
// the form PubMed prints ("NLM" citation):
//   Journal article: Smith JA, Lee B. Title in sentence case. J Abbrev.
//     2020 Jun 15;382(4):311-20. doi: 10.1056/x. PMID: 12345678.
//     - up to 6 authors all listed, more than 6: the first 6 and "et al.";
//     - date as year, abbreviated month and day when known;
//     - page ranges without repeated leading digits (311-320 -> 311-20);
//     - no DOI or PMID: "Available from: URL" (no final period).
//   Guideline (Citing Medicine ch. 15, reports; ch. 22, Internet): Issuer.
//     Title [Internet]. Version. Issuer; 2023. Available from: URL
//     ("[Internet]" only with a URL; the place of publication and the cited
//     date are not known to us and left out).
//   Drug label: Drug name [package insert]. Manufacturer; 2020 Jun 15.
//     Available from: URL (DailyMed).

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/citation/style_formats.h"
#include "services/citation/style_parts.h"

namespace medbrief::citation::style {
namespace {

std::string Authors(const Reference& ref) {
  std::vector<std::string> names;
  const size_t shown = ref.authors.size() > 6 ? 6 : ref.authors.size();
  for (size_t i = 0; i < shown; ++i) names.push_back(NlmName(ref.authors[i]));
  if (shown < ref.authors.size()) names.push_back("et al.");
  return absl::StrJoin(names, ", ");
}

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
}

// 311-320 -> 311-20, 1411-1421 -> 1411-21; 98-102 and e12-e15 stay.
std::string ElidedPages(const Reference& ref) {
  if (ref.last_page.empty()) return ref.first_page;
  std::string last = ref.last_page;
  if (AllDigits(ref.first_page) && AllDigits(last) && ref.first_page.size() == last.size()) {
    size_t same = 0;
    while (same + 1 < last.size() && last[same] == ref.first_page[same]) ++same;
    last = last.substr(same);
  }
  return absl::StrCat(ref.first_page, "-", last);
}

// "2020 Jun 15"
std::string Date(const Reference& ref) {
  if (ref.date.year == 0) return "";
  std::string out = absl::StrCat(ref.date.year);
  if (ref.date.month > 0) absl::StrAppend(&out, " ", MonthAbbreviation(ref.date.month));
  if (ref.date.month > 0 && ref.date.day > 0) absl::StrAppend(&out, " ", ref.date.day);
  return out;
}

// "2020 Jun 15;382(4):311-20"
std::string Details(const Reference& ref) {
  std::string out = Date(ref);
  if (!ref.volume.empty()) absl::StrAppend(&out, out.empty() ? "" : ";", ref.volume);
  if (!ref.issue.empty()) absl::StrAppend(&out, ref.volume.empty() && !out.empty() ? ";" : "", "(", ref.issue, ")");
  if (!ref.first_page.empty()) absl::StrAppend(&out, out.empty() ? "" : ":", ElidedPages(ref));
  return out;
}

std::string Available(const std::string& url) { return url.empty() ? "" : absl::StrCat("Available from: ", url); }

// The body with its final period, then "Available from: URL" without one.
std::string WithAvailable(const Elements& body, const std::string& url) {
  const std::string text = body.Join();
  return url.empty() ? text : absl::StrCat(text, " ", Available(url));
}

}  // namespace

std::string Vancouver(const Reference& ref) {
  if (ref.kind == content::v1::DRUG_LABEL) {
    Elements body;
    body.Add(ref.title.empty() ? "" : absl::StrCat(ref.title, " [package insert]"))
        .Add(JoinNonEmpty({ref.manufacturer, Date(ref)}, "; "));
    return WithAvailable(body, LabelUrl(ref));
  }
  if (IsJournalArticle(ref)) {
    Elements body;
    body.Add(ref.authors.empty() && ref.kind == content::v1::GUIDELINE ? ref.issuer : Authors(ref))
        .Add(SentenceCase(ref.title));
    if (ref.journal.empty()) {
      body.Add(JoinNonEmpty({ref.issuer, Date(ref)}, "; "));
    } else {
      body.Add(ref.journal).Add(Details(ref));
    }
    body.Add(ref.doi.empty() ? "" : absl::StrCat("doi: ", ref.doi)).Add(ref.pmid.empty() ? "" : absl::StrCat("PMID: ", ref.pmid));
    return WithAvailable(body, ref.doi.empty() && ref.pmid.empty() ? ref.url : "");
  }
  Elements body;
  std::string title = SentenceCase(ref.title);
  if (!ref.url.empty() && !title.empty()) absl::StrAppend(&title, " [Internet]");
  body.Add(ref.authors.empty() ? ref.issuer : Authors(ref))
      .Add(title)
      .Add(VersionLabel(ref.version))
      .Add(JoinNonEmpty({ref.issuer, Date(ref)}, "; "))
      .Add(ref.doi.empty() ? "" : absl::StrCat("doi: ", ref.doi))
      .Add(ref.pmid.empty() ? "" : absl::StrCat("PMID: ", ref.pmid));
  return WithAvailable(body, ref.url);
}

}  // namespace medbrief::citation::style
