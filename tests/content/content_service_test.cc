// ContentService against the real PostgreSQL harness: idempotent creation,
// versions, status changes with etags, paging, search, imports, and an index
// that equals a rebuild from the database.

#include "services/content/content_service.h"

#include <fstream>
#include <sstream>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/db/migrations.h"
#include "content_migrations.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/harness/pg_cluster.h"

namespace medbrief::content {
namespace {

using ::testing::HasSubstr;

v1::Source MakeSource(const std::string& external_id, const std::string& text,
                      v1::SourceKind kind = v1::GUIDELINE, const std::string& title = "Guideline") {
  v1::Source s;
  s.set_external_id(external_id);
  s.set_kind(kind);
  s.set_title(title);
  s.set_issuer("Test Society");
  s.set_published_date("2022-03");
  auto* section = s.add_sections();
  section->set_heading("Recommendations");
  section->set_text(text);
  return s;
}

class ContentServiceTest : public testing::MigratedPgTest<Migrations> {
 protected:
  ContentServiceTest() : store_(*pool_), index_(analyzer_), service_(store_, index_, analyzer_, text::Abbreviations::Builtin()) {}

  std::vector<std::string> SearchIds(const std::string& query, bool include_inactive = false) {
    v1::SearchRequest request;
    request.set_query(query);
    request.set_include_inactive(include_inactive);
    auto response = service_.Search(request);
    EXPECT_TRUE(response.ok()) << response.status();
    std::vector<std::string> ids;
    if (response.ok()) {
      for (const auto& hit : response->hits()) ids.push_back(hit.source_id());
    }
    return ids;
  }

  text::Analyzer analyzer_;
  SourceStore store_;
  search::SearchIndex index_;
  ContentService service_;
};


TEST_F(ContentServiceTest, CreateIsIdempotentAndChangesMakeVersions) {
  auto first = service_.CreateSource(MakeSource("t:idem", "Lanreotide 120 mg every 4 weeks."));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->kind, WriteKind::kCreated);
  EXPECT_EQ(first->source.status(), v1::CURRENT);
  EXPECT_EQ(first->source.id(), SourceIdFor("t:idem"));

  auto again = service_.CreateSource(MakeSource("t:idem", "Lanreotide 120 mg every 4 weeks."));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->kind, WriteKind::kUnchanged);
  EXPECT_EQ(again->source.etag(), first->source.etag());

  const std::vector<v1::Passage> old_passages = PassagesOf(first->source);
  auto changed = service_.CreateSource(MakeSource("t:idem", "Lanreotide 120 mg every 28 days."));
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->kind, WriteKind::kUpdated);
  EXPECT_NE(changed->source.etag(), first->source.etag());
  EXPECT_EQ(changed->source.sections(0).text(), "Lanreotide 120 mg every 28 days.");
  // The old passage still resolves (answers cite it), but search finds the new text.
  auto old_passage = service_.GetPassage(old_passages[0].id());
  ASSERT_TRUE(old_passage.ok()) << old_passage.status();
  EXPECT_EQ(old_passage->text(), "Lanreotide 120 mg every 4 weeks.");
  v1::SearchRequest request;
  request.set_query("lanreotide days");
  auto hits = service_.Search(request);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->hits_size(), 1);
  EXPECT_EQ(hits->hits(0).passage().text(), "Lanreotide 120 mg every 28 days.");

  auto events = store_.EventsAfter(0, 100);
  ASSERT_TRUE(events.ok());
  int created = 0, updated = 0;
  for (const auto& stored : *events) {
    const v1::SourceEvent& e = stored.event;
    if (e.source_id() != first->source.id()) continue;
    created += e.type() == v1::SourceEvent::CREATED;
    updated += e.type() == v1::SourceEvent::UPDATED;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(updated, 1);
}

TEST_F(ContentServiceTest, RevertingRevivesTheOldPassagesUnderTheirIds) {
  auto first = service_.CreateSource(MakeSource("t:revert", "Octreotide LAR 30 mg every 4 weeks."));
  ASSERT_TRUE(first.ok()) << first.status();
  const std::vector<v1::Passage> passages = PassagesOf(first->source);
  ASSERT_TRUE(service_.CreateSource(MakeSource("t:revert", "Octreotide LAR 20 mg every 4 weeks.")).ok());
  auto reverted = service_.CreateSource(MakeSource("t:revert", "Octreotide LAR 30 mg every 4 weeks."));
  ASSERT_TRUE(reverted.ok()) << reverted.status();
  EXPECT_EQ(reverted->kind, WriteKind::kUpdated);
  EXPECT_EQ(reverted->source.etag(), EtagOf(3));

  auto current = store_.PassagesOf(first->source.id());
  ASSERT_TRUE(current.ok()) << current.status();
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ(current->front().passage.id(), passages[0].id());
  EXPECT_EQ(current->front().revision, 3);
  v1::SearchRequest request;
  request.set_query("octreotide");
  auto hits = service_.Search(request);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->hits_size(), 1);
  EXPECT_EQ(hits->hits(0).passage().id(), passages[0].id());
}

