// CitationService against a real PostgreSQL (the harness) with a fake
// content service: numbering properties (first use, one number per source,
// stable on repeat, append, concurrent registrations), support verdicts,
// styles, paging of citing answers, bad input, and content down writing
// nothing. Also the source cache and the retry helper.

#include "services/citation/citation_service.h"

#include <pqxx/pqxx>

#include <map>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "citation_migrations.h"
#include "common/db/migrations.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/citation/styles.h"
#include "tests/harness/pg_cluster.h"

namespace medbrief::citation {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Content as a map, which can be taken down.
class FakeContent : public ContentReader {
 public:
  void Add(const content::v1::Source& source, const std::vector<content::v1::Passage>& passages) {
    absl::MutexLock lock(&mu_);
    sources_[source.id()] = source;
    for (const auto& passage : passages) passages_[passage.id()] = passage;
  }
  void SetDown(bool down) {
    absl::MutexLock lock(&mu_);
    down_ = down;
  }
  int source_calls() const {
    absl::MutexLock lock(&mu_);
    return source_calls_;
  }

  absl::StatusOr<content::v1::Passage> GetPassage(absl::string_view id, const grpcutil::CallScope&) override {
    absl::MutexLock lock(&mu_);
    if (down_) return absl::UnavailableError("content is down");
    auto it = passages_.find(std::string(id));
    if (it == passages_.end()) return absl::NotFoundError(absl::StrCat("passage ", id, " not found"));
    return it->second;
  }
  absl::StatusOr<content::v1::Source> GetSource(absl::string_view id, const grpcutil::CallScope&) override {
    absl::MutexLock lock(&mu_);
    ++source_calls_;
    if (down_) return absl::UnavailableError("content is down");
    auto it = sources_.find(std::string(id));
    if (it == sources_.end()) return absl::NotFoundError(absl::StrCat("source ", id, " not found"));
    return it->second;
  }

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, content::v1::Source> sources_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, content::v1::Passage> passages_ ABSL_GUARDED_BY(mu_);
  bool down_ ABSL_GUARDED_BY(mu_) = false;
  int source_calls_ ABSL_GUARDED_BY(mu_) = 0;
};

content::v1::Source MakeSource(const std::string& id, const std::string& title) {
  content::v1::Source source;
  source.set_id(id);
  source.set_kind(content::v1::RESEARCH);
  source.set_title(title);
  source.add_authors("Smith J");
  source.add_authors("Jones K");
  source.set_journal("N Engl J Med");
  source.set_published_date("2021-05-04");
  source.set_volume("384");
  source.set_pages("1801-1810");
  source.mutable_identifiers()->set_doi("10.1056/" + id);
  source.add_sections()->set_text("dropped from the cache");
  return source;
}

content::v1::Passage MakePassage(const std::string& id, const std::string& source_id, const std::string& text) {
  content::v1::Passage passage;
  passage.set_id(id);
  passage.set_source_id(source_id);
  passage.set_text(text);
  return passage;
}

v1::Use MakeUse(const std::string& passage_id, const std::string& claim) {
  v1::Use use;
  use.set_passage_id(passage_id);
  use.set_claim(claim);
  return use;
}

v1::RegisterCitationsRequest Request(const std::string& answer_id, const std::vector<v1::Use>& uses,
                                     v1::ReferenceStyle style = v1::REFERENCE_STYLE_UNSPECIFIED) {
  v1::RegisterCitationsRequest request;
  request.set_answer_id(answer_id);
  for (const auto& use : uses) *request.add_uses() = use;
  request.set_style(style);
  return request;
}

// (number, source_id) of each citation.
std::vector<std::pair<int, std::string>> Numbers(const google::protobuf::RepeatedPtrField<v1::Citation>& citations) {
  std::vector<std::pair<int, std::string>> out;
  for (const auto& citation : citations) out.emplace_back(citation.number(), citation.source_id());
  return out;
}

class CitationServiceTest : public testing::MigratedPgTest<Migrations, 16> {
 protected:
  CitationServiceTest() : store_(*pool_), cache_(content_), service_(store_, content_, cache_, checker_) {
    // Three sources: A with two passages, B and C with one each.
    content_.Add(MakeSource("src_a", "Everolimus in advanced neuroendocrine tumours"),
                 {MakePassage("pa1", "src_a", "Everolimus 10 mg daily prolonged progression-free survival."),
                  MakePassage("pa2", "src_a", "Stomatitis was the most common adverse event.")});
    content_.Add(MakeSource("src_b", "Lanreotide in enteropancreatic neuroendocrine tumours"),
                 {MakePassage("pb1", "src_b", "Lanreotide 120 mg every 28 days prolonged progression-free survival.")});
    content_.Add(MakeSource("src_c", "Sunitinib for pancreatic neuroendocrine tumours"),
                 {MakePassage("pc1", "src_c", "Sunitinib 37.5 mg daily improved progression-free survival.")});
  }

