// The Prometheus text format of the registry: histogram buckets, counts,
// sums, escaped labels and scrape-time gauges; and the HTTP exporter.

#include "common/metrics/metrics.h"

#include <httplib.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, RpcHistogramsCountByMethodAndCode) {
  Registry registry;
  registry.ObserveRpc("/a.B/Get", "OK", 0.0007);
  registry.ObserveRpc("/a.B/Get", "OK", 0.003);
  registry.ObserveRpc("/a.B/Get", "NOT_FOUND", 20);
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE medbrief_rpc_duration_seconds histogram\n"));
  // Cumulative buckets: 0.0007 is not <= 0.0005, is <= 0.001.
  EXPECT_THAT(text, HasSubstr(R"(medbrief_rpc_duration_seconds_bucket{method="/a.B/Get",code="OK",le="0.0005"} 0)"));
  EXPECT_THAT(text, HasSubstr(R"(medbrief_rpc_duration_seconds_bucket{method="/a.B/Get",code="OK",le="0.001"} 1)"));
  EXPECT_THAT(text, HasSubstr(R"(medbrief_rpc_duration_seconds_bucket{method="/a.B/Get",code="OK",le="0.005"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(medbrief_rpc_duration_seconds_bucket{method="/a.B/Get",code="OK",le="+Inf"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(medbrief_rpc_duration_seconds_count{method="/a.B/Get",code="OK"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(medbrief_rpc_duration_seconds_sum{method="/a.B/Get",code="OK"} 0.0037)"));
  // 20 s is beyond every bucket but +Inf.
  EXPECT_THAT(text,
              HasSubstr(R"(medbrief_rpc_duration_seconds_bucket{method="/a.B/Get",code="NOT_FOUND",le="10"} 0)"));
  EXPECT_THAT(text,
              HasSubstr(R"(medbrief_rpc_duration_seconds_bucket{method="/a.B/Get",code="NOT_FOUND",le="+Inf"} 1)"));
}

TEST(MetricsTest, GaugesAreCollectedAtEachScrapeWithEscapedLabels) {
  Registry registry;
  int scrapes = 0;
  registry.AddGauge("medbrief_things", "things \"counted\"", [&scrapes] {
    ++scrapes;
    return std::vector<Sample>{{{{"kind", "a\"b\\c\nd"}}, 3}, {{}, static_cast<double>(scrapes)}};
  });
  const std::string first = registry.Render();
  EXPECT_THAT(first, HasSubstr("# TYPE medbrief_things gauge\n"));
  EXPECT_THAT(first, HasSubstr(R"(medbrief_things{kind="a\"b\\c\nd"} 3)"));
  EXPECT_THAT(first, HasSubstr("medbrief_things 1\n"));
  EXPECT_THAT(registry.Render(), HasSubstr("medbrief_things 2\n"));
  EXPECT_THAT(first, Not(HasSubstr("medbrief_rpc_duration_seconds_count")));
}

TEST(MetricsTest, TheExporterServesMetricsOverHttp) {
  Registry registry;
  registry.ObserveRpc("/a.B/Get", "OK", 0.001);
  auto exporter = Exporter::Start("127.0.0.1:0", registry);
  ASSERT_TRUE(exporter.ok()) << exporter.status();
  ASSERT_GT((*exporter)->port(), 0);
  httplib::Client client("127.0.0.1", (*exporter)->port());
  auto response = client.Get("/metrics");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(response->body, HasSubstr(R"(medbrief_rpc_duration_seconds_count{method="/a.B/Get",code="OK"} 1)"));
  EXPECT_EQ(client.Get("/other")->status, 404);
  EXPECT_EQ(Exporter::Start("no-port", registry).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace medbrief::metrics
