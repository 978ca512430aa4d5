#include "common/auth/jwt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace medbrief::auth {
namespace {

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("authorization: ", why));
}

std::string Hmac(absl::string_view key, absl::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &size);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

// A base64url part (no padding, as JWTs write it) decoded, or nothing.
bool DecodePart(absl::string_view part, std::string* out) {
  if (part.empty() || part.find('=') != absl::string_view::npos) return false;
  return absl::WebSafeBase64Unescape(part, out);
}

// Seconds since the epoch from a JSON number, or nothing.
bool EpochSeconds(const nlohmann::json& value, absl::Time* out) {
  if (!value.is_number()) return false;
  const double seconds = value.get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e11) return false;
  *out = absl::FromUnixSeconds(static_cast<int64_t>(seconds));
  return true;
}

}  // namespace

bool Principal::HasRole(absl::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

absl::StatusOr<Principal> VerifyHs256(absl::string_view token, absl::string_view key, absl::Time now) {
  if (key.empty()) return Unauthenticated("no signing key is configured");
  if (token.size() > 8192) return Unauthenticated("token too long");
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("malformed token (expected header.payload.signature)");
  std::string header_json, payload_json, signature;
  if (!DecodePart(parts[0], &header_json) || !DecodePart(parts[1], &payload_json) ||
      !DecodePart(parts[2], &signature)) {
    return Unauthenticated("malformed token (not base64url)");
  }
  const nlohmann::json header = nlohmann::json::parse(header_json, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object() || !header.contains("alg") || header["alg"] != "HS256") {
    return Unauthenticated("only HS256 tokens are accepted");
  }
  // The signature is checked before anything the payload says is believed.
  const std::string expected = Hmac(key, absl::StrCat(parts[0], ".", parts[1]));
  if (signature.size() != expected.size() || CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return Unauthenticated("bad signature");
  }
  const nlohmann::json payload = nlohmann::json::parse(payload_json, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return Unauthenticated("malformed claims");
  Principal principal;
  if (!payload.contains("sub") || !payload["sub"].is_string() || payload["sub"].get<std::string>().empty()) {
    return Unauthenticated("claim sub is required");
  }
  principal.subject = payload["sub"].get<std::string>();
  if (payload.contains("roles")) {
    if (!payload["roles"].is_array()) return Unauthenticated("claim roles must be an array of strings");
    for (const auto& role : payload["roles"]) {
      if (!role.is_string()) return Unauthenticated("claim roles must be an array of strings");
      principal.roles.push_back(role.get<std::string>());
    }
  }
  if (!payload.contains("exp") || !EpochSeconds(payload["exp"], &principal.expires)) {
    return Unauthenticated("claim exp is required (seconds since the epoch)");
  }
  if (now > principal.expires + kClockSkew) return Unauthenticated("token expired");
  if (payload.contains("nbf")) {
    absl::Time not_before;
    if (!EpochSeconds(payload["nbf"], &not_before)) return Unauthenticated("claim nbf must be seconds since the epoch");
    if (now + kClockSkew < not_before) return Unauthenticated("token not valid yet");
  }
  return principal;
}

std::string MintHs256(const Principal& principal, absl::string_view key, absl::Time issued_at) {
  const nlohmann::json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  nlohmann::json payload = {{"sub", principal.subject},
                            {"roles", principal.roles},
                            {"iat", absl::ToUnixSeconds(issued_at)},
                            {"exp", absl::ToUnixSeconds(principal.expires)}};
  std::string head, body, signature;
  absl::WebSafeBase64Escape(header.dump(), &head);
  absl::WebSafeBase64Escape(payload.dump(), &body);
  const std::string signing_input = absl::StrCat(head, ".", body);
  absl::WebSafeBase64Escape(Hmac(key, signing_input), &signature);
  return absl::StrCat(signing_input, ".", signature);
}

}  // namespace medbrief::auth