TEST_F(ContentServiceTest, AwkwardTextRoundTripsExactly) {
  // Tabs, newlines, backslashes, quotes, braces and "\N" must survive COPY
  // and array literals unchanged.
  const std::string awkward = "Dose\tlevel \\N {a,b} \"q\" 'x' \\ end\\";
  v1::Source source = MakeSource("t:awkward", "First line.\n\tIndented\tline with \\backslash\\ and ü.");
  source.set_title("Title with\ttab, \"quotes\" and \\N");
  source.add_authors("O'Brien, \"Jr\" {x}");
  source.add_authors("\\N");
  source.add_mesh_terms(awkward);
  auto* second = source.add_sections();
  second->set_heading(awkward);
  second->set_code("34068-7");
  second->set_text("Second section, 37.5 mg daily.");
  auto created = service_.CreateSource(source);
  ASSERT_TRUE(created.ok()) << created.status();
  auto read = service_.GetSource(created->source.id());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->title(), source.title());
  EXPECT_THAT(read->authors(), ::testing::ElementsAre("O'Brien, \"Jr\" {x}", "\\N"));
  EXPECT_THAT(read->mesh_terms(), ::testing::ElementsAre(awkward));
  ASSERT_EQ(read->sections_size(), 2);
  EXPECT_EQ(read->sections(0).text(), source.sections(0).text());
  EXPECT_EQ(read->sections(1).heading(), awkward);
  EXPECT_EQ(read->sections(1).code(), "34068-7");
  for (const v1::Passage& p : PassagesOf(read.value())) {
    auto stored = service_.GetPassage(p.id());
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->text(), p.text());
    EXPECT_EQ(stored->section_heading(), p.section_heading());
  }
}

