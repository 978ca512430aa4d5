// HS256 bearer tokens: what is accepted and every way a token is refused.

#include "common/auth/jwt.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace medbrief::auth {
namespace {

using ::testing::HasSubstr;

constexpr char kKey[] = "a-test-signing-key-of-reasonable-length";
const absl::Time kNow = absl::FromUnixSeconds(1800000000);

Principal Reviewer(absl::Time expires = kNow + absl::Hours(1)) {
  return Principal{"dr.lee", {"reader", "reviewer"}, expires};
}

std::string B64(absl::string_view s) {
  std::string out;
  absl::WebSafeBase64Escape(s, &out);
  return out;
}

absl::StatusCode CodeOf(absl::string_view token) { return VerifyHs256(token, kKey, kNow).status().code(); }

TEST(JwtTest, AMintedTokenVerifiesWithItsClaims) {
  const std::string token = MintHs256(Reviewer(), kKey, kNow);
  auto principal = VerifyHs256(token, kKey, kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "dr.lee");
  EXPECT_THAT(principal->roles, ::testing::ElementsAre("reader", "reviewer"));
  EXPECT_TRUE(principal->HasRole("reviewer"));
  EXPECT_FALSE(principal->HasRole("admin"));
  EXPECT_EQ(principal->expires, kNow + absl::Hours(1));
}

TEST(JwtTest, ExpiryAllowsSixtySecondsOfSkewAndNoMore) {
  const std::string token = MintHs256(Reviewer(kNow - absl::Seconds(59)), kKey, kNow - absl::Hours(1));
  EXPECT_TRUE(VerifyHs256(token, kKey, kNow).ok());
  const std::string expired = MintHs256(Reviewer(kNow - absl::Seconds(61)), kKey, kNow - absl::Hours(1));
  auto refused = VerifyHs256(expired, kKey, kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(refused.status().message(), HasSubstr("expired"));
}

TEST(JwtTest, AnotherKeyOrATamperedPayloadIsRefused) {
  const std::string token = MintHs256(Reviewer(), kKey, kNow);
  EXPECT_EQ(VerifyHs256(token, "another-key", kNow).status().code(), absl::StatusCode::kUnauthenticated);
  // Same signature, payload claiming admin.
  const size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  const std::string forged =
      absl::StrCat(token.substr(0, dot1), ".",
                   B64(R"({"sub":"dr.lee","roles":["admin"],"exp":1800003600})"), token.substr(dot2));
  EXPECT_THAT(VerifyHs256(forged, kKey, kNow).status().message(), HasSubstr("signature"));
  EXPECT_EQ(VerifyHs256(token, "", kNow).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(JwtTest, OnlyHs256IsAccepted) {
  const std::string body = B64(R"({"sub":"x","roles":["admin"],"exp":1800003600})");
  // alg none, with and without a signature part.
  EXPECT_EQ(CodeOf(absl::StrCat(B64(R"({"alg":"none"})"), ".", body, ".")), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(CodeOf(absl::StrCat(B64(R"({"alg":"none"})"), ".", body, ".", B64("x"))),
            absl::StatusCode::kUnauthenticated);
  // HS512 and RS256 headers over a valid HS256 signature of their own input.
  for (const char* alg : {"HS512", "RS256", "hs256", ""}) {
    const std::string head = B64(absl::StrCat(R"({"alg":")", alg, R"("})"));
    const std::string token = MintHs256(Reviewer(), kKey, kNow);
    const std::string with_header = absl::StrCat(head, token.substr(token.find('.')));
    auto refused = VerifyHs256(with_header, kKey, kNow);
    EXPECT_THAT(refused.status().message(), HasSubstr("HS256")) << alg;
  }
}

// A token with these exact claims, correctly signed with kKey.
std::string Signed(absl::string_view claims) {
  const std::string input = absl::StrCat(B64(R"({"alg":"HS256","typ":"JWT"})"), ".", B64(claims));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), kKey, static_cast<int>(sizeof(kKey) - 1), reinterpret_cast<const unsigned char*>(input.data()),
       input.size(), mac, &size);
  return absl::StrCat(input, ".", B64(absl::string_view(reinterpret_cast<const char*>(mac), size)));
}

TEST(JwtTest, MalformedTokensAndClaimsAreRefused) {
  for (const std::string& token : {std::string(""), std::string("abc"), std::string("a.b"), std::string("a.b.c.d"),
                                   std::string("!!.??.**"), std::string(".."), std::string(10000, 'a')}) {
    EXPECT_EQ(CodeOf(token), absl::StatusCode::kUnauthenticated) << token.substr(0, 20);
  }
  // Correctly signed, so the claims themselves are what is refused.
  EXPECT_TRUE(VerifyHs256(Signed(R"({"sub":"u","roles":["reader"],"exp":1800000100})"), kKey, kNow).ok());
  EXPECT_THAT(VerifyHs256(Signed(R"({"roles":["reader"],"exp":1800000100})"), kKey, kNow).status().message(),
              HasSubstr("sub"));
  EXPECT_THAT(VerifyHs256(Signed(R"({"sub":"","exp":1800000100})"), kKey, kNow).status().message(), HasSubstr("sub"));
  EXPECT_THAT(VerifyHs256(Signed(R"({"sub":"u","roles":"admin","exp":1800000100})"), kKey, kNow).status().message(),
              HasSubstr("roles"));
  EXPECT_THAT(VerifyHs256(Signed(R"({"sub":"u","roles":[1],"exp":1800000100})"), kKey, kNow).status().message(),
              HasSubstr("roles"));
  EXPECT_THAT(VerifyHs256(Signed(R"({"sub":"u","roles":["reader"]})"), kKey, kNow).status().message(),
              HasSubstr("exp"));
  EXPECT_THAT(VerifyHs256(Signed(R"({"sub":"u","exp":"tomorrow"})"), kKey, kNow).status().message(),
              HasSubstr("exp"));
  EXPECT_THAT(VerifyHs256(Signed(R"({"sub":"u","exp":1800000100,"nbf":1800000200})"), kKey, kNow).status().message(),
              HasSubstr("not valid yet"));
  EXPECT_TRUE(VerifyHs256(Signed(R"({"sub":"u","exp":1800000100,"nbf":1800000030})"), kKey, kNow).ok())
      << "nbf within the skew";
  EXPECT_EQ(VerifyHs256(Signed("[1,2]"), kKey, kNow).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyHs256(Signed("not json"), kKey, kNow).status().code(), absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace medbrief::auth
