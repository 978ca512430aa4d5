#include "services/citation/citation_store.h"

#include <algorithm>
#include <utility>

#include <pqxx/pqxx>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "common/db/arrays.h"
#include "common/db/errors.h"
#include "common/db/prepared.h"
#include "common/status/macros.h"
#include "services/citation/sql.h"

namespace medbrief::citation {
namespace {

using db::ParseTextArray;
using db::TextArrayLiteral;

std::vector<NumberedUse> ReadUses(pqxx::transaction_base& tx, const std::string& answer_id) {
  std::vector<NumberedUse> uses;
  for (const auto& row : db::ExecPrepared(tx, "kAnswerUses", sql::kAnswerUses, answer_id)) {
    NumberedUse numbered;
    numbered.number = row[0].as<int>();
    UseRow& use = numbered.use;
    use.source_id = row[1].as<std::string>();
    use.passage_id = row[2].as<std::string>();
    use.claim = row[3].as<std::string>();
    const int verdict = row[4].as<int>();
    use.verdict = v1::Verdict_IsValid(verdict) ? static_cast<v1::Verdict>(verdict) : v1::UNSUPPORTED;
    use.score = row[5].as<double>();
    use.missing_numbers = ParseTextArray(row[6]);
    use.missing_terms = ParseTextArray(row[7]);
    uses.push_back(std::move(numbered));
  }
  return uses;
}

}  // namespace

absl::StatusOr<std::vector<NumberedUse>> CitationStore::Register(absl::string_view answer_id,
                                                                 v1::ReferenceStyle style,
                                                                 const std::vector<UseRow>& uses) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  const std::string answer(answer_id);
  // Each (passage, claim) once, first use first: what is written and
  // returned (kRegisterFirst takes nothing else).
  std::vector<const UseRow*> distinct;
  {
    absl::flat_hash_set<std::pair<absl::string_view, absl::string_view>> seen;
    for (const UseRow& use : uses) {
      if (seen.emplace(use.passage_id, use.claim).second) distinct.push_back(&use);
    }
  }
  // The uses' columns, as kInsertUses and kRegisterFirst take them.
  std::vector<std::string> passages, sources, claims, verdicts, scores, missing_numbers, missing_terms;
  for (const UseRow* row : distinct) {
    const UseRow& use = *row;
    passages.push_back(use.passage_id);
    sources.push_back(use.source_id);
    claims.push_back(use.claim);
    verdicts.push_back(std::to_string(static_cast<int>(use.verdict)));
    scores.push_back(absl::StrFormat("%.17g", use.score));
    missing_numbers.push_back(TextArrayLiteral(use.missing_numbers));
    missing_terms.push_back(TextArrayLiteral(use.missing_terms));
  }
  const std::string passages_array = TextArrayLiteral(passages), sources_array = TextArrayLiteral(sources),
                    claims_array = TextArrayLiteral(claims), verdicts_array = TextArrayLiteral(verdicts),
                    scores_array = TextArrayLiteral(scores), missing_numbers_array = TextArrayLiteral(missing_numbers),
                    missing_terms_array = TextArrayLiteral(missing_terms);
  // Numbers by first use: a first registration's, and the order new
  // sources take after an earlier registration's.
  std::vector<std::string> new_sources;
  absl::flat_hash_map<std::string, int> first_use;
  for (const UseRow& use : uses) {
    if (first_use.emplace(use.source_id, static_cast<int>(first_use.size()) + 1).second) {
      new_sources.push_back(use.source_id);
    }
  }
  // What a first registration returns: the uses just written, less
  // repeats, by number then use order. No read back.
  const auto written = [&] {
    std::vector<NumberedUse> all;
    for (const UseRow* use : distinct) all.push_back(NumberedUse{first_use[use->source_id], *use});
    std::stable_sort(all.begin(), all.end(),
                     [](const NumberedUse& a, const NumberedUse& b) { return a.number < b.number; });
    return all;
  };
  try {
    {
      pqxx::nontransaction tx(*lease);
      std::vector<int> numbers;
      for (const std::string& source : new_sources) numbers.push_back(first_use[source]);
      const pqxx::result first =
          db::ExecPrepared(tx, "kRegisterFirst", sql::kRegisterFirst, answer, static_cast<int>(style),
                           TextArrayLiteral(new_sources), db::IntArrayLiteral(numbers), passages_array, sources_array,
                           claims_array, verdicts_array, scores_array, missing_numbers_array, missing_terms_array);
      if (!first.empty()) return written();
    }
    // Registered before: merge under the answer's row lock.
    pqxx::work tx(*lease);
    db::ExecPrepared(tx, "kLockAnswer", sql::kLockAnswer, answer, static_cast<int>(style));
    absl::flat_hash_map<std::string, int> numbers;
    int last = 0;
    for (const auto& row : db::ExecPrepared(tx, "kAnswerSources", sql::kAnswerSources, answer)) {
      const int number = row[1].as<int>();
      numbers.emplace(row[0].as<std::string>(), number);
      last = std::max(last, number);
    }
    std::vector<std::string> added_sources;
    std::vector<int> added_numbers;
    for (const std::string& source : new_sources) {
      if (numbers.emplace(source, last + 1).second) {
        ++last;
        added_sources.push_back(source);
        added_numbers.push_back(last);
      }
    }
    if (!added_sources.empty()) {
      db::ExecPrepared(tx, "kInsertAnswerSources", sql::kInsertAnswerSources, answer, TextArrayLiteral(added_sources),
                       db::IntArrayLiteral(added_numbers));
    }
    db::ExecPrepared(tx, "kInsertUses", sql::kInsertUses, answer, passages_array, sources_array, claims_array,
                     verdicts_array, scores_array, missing_numbers_array, missing_terms_array);
    std::vector<NumberedUse> all = ReadUses(tx, answer);
    tx.commit();
    return all;
  } catch (const std::exception& e) {
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) lease.MarkBroken();
    return db::ToStatus(e);
  }
}

