#pragma once

// Reading NGC bibliographic citations, which come in two shapes:
//   book:    "Alberta Provincial Endocrine Tumour Team. Title. Edmonton (AB):
//             CancerControl Alberta; 2015 Feb. 18 p. (Clinical practice
//             guideline; no. ENDO-001). [68 references]"
//   journal: "Kaur H, Hindman NM, ..., Expert Panel on Gastrointestinal
//             Imaging. Title. J Am Coll Radiol. 2016 Dec;13(12):1464-70."
// Best effort: each function returns "" (or nothing) when unsure.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace medbrief::content::importers {

// The citation's date as YYYY[-MM[-DD]]: the first date after "; " (book),
// else after ". " (journal).
std::string CitationDate(absl::string_view citation);

// The last date in a Date Released field ("1996 (revised 2013 May 18)" is
// 2013-05-18).
std::string ReleasedDate(absl::string_view released);

// The citation's authors: a developer it starts with ("U.S. Preventive
// Services Task Force (USPSTF). ..."), else the names before the first ". "
// when some look like people ("Smith JA"), else that one name when it looks
// like an organisation (Title Case, with a word such as Team or Society).
std::vector<std::string> CitationAuthors(absl::string_view citation, const std::vector<std::string>& developers);

// The publisher of a book citation ("City (ST): Publisher; 2015").
std::string CitationPublisher(absl::string_view citation);

}  // namespace medbrief::content::importers