TEST_F(ContentServiceTest, BadSourcesNameTheField) {
  const auto error = [&](v1::Source s) { return std::string(service_.CreateSource(std::move(s)).status().message()); };
  v1::Source s = MakeSource("t:bad", "text");
  s.set_external_id("");
  EXPECT_THAT(error(s), HasSubstr("source.external_id"));
  s = MakeSource("t:bad", "text");
  s.set_kind(v1::SOURCE_KIND_UNSPECIFIED);
  EXPECT_THAT(error(s), HasSubstr("source.kind"));
  s = MakeSource("t:bad", "text");
  s.set_kind(static_cast<v1::SourceKind>(42));
  EXPECT_THAT(error(s), HasSubstr("source.kind"));
  s = MakeSource("t:bad", "text");
  s.set_title(std::string(1001, 'x'));
  EXPECT_THAT(error(s), HasSubstr("source.title"));
  s = MakeSource("t:bad", "text");
  s.set_published_date("2022-13");
  EXPECT_THAT(error(s), HasSubstr("source.published_date"));
  s = MakeSource("t:bad", "");
  EXPECT_THAT(error(s), HasSubstr("source.sections[0].text"));
  s = MakeSource("t:bad", "bad \xFF utf8");
  EXPECT_THAT(error(s), HasSubstr("not valid UTF-8"));
  s = MakeSource("t:bad", "text");
  s.mutable_identifiers()->set_doi("doi:10.1/x");
  EXPECT_THAT(error(s), HasSubstr("source.identifiers.doi"));
  s = MakeSource("t:bad", "text");
  s.set_id("src_mine");
  EXPECT_THAT(error(s), HasSubstr("source.id"));
  EXPECT_EQ(service_.GetSource("t:bad").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ContentServiceTest, StatusChangesHonourEtagsAndLeaveSearch) {
  auto created = service_.CreateSource(MakeSource("t:status", "Sunitinib 37.5 mg daily for progressive pNET."));
  ASSERT_TRUE(created.ok());
  auto successor = service_.CreateSource(MakeSource("t:status2", "Sunitinib guidance, 2024 update."));
  ASSERT_TRUE(successor.ok());
  EXPECT_THAT(SearchIds("sunitinib progressive"), ::testing::Contains(created->source.id()));

  v1::UpdateSourceStatusRequest request;
  request.set_id(created->source.id());
  request.set_status(v1::RETRACTED);
  request.set_etag(created->source.etag());
  EXPECT_THAT(service_.UpdateSourceStatus(request).status().message(), HasSubstr("reason"));
  request.set_reason("data fabrication");
  request.set_etag("r999");
  EXPECT_EQ(service_.UpdateSourceStatus(request).status().code(), absl::StatusCode::kAborted);
  request.set_etag(created->source.etag());
  auto retracted = service_.UpdateSourceStatus(request);
  ASSERT_TRUE(retracted.ok()) << retracted.status();
  EXPECT_EQ(retracted->status(), v1::RETRACTED);
  EXPECT_EQ(retracted->status_reason(), "data fabrication");
  EXPECT_NE(retracted->etag(), created->source.etag());
  EXPECT_THAT(SearchIds("sunitinib progressive"), ::testing::Not(::testing::Contains(created->source.id())));
  EXPECT_THAT(SearchIds("sunitinib progressive", true), ::testing::Contains(created->source.id()));

  // The same etag again is stale now.
  EXPECT_EQ(service_.UpdateSourceStatus(request).status().code(), absl::StatusCode::kAborted);

  // A re-import of the same content does not undo the retraction.
  auto reimported = service_.CreateSource(MakeSource("t:status", "Sunitinib 37.5 mg daily for progressive pNET."));
  ASSERT_TRUE(reimported.ok());
  EXPECT_EQ(reimported->source.status(), v1::RETRACTED);

  v1::UpdateSourceStatusRequest supersede;
  supersede.set_id(created->source.id());
  supersede.set_status(v1::SUPERSEDED);
  supersede.set_etag(retracted->etag());
  EXPECT_THAT(service_.UpdateSourceStatus(supersede).status().message(), HasSubstr("superseded_by"));
  supersede.set_superseded_by("src_nope");
  EXPECT_EQ(service_.UpdateSourceStatus(supersede).status().code(), absl::StatusCode::kNotFound);
  supersede.set_superseded_by(successor->source.id());
  auto superseded = service_.UpdateSourceStatus(supersede);
  ASSERT_TRUE(superseded.ok()) << superseded.status();
  EXPECT_EQ(superseded->superseded_by(), successor->source.id());
}

TEST_F(ContentServiceTest, ListPagesAreStableAndFiltered) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(service_.CreateSource(MakeSource(absl::StrCat("t:list", i), "Everolimus 10 mg daily.", v1::DRUG_LABEL))
                    .ok());
  }
  v1::ListSourcesRequest request;
  request.set_kind(v1::DRUG_LABEL);
  request.set_page_size(3);
  std::vector<std::string> ids;
  int pages = 0;
  do {
    auto page = service_.ListSources(request);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& s : page->sources()) {
      EXPECT_EQ(s.kind(), v1::DRUG_LABEL);
      ids.push_back(s.id());
    }
    request.set_page_token(page->next_page_token());
    ++pages;
  } while (!request.page_token().empty());
  EXPECT_EQ(ids.size(), 7u);
  EXPECT_EQ(pages, 3);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));

  request.set_page_token("garbage");
  EXPECT_THAT(service_.ListSources(request).status().message(), HasSubstr("page_token"));
  request.set_page_token("");
  request.set_page_size(501);
  EXPECT_THAT(service_.ListSources(request).status().message(), HasSubstr("page_size"));
}

TEST_F(ContentServiceTest, SearchValidatesAndExpandsAbbreviations) {
  ASSERT_TRUE(service_.CreateSource(MakeSource("t:prrt", "Peptide receptor radionuclide therapy with lutetium-177 "
                                                         "dotatate is an option for progressive disease."))
                  .ok());
  EXPECT_THAT(SearchIds("PRRT"), ::testing::Contains(SourceIdFor("t:prrt")));
  EXPECT_TRUE(SearchIds("prrt").empty());  // lower case is not the abbreviation

  const auto error = [&](v1::SearchRequest r) { return std::string(service_.Search(r).status().message()); };
  v1::SearchRequest r;
  EXPECT_THAT(error(r), HasSubstr("query"));
  r.set_query(std::string(1001, 'a'));
  EXPECT_THAT(error(r), HasSubstr("query"));
  r.set_query("ok \xC3");
  EXPECT_THAT(error(r), HasSubstr("query"));
  r.set_query("ok");
  r.set_top_k(101);
  EXPECT_THAT(error(r), HasSubstr("top_k"));
  r.set_top_k(5);
  r.add_kinds(static_cast<v1::SourceKind>(9));
  EXPECT_THAT(error(r), HasSubstr("kinds"));
  r.clear_kinds();
  r.set_published_after("yesterday");
  EXPECT_THAT(error(r), HasSubstr("published_after"));
}

