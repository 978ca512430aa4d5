#pragma once

// The bibliographic fields of a content Source, cleaned up once for every
// reference style: authors parsed into family name and initials, the date
// into year/month/day, pages into first and last, whitespace collapsed.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "medbrief/content/v1/content.pb.h"

namespace medbrief::citation {

// One author: a person ("Smith JA" -> family "Smith", initials {"J", "A"}) or
// a group ("American Diabetes Association", kept whole in `literal`).
struct AuthorName {
  std::string family;
  std::vector<std::string> initials;  // one per given name: "J", or "J-P" for Jean-Pierre
  std::string suffix;                 // "Jr", "Sr", "II", "III", "IV"
  std::string literal;                // a group author; family/initials empty

  bool is_group() const { return !literal.empty(); }
};

// Reads "Family GI" ("Smith JA", "van der Berg J", "Smith JA Jr"), "Family,
// Given" ("Smith, John A.", "Smith, J. A.") or a group name. A name is a
// group when it has no initials or uses a word such as Group, Committee,
// Association, Society, Consortium, Investigators, Network, Council,
// Organization, Panel, Institute, College, Academy, Foundation, Agency.
AuthorName ParseAuthor(absl::string_view name);

struct PartialDate {
  int year = 0;   // 0 when unknown
  int month = 0;  // 1-12, 0 when unknown
  int day = 0;    // 0 when unknown
};

// "2020", "2020-06", "2020-06-15"; anything else is unknown (all zero).
PartialDate ParseDate(absl::string_view iso);

struct Reference {
  content::v1::SourceKind kind = content::v1::SOURCE_KIND_UNSPECIFIED;
  std::string id;
  std::vector<AuthorName> authors;
  std::string title;    // without a final period; "?" and "!" kept
  std::string journal;  // without a final period
  std::string volume, issue;
  std::string pages, first_page, last_page;  // "311-320", "311", "320"; an article number is first_page only
  std::string issuer, manufacturer, version;
  PartialDate date;
  std::string doi, pmid, spl_set_id, url;
};

Reference ReferenceFrom(const content::v1::Source& source);

// "June", "Jun" for 1..12; "" otherwise.
std::string MonthName(int month);
std::string MonthAbbreviation(int month);

// Sentence case for article titles (AMA 11, Citing Medicine, APA 7):
// a title written in title case ("Effect of Aspirin on Cardiovascular
// Events") has its capitalised ordinary words lowered ("Effect of aspirin on
// cardiovascular events"). Kept as written: the first word, the first word
// after a colon, and any word with a capital after its first letter or a
// digit (NET, mRNA, HbA1c, COVID-19). A title already in sentence case is
// returned unchanged, so its proper nouns survive; proper nouns of a
// title-cased title cannot be told from ordinary words and are lowered too.
std::string SentenceCase(absl::string_view title);

}  // namespace medbrief::citation
