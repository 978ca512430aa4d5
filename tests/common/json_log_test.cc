#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/json/escape.h"
#include "common/log/log.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief {
namespace {

using ::testing::HasSubstr;

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(json::Quoted("a\"b\\c\nd\te\x01"), R"("a\"b\\c\nd\te\u0001")");
}

TEST(JsonEscapeTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(json::Quoted("tumour \xC3\xA9 \xE2\x89\xA5 5"), "\"tumour \xC3\xA9 \xE2\x89\xA5 5\"");
  EXPECT_EQ(json::Quoted("a\xFF" "b"), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(json::Quoted("\xC3"), "\"\xEF\xBF\xBD\"");              // truncated sequence
  EXPECT_EQ(json::Quoted("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong
  EXPECT_EQ(json::Quoted("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
}

TEST(LogTest, FormatsOneJsonObject) {
  const absl::Time t = absl::FromUnixMillis(1764237600123);
  const std::string line = log::FormatLine(t, log::Level::kWarn, "content", "slow \"query\"",
                                           {{"ms", 12.5}, {"rows", 3}, {"ok", false}, {"table", "sources"}});
  EXPECT_EQ(line,
            R"({"time":"2025-11-27T10:00:00.123Z","level":"warn","service":"content","msg":"slow \"query\"",)"
            R"("ms":12.5,"rows":3,"ok":false,"table":"sources"})");
}

TEST(LogTest, MinLevelFiltersAndSinkCaptures) {
  std::vector<std::string> lines;
  log::SetSinkForTesting([&](absl::string_view line) { lines.emplace_back(line); });
  log::SetMinLevel(log::Level::kWarn);
  log::Info("hidden");
  log::Error("shown", {{"id", "x"}});
  log::SetMinLevel(log::Level::kInfo);
  log::SetSinkForTesting(nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr(R"("level":"error")"));
  EXPECT_THAT(lines[0], HasSubstr(R"("msg":"shown","id":"x"})"));
}

TEST(LogTest, ParseLevel) {
  EXPECT_EQ(*log::ParseLevel("DEBUG"), log::Level::kDebug);
  EXPECT_EQ(*log::ParseLevel("warning"), log::Level::kWarn);
  EXPECT_FALSE(log::ParseLevel("loud").ok());
}

TEST(LogTest, NonFiniteNumbersBecomeNull) {
  const std::string line = log::FormatLine(absl::UnixEpoch(), log::Level::kInfo, "s", "m",
                                           {{"x", std::numeric_limits<double>::infinity()}});
  EXPECT_THAT(line, HasSubstr(R"("x":null)"));
}

}  // namespace
}  // namespace medbrief