TEST_F(ContentServiceTest, ImportCountsAndListsBadItemsAndIsIdempotent) {
  const std::string payload =
      R"({"external_id":"t:imp1","kind":"RESEARCH","title":"One","sections":[{"heading":"Abstract","text":"Octreotide LAR 30 mg."}]})"
      "\n"
      R"({"external_id":"t:imp2","kind":"RESEARCH","title":"Two","sections":[{"heading":"Abstract","text":"Lanreotide."}]})"
      "\n"
      "{not json\n"
      R"({"_id":"t:beir","title":"","text":"Chromogranin A is a marker. It is used in follow-up."})"
      "\n";
  v1::ImportSourcesRequest request;
  request.set_format(v1::JSONL);
  request.set_payload(payload);
  {
    ContentService::Import import(service_);
    ASSERT_TRUE(import.Add(request).ok());
    ASSERT_TRUE(import.Finish().ok());
    EXPECT_EQ(import.summary().created(), 3);
    EXPECT_EQ(import.summary().failed(), 1);
    ASSERT_EQ(import.summary().errors_size(), 1);
    EXPECT_EQ(import.summary().errors(0).item(), "#3");
  }
  {
    ContentService::Import import(service_);
    ASSERT_TRUE(import.Add(request).ok());
    ASSERT_TRUE(import.Finish().ok());
    EXPECT_EQ(import.summary().unchanged(), 3);
    EXPECT_EQ(import.summary().created(), 0);
  }
  ContentService::Import bad(service_);
  v1::ImportSourcesRequest no_format;
  EXPECT_THAT(bad.Add(no_format).message(), HasSubstr("format"));
  ContentService::Import big(service_);
  request.set_payload(std::string(kMaxImportPayloadBytes + 1, 'x'));
  EXPECT_THAT(big.Add(request).message(), HasSubstr("payload"));
}

TEST_F(ContentServiceTest, AStreamEndedByAnErrorLeavesWhatItStoredSearchable) {
  // 500 sources fill a batch, which is stored; then a bad message ends the
  // stream without Finish (as the gRPC reactor ends it).
  std::string payload;
  for (int i = 0; i < 500; ++i) {
    absl::StrAppend(&payload, R"({"external_id":"t:abort)", i,
                    R"(","kind":"RESEARCH","title":"Aborted","sections":[{"text":"Zygomatic abortmarker)", i, R"( study )", i,
                    R"(."}]})", "\n");
  }
  {
    ContentService::Import import(service_);
    v1::ImportSourcesRequest request;
    request.set_format(v1::JSONL);
    request.set_payload(payload);
    ASSERT_TRUE(import.Add(request).ok());
    v1::ImportSourcesRequest other_format;
    other_format.set_format(v1::NGC_XML);
    ASSERT_FALSE(import.Add(other_format).ok());
  }
  EXPECT_THAT(SearchIds("abortmarker0"), ::testing::Contains(SourceIdFor("t:abort0")));
  EXPECT_THAT(SearchIds("abortmarker499"), ::testing::Contains(SourceIdFor("t:abort499")));
}

TEST_F(ContentServiceTest, ImportTakesNgcIdsFromTheFileName) {
  std::ifstream in(MEDBRIEF_NGC_FIXTURE);
  std::stringstream xml;
  xml << in.rdbuf();
  v1::ImportSourcesRequest request;
  request.set_format(v1::NGC_XML);
  request.set_payload(xml.str());
  request.set_name("ngc-12345.xml");
  ContentService::Import import(service_);
  ASSERT_TRUE(import.Add(request).ok());
  // A broken document is named by its file.
  request.clear_format();
  request.set_payload("<Version><oops");
  request.set_name("ngc-777.xml");
  ASSERT_TRUE(import.Add(request).ok());
  ASSERT_TRUE(import.Finish().ok());
  EXPECT_EQ(import.summary().created(), 1);
  ASSERT_EQ(import.summary().errors_size(), 1);
  EXPECT_EQ(import.summary().errors(0).item(), "ngc-777.xml (#2)");
  v1::ListSourcesRequest list;
  list.set_kind(v1::GUIDELINE);
  list.set_page_size(500);
  auto sources = service_.ListSources(list);
  ASSERT_TRUE(sources.ok()) << sources.status();
  std::vector<std::string> ids;
  for (const v1::Source& s : sources->sources()) ids.push_back(s.external_id());
  EXPECT_THAT(ids, ::testing::Contains("ngc:12345"));

  ContentService::Import long_name(service_);
  request.set_format(v1::NGC_XML);
  request.set_name(std::string(257, 'n'));
  EXPECT_THAT(std::string(long_name.Add(request).message()), ::testing::StartsWith("name"));
}

