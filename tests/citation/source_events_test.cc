// SourceEventHandler against a real PostgreSQL with fake content and a
// recording ArticleReopener: which events re-open which answers' articles,
// with what reason; NOT_FOUND and FAILED_PRECONDITION are nothing to do;
// handling an event again (at-least-once delivery, a restart before the
// cursor was saved, review down halfway) re-opens nothing twice.

#include "services/citation/source_events.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "citation_migrations.h"
#include "common/db/migrations.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/citation/citation_service.h"
#include "tests/harness/pg_cluster.h"

namespace medbrief::citation {
namespace {

using content::v1::SourceEvent;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class FakeContent : public ContentReader {
 public:
  void Add(const std::string& source_id, const std::string& title, const std::string& passage_id) {
    absl::MutexLock lock(&mu_);
    content::v1::Source& source = sources_[source_id];
    source.set_id(source_id);
    source.set_kind(content::v1::GUIDELINE);
    source.set_title(title);
    content::v1::Passage& passage = passages_[passage_id];
    passage.set_id(passage_id);
    passage.set_source_id(source_id);
    passage.set_text("Somatostatin analogues are first-line therapy.");
  }
  void Rename(const std::string& source_id, const std::string& title) {
    absl::MutexLock lock(&mu_);
    sources_[source_id].set_title(title);
  }
  absl::StatusOr<content::v1::Passage> GetPassage(absl::string_view id, const grpcutil::CallScope&) override {
    absl::MutexLock lock(&mu_);
    auto it = passages_.find(std::string(id));
    if (it == passages_.end()) return absl::NotFoundError("no passage");
    return it->second;
  }
  absl::StatusOr<content::v1::Source> GetSource(absl::string_view id, const grpcutil::CallScope&) override {
    absl::MutexLock lock(&mu_);
    auto it = sources_.find(std::string(id));
    if (it == sources_.end()) return absl::NotFoundError("no source");
    return it->second;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, content::v1::Source> sources_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, content::v1::Passage> passages_ ABSL_GUARDED_BY(mu_);
};

// Records every re-open asked; answers per answer id as scripted (OK by
// default).
class RecordingReopener : public ArticleReopener {
 public:
  absl::Status Reopen(absl::string_view answer_id, absl::string_view reason) override {
    absl::MutexLock lock(&mu_);
    calls_.emplace_back(std::string(answer_id), std::string(reason));
    auto it = script_.find(std::string(answer_id));
    return it == script_.end() ? absl::OkStatus() : it->second;
  }
  void Answer(const std::string& answer_id, absl::Status status) {
    absl::MutexLock lock(&mu_);
    script_[answer_id] = std::move(status);
  }
  std::vector<std::pair<std::string, std::string>> calls() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  std::vector<std::string> answers() const {
    std::vector<std::string> out;
    for (const auto& call : calls()) out.push_back(call.first);
    return out;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<std::pair<std::string, std::string>> calls_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, absl::Status> script_ ABSL_GUARDED_BY(mu_);
};

SourceEvent Event(int64_t sequence, const std::string& source_id, SourceEvent::Type type,
                  content::v1::SourceStatus status, const std::string& reason = "") {
  SourceEvent event;
  event.set_sequence(sequence);
  event.set_source_id(source_id);
  event.set_type(type);
  event.set_status(status);
  event.set_reason(reason);
  return event;
}

class SourceEventsTest : public testing::MigratedPgTest<Migrations> {
 protected:
  SourceEventsTest()
      : store_(*pool_),
        cache_(content_),
        service_(store_, content_, cache_, checker_),
        handler_(store_, cache_, reopener_) {}

  // `answer_id` cites `passage_id`.
  void Cite(const std::string& answer_id, const std::string& passage_id) {
    v1::RegisterCitationsRequest request;
    request.set_answer_id(answer_id);
    v1::Use* use = request.add_uses();
    use->set_passage_id(passage_id);
    use->set_claim("Somatostatin analogues are first-line therapy.");
    auto response = service_.RegisterCitations(request, absl::Now() + absl::Seconds(5));
    ASSERT_TRUE(response.ok()) << response.status();
  }

  FakeContent content_;
  CitationStore store_;
  SourceCache cache_;
  SupportChecker checker_;
  CitationService service_;
  RecordingReopener reopener_;
  SourceEventHandler handler_;
};


TEST_F(SourceEventsTest, RetractedSourceReopensEveryCitingAnswerWithTheReason) {
  content_.Add("src_r1", "NANETS guideline 2017", "p_r1");
  content_.Add("src_r1_other", "ENETS guideline", "p_r1_other");
  Cite("ans-r1-a", "p_r1");
  Cite("ans-r1-b", "p_r1");
  Cite("ans-r1-c", "p_r1_other");
  auto reopened = handler_.Handle(Event(101, "src_r1", SourceEvent::STATUS_CHANGED, content::v1::RETRACTED,
                                        "data fabrication"));
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(*reopened, 2);
  EXPECT_THAT(reopener_.calls(),
              ElementsAre(Pair("ans-r1-a", "cited source \"NANETS guideline 2017\" (src_r1) was retracted: data "
                                           "fabrication"),
                          Pair("ans-r1-b", HasSubstr("was retracted"))));
}

TEST_F(SourceEventsTest, SupersededAndWithdrawnReopenOtherEventsDoNot) {
  content_.Add("src_s1", "Old label", "p_s1");
  Cite("ans-s1", "p_s1");
  for (const SourceEvent& event :
       {Event(201, "src_s1", SourceEvent::CREATED, content::v1::CURRENT),
        Event(202, "src_s1", SourceEvent::UPDATED, content::v1::CURRENT),
        Event(203, "src_s1", SourceEvent::STATUS_CHANGED, content::v1::CURRENT),
        // A content update of an already retracted source is not a new retraction.
        Event(204, "src_s1", SourceEvent::UPDATED, content::v1::RETRACTED)}) {
    auto reopened = handler_.Handle(event);
    ASSERT_TRUE(reopened.ok()) << reopened.status();
    EXPECT_EQ(*reopened, 0);
  }
  EXPECT_THAT(reopener_.calls(), IsEmpty());
  SourceEvent superseded = Event(205, "src_s1", SourceEvent::STATUS_CHANGED, content::v1::SUPERSEDED, "new label");
  superseded.set_superseded_by("src_s2");
  ASSERT_TRUE(handler_.Handle(superseded).ok());
  ASSERT_TRUE(handler_.Handle(Event(206, "src_s1", SourceEvent::STATUS_CHANGED, content::v1::WITHDRAWN)).ok());
  EXPECT_THAT(reopener_.calls(),
              ElementsAre(Pair("ans-s1", "cited source \"Old label\" (src_s1) was superseded by src_s2: new label"),
                          Pair("ans-s1", "cited source \"Old label\" (src_s1) was withdrawn")));
}

TEST_F(SourceEventsTest, HandlingAnEventAgainReopensNothingTwice) {
  content_.Add("src_twice", "Twice", "p_twice");
  Cite("ans-twice-a", "p_twice");
  Cite("ans-twice-b", "p_twice");
  const SourceEvent event = Event(301, "src_twice", SourceEvent::STATUS_CHANGED, content::v1::RETRACTED);
  ASSERT_TRUE(handler_.Handle(event).ok());
  // Delivered again before the cursor moved (a restart, a reconnect).
  auto again = handler_.Handle(event);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  EXPECT_THAT(reopener_.answers(), ElementsAre("ans-twice-a", "ans-twice-b"));
  // Once the cursor passed the event, its marks are forgotten.
  ASSERT_TRUE(store_.SaveCursor("test.stream", 301).ok());
  EXPECT_THAT(*store_.ReopenedAnswers(301), IsEmpty());
  EXPECT_EQ(*store_.LoadCursor("test.stream"), 301);
  ASSERT_TRUE(store_.SaveCursor("test.stream", 12).ok());  // never back
  EXPECT_EQ(*store_.LoadCursor("test.stream"), 301);
}

TEST_F(SourceEventsTest, ReviewUnavailableHalfwayResumesWithTheRest) {
  content_.Add("src_half", "Half", "p_half");
  Cite("ans-half-a", "p_half");
  Cite("ans-half-b", "p_half");
  Cite("ans-half-c", "p_half");
  reopener_.Answer("ans-half-b", absl::UnavailableError("review is down"));
  const SourceEvent event = Event(401, "src_half", SourceEvent::STATUS_CHANGED, content::v1::WITHDRAWN);
  EXPECT_EQ(handler_.Handle(event).status().code(), absl::StatusCode::kUnavailable);
  reopener_.Answer("ans-half-b", absl::OkStatus());
  auto retried = handler_.Handle(event);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(*retried, 2);
  EXPECT_THAT(reopener_.answers(), ElementsAre("ans-half-a", "ans-half-b", "ans-half-b", "ans-half-c"));
}

TEST_F(SourceEventsTest, NoArticleOrAFinalOneIsNothingToDo) {
  content_.Add("src_none", "None", "p_none");
  Cite("ans-none-unsubmitted", "p_none");
  Cite("ans-none-rejected", "p_none");
  Cite("ans-none-ok", "p_none");
  reopener_.Answer("ans-none-unsubmitted", absl::NotFoundError("no article for answer"));
  reopener_.Answer("ans-none-rejected", absl::FailedPreconditionError("article is REJECTED"));
  auto reopened = handler_.Handle(Event(501, "src_none", SourceEvent::STATUS_CHANGED, content::v1::RETRACTED));
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(*reopened, 1);
  EXPECT_THAT(reopener_.answers(), UnorderedElementsAre("ans-none-unsubmitted", "ans-none-rejected", "ans-none-ok"));
}

TEST_F(SourceEventsTest, AnEventDropsTheCachedSource) {
  content_.Add("src_cache", "Before", "p_cache");
  Cite("ans-cache", "p_cache");
  const auto get = [&] { return *cache_.Get("src_cache", absl::Now() + absl::Seconds(1)); };
  const auto reference = [&] {
    absl::StatusOr<std::string> text = get()->Reference(v1::AMA);
    return text.ok() ? *text : text.status().ToString();
  };
  ASSERT_EQ(get()->source().title(), "Before");
  ASSERT_THAT(reference(), HasSubstr("Before."));
  content_.Rename("src_cache", "After");
  EXPECT_EQ(get()->source().title(), "Before");
  ASSERT_TRUE(handler_.Handle(Event(601, "src_cache", SourceEvent::UPDATED, content::v1::CURRENT)).ok());
  EXPECT_EQ(get()->source().title(), "After");
  // The formatted reference went with the old metadata.
  EXPECT_THAT(reference(), HasSubstr("After."));
  EXPECT_THAT(reference(), Not(HasSubstr("Before")));
}

TEST(ReasonTest, IsCutToWhatReviewAccepts) {
  const SourceEvent event = Event(1, "src_x", SourceEvent::STATUS_CHANGED, content::v1::RETRACTED,
                                  std::string(3000, 'r'));
  std::string title;
  for (int i = 0; i < 2000; ++i) title += "é";
  const std::string reason = SourceEventHandler::ReasonFor(event, title);
  size_t chars = 0;
  for (unsigned char c : reason) chars += (c & 0xC0) != 0x80;
  EXPECT_EQ(chars, kMaxReasonChars);
  EXPECT_TRUE(absl::StartsWith(reason, "cited source \"é"));
}

}  // namespace
}  // namespace medbrief::citation
