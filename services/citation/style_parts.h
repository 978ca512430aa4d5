#pragma once

// Pieces shared by the reference styles (internal to styles.cc and the
// style_*.cc files).

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/citation/reference.h"

namespace medbrief::citation::style {

// Bibliographic elements joined by ". ": empty ones are left out, and an
// element already ending in . ? or ! gets no second period.
class Elements {
 public:
  Elements& Add(std::string element);
  // The elements joined, with a final period when `final_period`.
  std::string Join(bool final_period = true) const;

 private:
  std::vector<std::string> elements_;
};

// "a", "b" -> "a<separator>b", leaving out empty parts.
std::string JoinNonEmpty(const std::vector<std::string>& parts, absl::string_view separator);

// "Smith JA" / "Smith JA Jr" / group name as is (AMA, Vancouver).
std::string NlmName(const AuthorName& author);
// "Smith, J. A." / "Smith, J. A., Jr." / "Jean-Pierre" initials "J.-P." (APA).
std::string ApaName(const AuthorName& author);
// "J. A." / "J.-P. A." (APA, CSL given names, BibTeX).
std::string DottedInitials(const AuthorName& author);

// "https://doi.org/<doi>", "https://pubmed.ncbi.nlm.nih.gov/<pmid>/",
// "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=<set id>"; ""
// for an empty id.
std::string DoiUrl(absl::string_view doi);
std::string PubMedUrl(absl::string_view pmid);
std::string DailyMedUrl(absl::string_view set_id);

// The link a style prints for a drug label: its DailyMed page, else its url.
std::string LabelUrl(const Reference& ref);

// Whether the reference is laid out as a journal article: research, and
// guidelines published in a journal.
bool IsJournalArticle(const Reference& ref);

// "Version 12" for a bare version number ("12", "1.2023"), else as written
// ("2023 update"); "" when none.
std::string VersionLabel(absl::string_view version);

// A stable BibTeX key: first author's family name (else the first word of
// the issuer, or of the manufacturer for a drug label), year, first title
// word that is not a stop word, ASCII lower case: "strosberg2017phase";
// without any name, the title word and year ("octreotide2019").
std::string CitationKey(const Reference& ref);

}  // namespace medbrief::citation::style
