#include "services/citation/styles.h"

#include "services/citation/reference.h"
#include "services/citation/style_formats.h"
#include "services/citation/style_parts.h"

namespace medbrief::citation {

absl::StatusOr<std::string> FormatReference(const content::v1::Source& source, v1::ReferenceStyle style) {
  if (!v1::ReferenceStyle_IsValid(style)) return absl::InvalidArgumentError("style: unknown reference style");
  if (source.kind() == content::v1::SOURCE_KIND_UNSPECIFIED || !content::v1::SourceKind_IsValid(source.kind())) {
    return absl::InvalidArgumentError("source.kind: required");
  }
  const Reference ref = ReferenceFrom(source);
  switch (style) {
    case v1::VANCOUVER: return style::Vancouver(ref);
    case v1::APA: return style::Apa(ref);
    case v1::CSL_JSON: return style::CslJson(ref);
    case v1::BIBTEX: return style::Bibtex(ref);
    case v1::RIS: return style::Ris(ref);
    case v1::AMA:
    case v1::REFERENCE_STYLE_UNSPECIFIED:
    default:
      return style::Ama(ref);
  }
}

std::string BestUrl(const content::v1::Source& source) {
  const Reference ref = ReferenceFrom(source);
  if (!ref.doi.empty()) return style::DoiUrl(ref.doi);
  if (!ref.pmid.empty()) return style::PubMedUrl(ref.pmid);
  if (!ref.spl_set_id.empty()) return style::DailyMedUrl(ref.spl_set_id);
  return ref.url;
}

}  // namespace medbrief::citation
