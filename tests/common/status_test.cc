#include "common/grpc/status.h"

#include "common/log/log.h"
#include "common/status/macros.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief {
namespace {

absl::StatusOr<int> Parse(bool ok) {
  if (!ok) return absl::InvalidArgumentError("bad");
  return 7;
}

absl::StatusOr<int> Doubled(bool ok) {
  ASSIGN_OR_RETURN(int value, Parse(ok));
  return value * 2;
}

absl::Status Checked(bool ok) {
  RETURN_IF_ERROR(Parse(ok).status());
  return absl::OkStatus();
}

grpc::Status Handler(bool ok, int* out) {
  ASSIGN_OR_RETURN_GRPC(*out, Parse(ok));
  return grpc::Status::OK;
}

TEST(MacrosTest, AssignOrReturn) {
  EXPECT_EQ(*Doubled(true), 14);
  EXPECT_EQ(Doubled(false).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Checked(true).ok());
  EXPECT_EQ(Checked(false).message(), "bad");
  int out = 0;
  EXPECT_TRUE(Handler(true, &out).ok());
  EXPECT_EQ(out, 7);
  EXPECT_EQ(Handler(false, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(GrpcStatusTest, CodesMapOneToOne) {
  for (int code = 1; code <= 16; ++code) {
    const absl::Status status(static_cast<absl::StatusCode>(code), "m");
    EXPECT_EQ(static_cast<int>(grpcutil::ToGrpc(status).error_code()), code);
    EXPECT_EQ(grpcutil::FromGrpc(grpcutil::ToGrpc(status)).code(), status.code());
  }
  EXPECT_TRUE(grpcutil::ToGrpc(absl::OkStatus()).ok());
}

TEST(GrpcStatusTest, InternalDetailsStayInTheLog) {
  std::vector<std::string> lines;
  log::SetSinkForTesting([&](absl::string_view line) { lines.emplace_back(line); });
  const grpc::Status status = grpcutil::ToGrpc(absl::InternalError("relation \"secret_table\" does not exist"));
  log::SetSinkForTesting(nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), ::testing::Not(::testing::HasSubstr("secret_table")));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], ::testing::HasSubstr("secret_table"));
}

TEST(GrpcStatusTest, InvalidArgumentNamesTheField) {
  const grpc::Status status = grpcutil::InvalidArgument("question", "is required");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "question: is required");
}

}  // namespace
}  // namespace medbrief
