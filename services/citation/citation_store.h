#pragma once

// PostgreSQL storage of the citation service (schema `citation`): the
// numbered sources and uses of each answer, the answers citing a source, and
// the follower's position in content's source events. libpqxx exceptions
// stop here and become statuses.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db/pool.h"
#include "medbrief/citation/v1/citation.pb.h"

namespace medbrief::citation {

// One use of a passage, with the source it belongs to and its verdict.
struct UseRow {
  std::string passage_id;
  std::string source_id;
  std::string claim;
  v1::Verdict verdict = v1::UNSUPPORTED;
  double score = 0;
  std::vector<std::string> missing_numbers;
  std::vector<std::string> missing_terms;
};

// A stored use with its source's number; listed by number, then use order.
struct NumberedUse {
  int number = 0;
  UseRow use;
};

class CitationStore {
 public:
  explicit CitationStore(db::ConnectionPool& pool) : pool_(pool) {}

  // Merges `uses` (in use order) into the answer's citations in one
  // transaction, under the answer's row lock: a source without a number gets
  // the next one in first-use order; a use already registered (same passage
  // and claim) is kept as it is. Records `style` as the answer's style.
  // Returns every use of the answer afterwards.
  absl::StatusOr<std::vector<NumberedUse>> Register(absl::string_view answer_id, v1::ReferenceStyle style,
                                                    const std::vector<UseRow>& uses);

  struct AnswerCitations {
    v1::ReferenceStyle style = v1::AMA;  // of the last registration
    std::vector<NumberedUse> uses;       // empty when none are registered
  };
  absl::StatusOr<AnswerCitations> List(absl::string_view answer_id);

  // Up to `limit` answers citing `source_id` with ids greater than
  // `after_answer_id`, in id order.
  absl::StatusOr<std::vector<std::string>> CitingAnswers(absl::string_view source_id,
                                                         absl::string_view after_answer_id, int limit);

  // The last sequence of `stream` fully processed (0 when none).
  absl::StatusOr<int64_t> LoadCursor(absl::string_view stream);
  // Moves the cursor to `sequence` (never back) and forgets the re-open marks
  // of the events up to it, in one transaction.
  absl::Status SaveCursor(absl::string_view stream, int64_t sequence);

  // The answers already re-opened for the event `sequence`, and marking one.
  absl::StatusOr<absl::flat_hash_set<std::string>> ReopenedAnswers(int64_t sequence);
  absl::Status MarkReopened(int64_t sequence, absl::string_view answer_id);

 private:
  db::ConnectionPool& pool_;
};

}  // namespace medbrief::citation