  absl::Time Deadline() const { return absl::Now() + absl::Seconds(5); }

  absl::StatusOr<v1::RegisterCitationsResponse> Register(const v1::RegisterCitationsRequest& request) {
    return service_.RegisterCitations(request, Deadline());
  }

  v1::ListCitationsResponse List(const std::string& answer_id) {
    v1::ListCitationsRequest request;
    request.set_answer_id(answer_id);
    auto response = service_.ListCitations(request, Deadline());
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : v1::ListCitationsResponse();
  }

  // Rows written for an answer, whatever the service says.
  // Registers `request` twice: the second registration answers exactly as
  // the first (the first answers from what it wrote, the second reads back).
  void ExpectTheSameTwice(const v1::RegisterCitationsRequest& request) {
    auto first = Register(request);
    ASSERT_TRUE(first.ok()) << first.status();
    auto second = Register(request);
    ASSERT_TRUE(second.ok()) << second.status();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*first, *second))
        << first->DebugString() << "\n---\n" << second->DebugString();
  }

  static int StoredUses(const std::string& answer_id) {
    pqxx::connection conn(dsn());
    pqxx::nontransaction tx(conn);
    return tx.exec_params1("SELECT count(*) FROM citation.citation_uses WHERE answer_id = $1", answer_id)[0]
        .as<int>();
  }

  FakeContent content_;
  CitationStore store_;
  SourceCache cache_;
  SupportChecker checker_;
  CitationService service_;
};


TEST_F(CitationServiceTest, NumbersByFirstUseOneNumberPerSource) {
  auto response = Register(Request("ans-first-use", {MakeUse("pb1", "Lanreotide prolonged progression-free survival."),
                                                     MakeUse("pa1", "Everolimus 10 mg daily prolonged survival."),
                                                     MakeUse("pb1", "Lanreotide 120 mg every 28 days."),
                                                     MakeUse("pa2", "Stomatitis was common."),
                                                     MakeUse("pc1", "Sunitinib improved progression-free survival.")}));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(Numbers(response->citations()),
              ElementsAre(std::pair(1, std::string("src_b")), std::pair(2, std::string("src_a")),
                          std::pair(3, std::string("src_c"))));
  // Several passages of one source share its number, in first-use order; one
  // support verdict per use, in use order.
  const v1::Citation& b = response->citations(0);
  EXPECT_THAT(b.passage_ids(), ElementsAre("pb1"));
  ASSERT_EQ(b.support_size(), 2);
  EXPECT_EQ(b.support(0).claim(), "Lanreotide prolonged progression-free survival.");
  EXPECT_EQ(b.support(1).claim(), "Lanreotide 120 mg every 28 days.");
  const v1::Citation& a = response->citations(1);
  EXPECT_THAT(a.passage_ids(), ElementsAre("pa1", "pa2"));
  ASSERT_EQ(a.support_size(), 2);
  EXPECT_EQ(a.support(0).passage_id(), "pa1");
  EXPECT_EQ(a.support(1).passage_id(), "pa2");
}

