#include "services/citation/citation_service.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/paging.h"
#include "common/status/macros.h"
#include "common/validation/fields.h"
#include "services/citation/styles.h"

namespace medbrief::citation {
namespace {

using validation::CheckText;
using validation::Presence;

constexpr char kCitingAnswersList[] = "citing_answers";

absl::Status CheckStyle(v1::ReferenceStyle style) {
  if (!v1::ReferenceStyle_IsValid(style)) {
    return validation::Invalid("style", absl::StrCat("unknown value ", static_cast<int>(style)));
  }
  return absl::OkStatus();
}

// A passage content does not know, named by the request field.
absl::Status UnknownPassage(const absl::Status& status, absl::string_view field, absl::string_view id) {
  if (status.code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(absl::StrCat(field, ": passage ", id, " not found"));
  }
  return status;
}

}  // namespace

absl::StatusOr<std::string> Reference(const CachedSource& source, v1::ReferenceStyle style) {
  absl::StatusOr<std::string> text = source.Reference(style);
  if (!text.ok() && text.status().code() == absl::StatusCode::kInvalidArgument) {
    return absl::FailedPreconditionError(
        absl::StrCat("source ", source.source().id(), " cannot be formatted: ", text.status().message()));
  }
  return text;
}

absl::StatusOr<v1::RegisterCitationsResponse> CitationService::RegisterCitations(
    const v1::RegisterCitationsRequest& request, const grpcutil::CallScope& scope) {
  RETURN_IF_ERROR(CheckText("answer_id", request.answer_id(), kMaxIdChars, Presence::kRequired));
  if (request.uses().empty()) return validation::Invalid("uses", "at least one use is required");
  RETURN_IF_ERROR(validation::CheckCount("uses", request.uses_size(), kMaxUses));
  for (int i = 0; i < request.uses_size(); ++i) {
    const v1::Use& use = request.uses(i);
    RETURN_IF_ERROR(CheckText(absl::StrCat("uses[", i, "].passage_id"), use.passage_id(), kMaxIdChars,
                              Presence::kRequired));
    RETURN_IF_ERROR(CheckText(absl::StrCat("uses[", i, "].claim"), use.claim(), kMaxClaimChars, Presence::kRequired));
  }
  RETURN_IF_ERROR(CheckStyle(request.style()));

  // Everything from content first: nothing is written unless all of it came.
  absl::flat_hash_map<std::string, content::v1::Passage> passages;
  Sources sources;
  for (int i = 0; i < request.uses_size(); ++i) {
    const std::string& id = request.uses(i).passage_id();
    if (passages.contains(id)) continue;
    absl::StatusOr<content::v1::Passage> passage = content_.GetPassage(id, scope);
    if (!passage.ok()) return UnknownPassage(passage.status(), absl::StrCat("uses[", i, "].passage_id"), id);
    const std::string source_id = passage->source_id();
    passages.emplace(id, *std::move(passage));
    if (sources.contains(source_id)) continue;
    absl::StatusOr<SourcePtr> source = sources_.Get(source_id, scope);
    if (!source.ok()) {
      if (source.status().code() == absl::StatusCode::kNotFound) {
        return absl::NotFoundError(absl::StrCat("uses[", i, "].passage_id: source ", source_id, " of passage ", id,
                                                " not found"));
      }
      return source.status();
    }
    sources.emplace(source_id, *std::move(source));
  }

  std::vector<UseRow> rows;
  rows.reserve(request.uses_size());
  for (const v1::Use& use : request.uses()) {
    const content::v1::Passage& passage = passages.at(use.passage_id());
    const std::shared_ptr<const SupportResult> result = Checked(use.claim(), passage);
    UseRow row;
    row.passage_id = use.passage_id();
    row.source_id = passage.source_id();
    row.claim = use.claim();
    row.verdict = result->verdict;
    row.score = result->score;
    row.missing_numbers = result->missing_numbers;
    row.missing_terms = result->missing_terms;
    rows.push_back(std::move(row));
  }
  const v1::ReferenceStyle style = request.style() == v1::REFERENCE_STYLE_UNSPECIFIED ? v1::AMA : request.style();
  ASSIGN_OR_RETURN(std::vector<NumberedUse> stored, store_.Register(request.answer_id(), style, rows));
  ASSIGN_OR_RETURN(std::vector<v1::Citation> citations, Build(stored, style, sources, scope));
  v1::RegisterCitationsResponse response;
  for (v1::Citation& citation : citations) *response.add_citations() = std::move(citation);
  return response;
}

absl::StatusOr<v1::ListCitationsResponse> CitationService::ListCitations(const v1::ListCitationsRequest& request,
                                                                         const grpcutil::CallScope& scope) {
  RETURN_IF_ERROR(CheckText("answer_id", request.answer_id(), kMaxIdChars, Presence::kRequired));
  ASSIGN_OR_RETURN(CitationStore::AnswerCitations stored, store_.List(request.answer_id()));
  Sources sources;
  ASSIGN_OR_RETURN(std::vector<v1::Citation> citations, Build(stored.uses, stored.style, sources, scope));
  v1::ListCitationsResponse response;
  for (v1::Citation& citation : citations) *response.add_citations() = std::move(citation);
  return response;
}

absl::StatusOr<std::vector<v1::Citation>> CitationService::Build(const std::vector<NumberedUse>& uses,
                                                                 v1::ReferenceStyle style, Sources& sources,
                                                                 const grpcutil::CallScope& scope) {
  std::vector<v1::Citation> citations;
  absl::flat_hash_set<std::string> passages_seen;  // per citation
  for (const NumberedUse& numbered : uses) {
    const UseRow& use = numbered.use;
    if (citations.empty() || citations.back().number() != numbered.number) {
      auto it = sources.find(use.source_id);
      if (it == sources.end()) {
        ASSIGN_OR_RETURN(SourcePtr source, sources_.Get(use.source_id, scope));
        it = sources.emplace(use.source_id, std::move(source)).first;
      }
      v1::Citation& citation = citations.emplace_back();
      citation.set_number(numbered.number);
      citation.set_source_id(use.source_id);
      ASSIGN_OR_RETURN(*citation.mutable_formatted(), Reference(*it->second, style));
      citation.set_url(BestUrl(it->second->source()));
      passages_seen.clear();
    }
    v1::Citation& citation = citations.back();
    if (passages_seen.insert(use.passage_id).second) citation.add_passage_ids(use.passage_id);
    v1::Support& support = *citation.add_support();
    support.set_claim(use.claim);
    support.set_passage_id(use.passage_id);
    support.set_verdict(use.verdict);
    support.set_score(use.score);
    for (const std::string& number : use.missing_numbers) support.add_missing_numbers(number);
    for (const std::string& term : use.missing_terms) support.add_missing_terms(term);
  }
  return citations;
}

absl::StatusOr<v1::FormatReferenceResponse> CitationService::FormatReference(
    const v1::FormatReferenceRequest& request, const grpcutil::CallScope& scope) {
  RETURN_IF_ERROR(CheckText("source_id", request.source_id(), kMaxIdChars, Presence::kRequired));
  RETURN_IF_ERROR(CheckStyle(request.style()));
  absl::StatusOr<SourcePtr> source = sources_.Get(request.source_id(), scope);
  if (!source.ok()) {
    if (source.status().code() == absl::StatusCode::kNotFound) {
      return absl::NotFoundError(absl::StrCat("source_id: source ", request.source_id(), " not found"));
    }
    return source.status();
  }
  v1::FormatReferenceResponse response;
  ASSIGN_OR_RETURN(*response.mutable_text(), Reference(**source, request.style()));
  return response;
}

absl::StatusOr<v1::Support> CitationService::CheckSupport(const v1::CheckSupportRequest& request,
                                                          const grpcutil::CallScope& scope) {
  RETURN_IF_ERROR(CheckText("claim", request.claim(), kMaxClaimChars, Presence::kRequired));
  RETURN_IF_ERROR(CheckText("passage_id", request.passage_id(), kMaxIdChars, Presence::kRequired));
  absl::StatusOr<content::v1::Passage> passage = content_.GetPassage(request.passage_id(), scope);
  if (!passage.ok()) return UnknownPassage(passage.status(), "passage_id", request.passage_id());
  // Checked afresh, not kept: a client's claims are whatever it sends, and
  // a stream of them would push out the verdicts registrations reuse.
  return ToSupportProto(request.claim(), request.passage_id(), checker_.Check(request.claim(), *Prepared(*passage)));
}

std::shared_ptr<const PreparedText> CitationService::Prepared(const content::v1::Passage& passage) {
  return passages_.Get(passage.id(), passage.text().size(), [&] { return checker_.Prepare(passage.text()); });
}

std::shared_ptr<const PreparedText> CitationService::PreparedClaim(const std::string& claim) {
  return claims_.Get(claim, claim.size(), [&] { return checker_.Prepare(claim); });
}

std::shared_ptr<const SupportResult> CitationService::Checked(const std::string& claim,
                                                              const content::v1::Passage& passage) {
  const std::string key = absl::StrCat(passage.id(), "\n", claim);
  return checked_.Get(key, 2 * key.size(),
                      [&] { return checker_.Check(*PreparedClaim(claim), *Prepared(passage)); });
}

absl::StatusOr<v1::ListCitingAnswersResponse> CitationService::ListCitingAnswers(
    const v1::ListCitingAnswersRequest& request) {
  RETURN_IF_ERROR(CheckText("source_id", request.source_id(), kMaxIdChars, Presence::kRequired));
  ASSIGN_OR_RETURN(const int page_size, grpcutil::PageSize(request.page_size()));
  ASSIGN_OR_RETURN(const std::string after, grpcutil::DecodePageToken(kCitingAnswersList, request.page_token()));
  ASSIGN_OR_RETURN(std::vector<std::string> answers,
                   store_.CitingAnswers(request.source_id(), after, page_size + 1));
  v1::ListCitingAnswersResponse response;
  const bool more = static_cast<int>(answers.size()) > page_size;
  if (more) answers.resize(page_size);
  for (std::string& answer : answers) response.add_answer_ids(std::move(answer));
  if (more) {
    response.set_next_page_token(
        grpcutil::EncodePageToken(kCitingAnswersList, response.answer_ids(response.answer_ids_size() - 1)));
  }
  return response;
}

}  // namespace medbrief::citation