absl::StatusOr<CitationStore::AnswerCitations> CitationStore::List(absl::string_view answer_id) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  const std::string answer(answer_id);
  try {
    pqxx::read_transaction tx(*lease);
    AnswerCitations citations;
    const pqxx::result style = tx.exec_params(sql::kAnswerStyle, answer);
    if (!style.empty()) {
      const int value = style[0][0].as<int>();
      if (v1::ReferenceStyle_IsValid(value)) citations.style = static_cast<v1::ReferenceStyle>(value);
    }
    citations.uses = ReadUses(tx, answer);
    return citations;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<std::vector<std::string>> CitationStore::CitingAnswers(absl::string_view source_id,
                                                                      absl::string_view after_answer_id,
                                                                      int limit) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    std::vector<std::string> answers;
    for (const auto& row : tx.exec_params(sql::kCitingAnswers, std::string(source_id),
                                          std::string(after_answer_id), limit)) {
      answers.push_back(row[0].as<std::string>());
    }
    return answers;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<int64_t> CitationStore::LoadCursor(absl::string_view stream) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    const pqxx::result rows = tx.exec_params(sql::kLoadCursor, std::string(stream));
    return rows.empty() ? int64_t{0} : rows[0][0].as<int64_t>();
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::Status CitationStore::SaveCursor(absl::string_view stream, int64_t sequence) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::work tx(*lease);
    tx.exec_params0(sql::kSaveCursor, std::string(stream), sequence);
    tx.exec_params0(sql::kForgetReopened, sequence);
    tx.commit();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::StatusOr<absl::flat_hash_set<std::string>> CitationStore::ReopenedAnswers(int64_t sequence) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::read_transaction tx(*lease);
    absl::flat_hash_set<std::string> answers;
    for (const auto& row : tx.exec_params(sql::kReopenedAnswers, sequence)) answers.insert(row[0].as<std::string>());
    return answers;
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

absl::Status CitationStore::MarkReopened(int64_t sequence, absl::string_view answer_id) {
  ASSIGN_OR_RETURN(db::Lease lease, pool_.Acquire());
  try {
    pqxx::work tx(*lease);
    tx.exec_params0(sql::kMarkReopened, sequence, std::string(answer_id));
    tx.commit();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return db::ToStatus(e);
  }
}

}  // namespace medbrief::citation