TEST_F(CitationServiceTest, RepeatingTheSameUsesChangesNothing) {
  ExpectTheSameTwice(Request("ans-repeat", {MakeUse("pa1", "Everolimus prolonged survival."),
                                             MakeUse("pc1", "Sunitinib improved survival."),
                                             MakeUse("pa2", "Stomatitis was common.")}));
  EXPECT_EQ(StoredUses("ans-repeat"), 3);
  // A use repeated within one request is one use.
  auto doubled = Register(Request("ans-repeat", {MakeUse("pa1", "Everolimus prolonged survival."),
                                                 MakeUse("pa1", "Everolimus prolonged survival.")}));
  ASSERT_TRUE(doubled.ok()) << doubled.status();
  EXPECT_EQ(StoredUses("ans-repeat"), 3);
}

TEST_F(CitationServiceTest, AFirstRegistrationAnswersWhatIsReadBackLater) {
  // The first registration answers from what it wrote, later ones read the
  // database back: both must agree, repeats and awkward text included.
  ExpectTheSameTwice(Request("ans-first", {MakeUse("pb1", "Lanreotide \"120 mg\", {every} 28 days\\."),
                                            MakeUse("pa1", "Everolimus 10 mg daily, NULL changes."),
                                            MakeUse("pb1", "Lanreotide \"120 mg\", {every} 28 days\\."),
                                            MakeUse("pa2", "Stomatitis (grade 3) was common.")}));
  EXPECT_EQ(StoredUses("ans-first"), 3);
}

TEST_F(CitationServiceTest, NewUsesAppendAndNumberedSourcesKeepTheirNumbers) {
  ASSERT_TRUE(Register(Request("ans-append", {MakeUse("pc1", "Sunitinib improved survival.")})).ok());
  auto response = Register(Request("ans-append", {MakeUse("pa1", "Everolimus prolonged survival."),
                                                  MakeUse("pc1", "Sunitinib improved survival."),
                                                  MakeUse("pb1", "Lanreotide prolonged survival."),
                                                  MakeUse("pc1", "Sunitinib 37.5 mg daily.")}));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(Numbers(response->citations()),
              ElementsAre(std::pair(1, std::string("src_c")), std::pair(2, std::string("src_a")),
                          std::pair(3, std::string("src_b"))));
  // c's uses: the first registration's, then the new one; the repeat is not doubled.
  const v1::Citation& c = response->citations(0);
  ASSERT_EQ(c.support_size(), 2);
  EXPECT_EQ(c.support(0).claim(), "Sunitinib improved survival.");
  EXPECT_EQ(c.support(1).claim(), "Sunitinib 37.5 mg daily.");
  // ListCitations gives the same.
  const v1::ListCitationsResponse listed = List("ans-append");
  EXPECT_THAT(Numbers(listed.citations()), Numbers(response->citations()));
}

