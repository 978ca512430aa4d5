#pragma once

// Builders of search hits and sources for the answer core's tests.

#include <memory>
#include <string>
#include <utility>

#include "medbrief/content/v1/content.pb.h"
#include "services/answer/ranking.h"

namespace medbrief::answer::testing {

inline content::v1::Hit MakeHit(const std::string& source_id, const std::string& passage_id,
                                content::v1::SourceKind kind, const std::string& text, double score = 1.0,
                                const std::string& published_date = "2023",
                                content::v1::SourceStatus status = content::v1::CURRENT,
                                const std::string& section_code = "") {
  content::v1::Hit hit;
  hit.mutable_passage()->set_id(passage_id);
  hit.mutable_passage()->set_source_id(source_id);
  hit.mutable_passage()->set_text(text);
  hit.mutable_passage()->set_section_code(section_code);
  hit.set_source_id(source_id);
  hit.set_kind(kind);
  hit.set_score(score);
  hit.set_source_title(source_id + " title");
  hit.set_published_date(published_date);
  hit.set_source_status(status);
  return hit;
}

// A drug-label hit of a source titled `title`, with a dosage sentence.
inline content::v1::Hit MakeLabel(const std::string& source_id, const std::string& title) {
  content::v1::Hit hit = MakeHit(source_id, source_id + "_p", content::v1::DRUG_LABEL, "The recommended dose is 50 mg.");
  hit.set_source_title(title);
  return hit;
}

inline SourcePtr MakeSource(const std::string& id, content::v1::SourceKind kind, const std::string& evidence_level,
                            const std::string& published_date,
                            content::v1::SourceStatus status = content::v1::CURRENT) {
  content::v1::Source source;
  source.set_id(id);
  source.set_kind(kind);
  source.set_evidence_level(evidence_level);
  source.set_published_date(published_date);
  source.set_status(status);
  return std::make_shared<const content::v1::Source>(std::move(source));
}

}  // namespace medbrief::answer::testing