TEST_F(ContentServiceTest, LargeImportsAreWrittenInBatchesWithRepeatsInOrder) {
  std::string payload;
  for (int i = 0; i < 1200; ++i) {
    // Line 601 repeats the external id of line 11 with new text: an update.
    const int id = i == 600 ? 10 : i;
    absl::StrAppend(&payload, R"({"external_id":"t:bulk)", id, R"(","kind":"RESEARCH","title":"Bulk )", id,
                    R"(","authors":["Doe J","Roe R"],"mesh_terms":["Liver"],"sections":[{"heading":"Abstract","text":")",
                    i == 600 ? "Revised: transarterial embolization." : "Hepatic resection outcomes.", " Study ", i,
                    R"(."}]})", "\n");
  }
  v1::ImportSourcesRequest request;
  request.set_format(v1::JSONL);
  request.set_payload(payload);
  ContentService::Import import(service_);
  ASSERT_TRUE(import.Add(request).ok());
  ASSERT_TRUE(import.Finish().ok());
  EXPECT_EQ(import.summary().created(), 1199);
  EXPECT_EQ(import.summary().updated(), 1);
  EXPECT_EQ(import.summary().failed(), 0);
  auto stored = service_.GetSource(SourceIdFor("t:bulk10"));
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->etag(), "r2");
  EXPECT_THAT(stored->sections(0).text(), HasSubstr("Revised"));
  EXPECT_THAT(stored->authors(), ::testing::ElementsAre("Doe J", "Roe R"));
  EXPECT_THAT(stored->mesh_terms(), ::testing::ElementsAre("Liver"));
  EXPECT_THAT(SearchIds("transarterial embolization revised"), ::testing::Contains(SourceIdFor("t:bulk10")));
  // One passage per source: the first version of t:bulk10 left the index.
  EXPECT_EQ(index_.Stats().docs, 1199u);
  auto passage = service_.GetPassage(PassagesOf(*stored)[0].id());
  ASSERT_TRUE(passage.ok()) << passage.status();
}

TEST_F(ContentServiceTest, IndexEqualsARebuildFromPostgres) {
  ASSERT_TRUE(service_.LoadIndex().ok());  // what earlier tests of the suite stored
  const std::vector<std::string> topics = {"octreotide", "lanreotide", "everolimus", "sunitinib", "embolization"};
  for (int i = 0; i < 30; ++i) {
    auto r = service_.CreateSource(MakeSource(absl::StrCat("t:eq", i % 12),
                                              absl::StrCat(topics[i % 5], " for liver metastases, version ", i, ". ",
                                                           topics[(i * 3) % 5], " dose ", i, " mg.")));
    ASSERT_TRUE(r.ok()) << r.status();
    if (i % 7 == 6) {
      v1::UpdateSourceStatusRequest retract;
      retract.set_id(r->source.id());
      retract.set_status(v1::RETRACTED);
      retract.set_reason("test");
      retract.set_etag(r->source.etag());
      ASSERT_TRUE(service_.UpdateSourceStatus(retract).ok());
    }
  }
  search::SearchIndex rebuilt(analyzer_);
  ContentService fresh(store_, rebuilt, analyzer_, text::Abbreviations::Builtin());
  ASSERT_TRUE(fresh.LoadIndex().ok());
  EXPECT_EQ(rebuilt.Stats().docs, index_.Stats().docs);
  for (const std::string& topic : topics) {
    for (bool inactive : {false, true}) {
      v1::SearchRequest request;
      request.set_query(topic + " liver dose");
      request.set_top_k(20);
      request.set_include_inactive(inactive);
      auto a = service_.Search(request);
      auto b = fresh.Search(request);
      ASSERT_TRUE(a.ok() && b.ok());
      ASSERT_EQ(a->hits_size(), b->hits_size()) << topic;
      for (int i = 0; i < a->hits_size(); ++i) {
        EXPECT_EQ(a->hits(i).passage().id(), b->hits(i).passage().id()) << topic << " rank " << i;
        EXPECT_NEAR(a->hits(i).score(), b->hits(i).score(), 1e-4);
      }
    }
  }
}

}  // namespace
}  // namespace medbrief::content