TEST_F(CitationServiceTest, ConcurrentRegistrationsNeitherDuplicateNorSkipNumbers) {
  constexpr int kSources = 12;
  for (int i = 0; i < kSources; ++i) {
    const std::string id = absl::StrCat("src_conc_", i);
    content_.Add(MakeSource(id, absl::StrCat("Trial ", i)), {MakePassage(absl::StrCat("pconc", i), id, "Text.")});
  }
  // Each thread registers its own source and the shared one, for one answer.
  std::vector<std::thread> threads;
  std::vector<absl::Status> results(kSources);
  for (int i = 0; i < kSources; ++i) {
    threads.emplace_back([&, i] {
      results[i] = Register(Request("ans-concurrent", {MakeUse(absl::StrCat("pconc", i), "Text."),
                                                       MakeUse("pconc0", "Text.")}))
                       .status();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const absl::Status& status : results) EXPECT_TRUE(status.ok()) << status;
  const v1::ListCitationsResponse listed = List("ans-concurrent");
  ASSERT_EQ(listed.citations_size(), kSources);
  std::set<std::string> sources;
  for (int i = 0; i < kSources; ++i) {
    EXPECT_EQ(listed.citations(i).number(), i + 1);  // dense, 1..n, none twice
    sources.insert(listed.citations(i).source_id());
  }
  EXPECT_EQ(sources.size(), static_cast<size_t>(kSources));
}

TEST_F(CitationServiceTest, SupportVerdictsAreAttachedToEachUse) {
  auto response = Register(Request("ans-support", {MakeUse("pb1", "Lanreotide 120 mg every 28 days prolonged "
                                                                  "progression-free survival."),
                                                   MakeUse("pb1", "Lanreotide 90 mg every 28 days prolonged "
                                                                  "progression-free survival.")}));
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->citations_size(), 1);
  const v1::Citation& b = response->citations(0);
  ASSERT_EQ(b.support_size(), 2);
  EXPECT_EQ(b.support(0).verdict(), v1::SUPPORTED);
  EXPECT_EQ(b.support(1).verdict(), v1::UNSUPPORTED);
  EXPECT_THAT(b.support(1).missing_numbers(), ElementsAre("90 mg"));
  // The same verdict as CheckSupport, and as the library.
  v1::CheckSupportRequest check;
  check.set_claim(b.support(1).claim());
  check.set_passage_id("pb1");
  auto checked = service_.CheckSupport(check, Deadline());
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->verdict(), v1::UNSUPPORTED);
  EXPECT_EQ(checked->passage_id(), "pb1");
  EXPECT_THAT(checked->missing_numbers(), ElementsAre("90 mg"));
  EXPECT_DOUBLE_EQ(checked->score(), b.support(1).score());
}

TEST_F(CitationServiceTest, AClaimKeptFromOneCheckIsJudgedAfreshAgainstAnotherPassage) {
  // The claim's analysis is kept by its text, and each verdict by passage
  // and claim; the verdict is still the passage's, in one request and in
  // the next (when it comes from what was kept).
  const std::string claim = "Everolimus 10 mg daily prolonged progression-free survival.";
  for (const char* answer : {"ans-claim-1", "ans-claim-2"}) {
    auto response = Register(Request(answer, {MakeUse("pa1", claim), MakeUse("pb1", claim)}));
    ASSERT_TRUE(response.ok()) << response.status();
    ASSERT_EQ(response->citations_size(), 2) << answer;
    EXPECT_EQ(response->citations(0).support(0).verdict(), v1::SUPPORTED) << answer;
    EXPECT_EQ(response->citations(1).support(0).verdict(), v1::UNSUPPORTED) << answer;
    EXPECT_THAT(response->citations(1).support(0).missing_numbers(), ElementsAre("10 mg daily")) << answer;
  }
}

TEST_F(CitationServiceTest, FormattedInTheRequestedStyleAndListedInTheLastOne) {
  auto response = Register(Request("ans-style", {MakeUse("pa1", "Everolimus prolonged survival.")}, v1::VANCOUVER));
  ASSERT_TRUE(response.ok()) << response.status();
  content::v1::Source source = MakeSource("src_a", "Everolimus in advanced neuroendocrine tumours");
  EXPECT_EQ(response->citations(0).formatted(), *citation::FormatReference(source, v1::VANCOUVER));
  EXPECT_EQ(response->citations(0).url(), "https://doi.org/10.1056/src_a");
  EXPECT_EQ(List("ans-style").citations(0).formatted(), *citation::FormatReference(source, v1::VANCOUVER));
  ASSERT_TRUE(Register(Request("ans-style", {MakeUse("pa1", "Everolimus prolonged survival.")}, v1::RIS)).ok());
  EXPECT_EQ(List("ans-style").citations(0).formatted(), *citation::FormatReference(source, v1::RIS));
  // Unspecified means AMA.
  ASSERT_TRUE(Register(Request("ans-style", {MakeUse("pa1", "Everolimus prolonged survival.")})).ok());
  EXPECT_EQ(List("ans-style").citations(0).formatted(), *citation::FormatReference(source, v1::AMA));

  v1::FormatReferenceRequest format;
  format.set_source_id("src_a");
  format.set_style(v1::BIBTEX);
  auto text = service_.FormatReference(format, Deadline());
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->text(), *citation::FormatReference(source, v1::BIBTEX));
}

