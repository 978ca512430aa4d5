#pragma once

// The citation service's logic, apart from gRPC: validation, numbering (in
// CitationStore), references, support verdicts. citation_grpc.cc only
// translates. Every method takes the deadline by which it must answer
// (content being down gives UNAVAILABLE before it) and the request id it
// passes on to content, in a CallScope.

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/concurrency/bounded_memo.h"
#include "medbrief/citation/v1/citation.pb.h"
#include "services/citation/citation_store.h"
#include "services/citation/content_reader.h"
#include "services/citation/source_cache.h"
#include "services/citation/support.h"

namespace medbrief::citation {

inline constexpr int kMaxUses = 200;
inline constexpr size_t kMaxIdChars = 128;
inline constexpr size_t kMaxClaimChars = 2000;

class CitationService {
 public:
  CitationService(CitationStore& store, ContentReader& content, SourceCache& sources, const SupportChecker& checker)
      : store_(store), content_(content), sources_(sources), checker_(checker) {}

  // Fetches every passage and source first, then writes in one transaction:
  // a failure writes nothing.
  absl::StatusOr<v1::RegisterCitationsResponse> RegisterCitations(const v1::RegisterCitationsRequest& request,
                                                                 const grpcutil::CallScope& scope);
  absl::StatusOr<v1::ListCitationsResponse> ListCitations(const v1::ListCitationsRequest& request,
                                                         const grpcutil::CallScope& scope);
  absl::StatusOr<v1::FormatReferenceResponse> FormatReference(const v1::FormatReferenceRequest& request,
                                                             const grpcutil::CallScope& scope);
  absl::StatusOr<v1::Support> CheckSupport(const v1::CheckSupportRequest& request, const grpcutil::CallScope& scope);
  absl::StatusOr<v1::ListCitingAnswersResponse> ListCitingAnswers(const v1::ListCitingAnswersRequest& request);

 private:
  using Sources = absl::flat_hash_map<std::string, SourcePtr>;
  // The answer's citations from its stored uses (listed by number, then use
  // order), fetching the sources not in `sources` yet.
  absl::StatusOr<std::vector<v1::Citation>> Build(const std::vector<NumberedUse>& uses, v1::ReferenceStyle style,
                                                  Sources& sources, const grpcutil::CallScope& scope);

  // The passage analysed for support checks, kept by id: a passage id is a
  // hash of its text (content's PassagesOf), so the analysis never goes
  // stale.
  std::shared_ptr<const PreparedText> Prepared(const content::v1::Passage& passage);
  // A claim analysed, kept by its text: an answer's claims are its sources'
  // sentences, so the same ones come back in the answers of a question and
  // of related ones.
  std::shared_ptr<const PreparedText> PreparedClaim(const std::string& claim);
  // The support check of a claim against a passage, kept by both: a
  // passage id is a hash of its section, heading and text (content's
  // PassagesOf), so the pair's verdict never changes, and the sentences of
  // popular questions' answers are registered again with every new answer
  // to them.
  std::shared_ptr<const SupportResult> Checked(const std::string& claim, const content::v1::Passage& passage);

  CitationStore& store_;
  ContentReader& content_;
  SourceCache& sources_;
  const SupportChecker& checker_;
  // At most so many analyses, of so many bytes of text (an analysis takes
  // about ten times its text).
  concurrency::BoundedMemo<PreparedText> passages_{5000, 8 << 20};
  concurrency::BoundedMemo<PreparedText> claims_{20000, 4 << 20};
  // Keyed by passage id and claim, charged twice the key (the result holds
  // a few missing terms at most).
  concurrency::BoundedMemo<SupportResult> checked_{50000, 16 << 20};
};

// The reference of a stored source; a source content holds but that cannot
// be formatted (say, without a kind) is FAILED_PRECONDITION, not the
// client's INVALID_ARGUMENT.
absl::StatusOr<std::string> Reference(const CachedSource& source, v1::ReferenceStyle style);

}  // namespace medbrief::citation
