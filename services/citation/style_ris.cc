// RIS (Research Information Systems tagged format): one record, a line per
// field as "TG  - value", ending with "ER  -".
//   journal article -> TY JOUR: AU TI JO PY DA VL IS SP EP DO AN(PMID) DB(PubMed) UR
//   guideline       -> TY RPRT: AU (issuing body when no persons) TI PB PY DA ET(version) DO UR
//   drug label      -> TY GEN:  TI PB(manufacturer) PY DA ET(version) M3(Package insert)
//                      AN(SPL set id) DB(DailyMed) UR(DailyMed page)
// Authors as "Family, J.A." (RIS's own form), one AU line each, all of them;
// PY is the year, DA the date as YYYY/MM/DD to the precision known. Lines
// end with "\n"; values are single lines (whitespace was collapsed).

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/citation/style_formats.h"
#include "services/citation/style_parts.h"

namespace medbrief::citation::style {
namespace {

class Record {
 public:
  explicit Record(absl::string_view type) { Line("TY", std::string(type)); }
  Record& Line(absl::string_view tag, const std::string& value) {
    if (!value.empty()) absl::StrAppend(&text_, tag, "  - ", value, "\n");
    return *this;
  }
  std::string Done() const { return absl::StrCat(text_, "ER  -"); }

 private:
  std::string text_;
};

std::string RisName(const AuthorName& author) {
  if (author.is_group()) return author.literal;
  std::string initials;
  for (const std::string& initial : author.initials) absl::StrAppend(&initials, initial, ".");
  return JoinNonEmpty({author.family, initials, author.suffix}, ", ");
}

void Authors(const Reference& ref, Record& record) {
  for (const AuthorName& author : ref.authors) record.Line("AU", RisName(author));
}

void Dates(const Reference& ref, Record& record) {
  if (ref.date.year == 0) return;
  record.Line("PY", absl::StrCat(ref.date.year));
  if (ref.date.month == 0) return;
  std::string date = absl::StrFormat("%04d/%02d", ref.date.year, ref.date.month);
  if (ref.date.day > 0) absl::StrAppend(&date, absl::StrFormat("/%02d", ref.date.day));
  record.Line("DA", date);
}

}  // namespace

std::string Ris(const Reference& ref) {
  if (ref.kind == content::v1::DRUG_LABEL) {
    Record record("GEN");
    record.Line("TI", ref.title).Line("PB", ref.manufacturer);
    Dates(ref, record);
    record.Line("ET", VersionLabel(ref.version)).Line("M3", "Package insert").Line("AN", ref.spl_set_id);
    if (!ref.spl_set_id.empty()) record.Line("DB", "DailyMed");
    return record.Line("UR", LabelUrl(ref)).Done();
  }
  if (IsJournalArticle(ref)) {
    Record record(ref.journal.empty() ? "GEN" : "JOUR");
    Authors(ref, record);
    if (ref.authors.empty() && ref.kind == content::v1::GUIDELINE) record.Line("AU", ref.issuer);
    record.Line("TI", ref.title).Line("JO", ref.journal);
    if (ref.journal.empty()) record.Line("PB", ref.issuer);
    Dates(ref, record);
    record.Line("VL", ref.volume).Line("IS", ref.issue).Line("SP", ref.first_page).Line("EP", ref.last_page);
    record.Line("DO", ref.doi).Line("AN", ref.pmid);
    if (!ref.pmid.empty()) record.Line("DB", "PubMed");
    return record.Line("UR", ref.url.empty() ? PubMedUrl(ref.pmid) : ref.url).Done();
  }
  Record record("RPRT");
  Authors(ref, record);
  if (ref.authors.empty()) record.Line("AU", ref.issuer);
  record.Line("TI", ref.title).Line("PB", ref.issuer);
  Dates(ref, record);
  record.Line("ET", VersionLabel(ref.version)).Line("DO", ref.doi).Line("AN", ref.pmid);
  if (!ref.pmid.empty()) record.Line("DB", "PubMed");
  return record.Line("UR", ref.url).Done();
}

}  // namespace medbrief::citation::style