TEST_F(CitationServiceTest, ClaimsLongerThanABtreeEntryAreStored) {
  // 2,000 characters, over 2,900 bytes of UTF-8 and nearly incompressible:
  // the old unique index on the claim itself refused such a row (checked
  // with 0001 alone: "index row size ... exceeds btree version 4 maximum"). Two claims sharing a long prefix stay
  // distinct uses.
  // Letters in a pseudo-random order, so that PostgreSQL cannot compress
  // the entry under the limit.
  const std::vector<std::string> letters = {"a", "b", "c", "d", "e", "f", "g", "h", "k", "m", "n", "p", "r", "s",
                                            "t", "u", "w", "y", "z", "é", "ü", "日", "本", "語", "→", "≥", "±",
                                            "µ", " "};
  std::string claim;
  uint32_t state = 12345;
  for (int i = 0; i < 1999; ++i) {
    state = state * 1103515245u + 12345u;
    claim += letters[(state >> 16) % letters.size()];
  }
  auto response =
      Register(Request("ans-long-claim", {MakeUse("pa1", claim + "a"), MakeUse("pa1", claim + "b")}));
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->citations(0).support_size(), 2);
  EXPECT_EQ(response->citations(0).support(1).claim(), claim + "b");
  EXPECT_EQ(StoredUses("ans-long-claim"), 2);
  EXPECT_GT(claim.size(), 2800u);  // over the btree limit of 2,704 bytes
  ASSERT_TRUE(Register(Request("ans-long-claim", {MakeUse("pa1", claim + "b")})).ok());
  EXPECT_EQ(StoredUses("ans-long-claim"), 2);
}

TEST_F(CitationServiceTest, BadInputIsInvalidArgumentNamingTheFieldAndWritesNothing) {
  const auto code_and_message = [&](const v1::RegisterCitationsRequest& request) {
    const absl::Status status = Register(request).status();
    return std::pair(status.code(), std::string(status.message()));
  };
  const v1::Use good = MakeUse("pa1", "Everolimus prolonged survival.");
  const auto invalid = [](const std::string& field) {
    return ::testing::Pair(absl::StatusCode::kInvalidArgument, ::testing::StartsWith(field + ":"));
  };
  EXPECT_THAT(code_and_message(Request("", {good})), invalid("answer_id"));
  EXPECT_THAT(code_and_message(Request(std::string(129, 'a'), {good})), invalid("answer_id"));
  EXPECT_THAT(code_and_message(Request("ans-bad", {})), invalid("uses"));
  EXPECT_THAT(code_and_message(Request("ans-bad", std::vector<v1::Use>(201, good))), invalid("uses"));
  EXPECT_THAT(code_and_message(Request("ans-bad", {good, MakeUse("pa1", "")})), invalid("uses[1].claim"));
  EXPECT_THAT(code_and_message(Request("ans-bad", {good, MakeUse("pa1", " \t ")})), invalid("uses[1].claim"));
  EXPECT_THAT(code_and_message(Request("ans-bad", {MakeUse("pa1", std::string(2001, 'x'))})),
              invalid("uses[0].claim"));
  EXPECT_THAT(code_and_message(Request("ans-bad", {MakeUse("pa1", "bad \xff utf-8")})), invalid("uses[0].claim"));
  EXPECT_THAT(code_and_message(Request("ans-bad", {MakeUse("pa1", std::string("a\0b", 3))})),
              invalid("uses[0].claim"));
  EXPECT_THAT(code_and_message(Request("ans-bad", {MakeUse("", "x")})), invalid("uses[0].passage_id"));
  EXPECT_THAT(code_and_message(Request("ans-bad", {good}, static_cast<v1::ReferenceStyle>(99))), invalid("style"));
  // 200 uses are fine.
  EXPECT_TRUE(Register(Request("ans-200", std::vector<v1::Use>(200, good))).ok());

  // An unknown passage: NOT_FOUND naming the field and the passage.
  const auto [code, message] = code_and_message(Request("ans-bad", {good, MakeUse("p-nope", "x")}));
  EXPECT_EQ(code, absl::StatusCode::kNotFound);
  EXPECT_THAT(message, HasSubstr("uses[1].passage_id"));
  EXPECT_THAT(message, HasSubstr("p-nope"));
  EXPECT_EQ(StoredUses("ans-bad"), 0);
  EXPECT_EQ(List("ans-bad").citations_size(), 0);

  v1::FormatReferenceRequest format;
  format.set_source_id("src_nope");
  EXPECT_EQ(service_.FormatReference(format, Deadline()).status().code(), absl::StatusCode::kNotFound);
  format.set_source_id("src_a");
  format.set_style(static_cast<v1::ReferenceStyle>(-1));
  EXPECT_THAT(std::string(service_.FormatReference(format, Deadline()).status().message()), HasSubstr("style"));
  v1::CheckSupportRequest check;
  check.set_passage_id("pa1");
  EXPECT_THAT(std::string(service_.CheckSupport(check, Deadline()).status().message()), HasSubstr("claim"));
  check.set_claim("Everolimus.");
  check.set_passage_id("p-nope");
  const absl::Status unknown = service_.CheckSupport(check, Deadline()).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(unknown.message()), HasSubstr("passage_id"));
  v1::ListCitationsRequest list;
  EXPECT_EQ(service_.ListCitations(list, Deadline()).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(CitationServiceTest, ContentDownIsUnavailableAndWritesNothing) {
  content_.SetDown(true);
  const absl::Status status =
      Register(Request("ans-down", {MakeUse("pa1", "Everolimus prolonged survival.")})).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  content_.SetDown(false);
  EXPECT_EQ(StoredUses("ans-down"), 0);
  EXPECT_EQ(List("ans-down").citations_size(), 0);
}

TEST_F(CitationServiceTest, CitingAnswersArePagedInIdOrder) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(Register(Request(absl::StrCat("ans-cite-", i), {MakeUse("pc1", "Sunitinib.")})).ok());
  }
  // One that cites another source only.
  ASSERT_TRUE(Register(Request("ans-cite-other", {MakeUse("pa1", "Everolimus.")})).ok());
  v1::ListCitingAnswersRequest request;
  request.set_source_id("src_c");
  request.set_page_size(3);
  std::vector<std::string> seen;
  int pages = 0;
  do {
    auto page = service_.ListCitingAnswers(request);
    ASSERT_TRUE(page.ok()) << page.status();
    ++pages;
    for (const auto& id : page->answer_ids()) {
      if (absl::StartsWith(id, "ans-cite")) seen.push_back(id);
    }
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty() && pages < 20);
  EXPECT_THAT(seen, ElementsAre("ans-cite-0", "ans-cite-1", "ans-cite-2", "ans-cite-3", "ans-cite-4", "ans-cite-5",
                                "ans-cite-6"));

  request.set_page_token("not-a-token");
  EXPECT_THAT(std::string(service_.ListCitingAnswers(request).status().message()), HasSubstr("page_token"));
  request.clear_page_token();
  request.set_page_size(501);
  EXPECT_THAT(std::string(service_.ListCitingAnswers(request).status().message()), HasSubstr("page_size"));
  request.set_page_size(0);
  request.set_source_id("src_never_cited");
  auto none = service_.ListCitingAnswers(request);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->answer_ids_size(), 0);
  EXPECT_TRUE(none->next_page_token().empty());
}

TEST_F(CitationServiceTest, SourceCacheIsBoundedAndInvalidated) {
  SourceCache cache(content_, SourceCacheOptions{2, absl::Hours(1)});
  const int before = content_.source_calls();
  ASSERT_TRUE(cache.Get("src_a", Deadline()).ok());
  auto cached = cache.Get("src_a", Deadline());
  ASSERT_TRUE(cached.ok());
  EXPECT_EQ((*cached)->source().sections_size(), 0);  // metadata only
  EXPECT_EQ(content_.source_calls(), before + 1);
  cache.Invalidate("src_a");
  ASSERT_TRUE(cache.Get("src_a", Deadline()).ok());
  EXPECT_EQ(content_.source_calls(), before + 2);
  ASSERT_TRUE(cache.Get("src_b", Deadline()).ok());
  ASSERT_TRUE(cache.Get("src_c", Deadline()).ok());
  EXPECT_EQ(cache.size(), 2u);
  // a was least recently used: gone; c is still there.
  ASSERT_TRUE(cache.Get("src_c", Deadline()).ok());
  EXPECT_EQ(content_.source_calls(), before + 4);
  ASSERT_TRUE(cache.Get("src_a", Deadline()).ok());
  EXPECT_EQ(content_.source_calls(), before + 5);
  // Errors are not cached.
  EXPECT_EQ(cache.Get("src_nope", Deadline()).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CitationServiceTest, ACachedSourceFormatsTheSameReferenceForEveryThread) {
  SourceCache cache(content_, SourceCacheOptions{10, absl::Hours(1)});
  auto cached = cache.Get("src_a", Deadline());
  ASSERT_TRUE(cached.ok()) << cached.status();
  const SourcePtr source = *cached;
  constexpr int kThreads = 8;
  std::vector<std::string> seen(kThreads * 2);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int style = 0; style < 2; ++style) {
        absl::StatusOr<std::string> text = source->Reference(style == 0 ? v1::AMA : v1::VANCOUVER);
        seen[t * 2 + style] = text.ok() ? *text : text.status().ToString();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int style = 0; style < 2; ++style) {
    const v1::ReferenceStyle which = style == 0 ? v1::AMA : v1::VANCOUVER;
    const absl::StatusOr<std::string> direct = FormatReference(source->source(), which);
    ASSERT_TRUE(direct.ok()) << direct.status();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(seen[t * 2 + style], *direct) << t;
  }
  EXPECT_NE(seen[0], seen[1]);  // each style its own
}

TEST(RetryUnavailableTest, RetriesUnavailableOnlyAndGivesUpAtTheDeadline) {
  RetryOptions options;
  options.first_backoff = absl::Milliseconds(1);
  int calls = 0;
  absl::Status status = RetryUnavailable(options, absl::Now() + absl::Seconds(30), [&](absl::Time) {
    return ++calls < 3 ? absl::UnavailableError("down") : absl::OkStatus();
  });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(calls, 3);
  calls = 0;
  status = RetryUnavailable(options, absl::Now() + absl::Seconds(30), [&](absl::Time) {
    ++calls;
    return absl::NotFoundError("no");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(calls, 1);
  status = RetryUnavailable(options, absl::Now() + absl::Milliseconds(50),
                            [&](absl::Time) { return absl::DeadlineExceededError("slow"); });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  // At most max_attempts calls, however far the deadline.
  calls = 0;
  status = RetryUnavailable(options, absl::Now() + absl::Hours(1), [&](absl::Time) {
    ++calls;
    return absl::UnavailableError("down");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, options.max_attempts);
}

}  // namespace
}  // namespace medbrief::citation
