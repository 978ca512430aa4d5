#include "common/grpc/security.h"

#include <atomic>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth/jwt.h"
#include "common/auth/policy.h"
#include "grpcpp/support/channel_arguments.h"
#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/auth_metadata_processor.h"
#include "grpcpp/security/credentials.h"

namespace medbrief::grpcutil {
namespace {

absl::StatusOr<std::string> ReadPem(const char* flag, const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  if (!absl::StrContains(text.str(), "-----BEGIN")) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": ", path, " is not a PEM file"));
  }
  return text.str();
}

struct KeyPair {
  std::string cert, key;
};

// The --tls_cert/--tls_key pair: the server's certificate, and its client
// identity towards upstreams.
absl::StatusOr<KeyPair> ReadKeyPair(const config::ServiceConfig& config) {
  auto cert = ReadPem("--tls_cert", config.tls_cert);
  if (!cert.ok()) return cert.status();
  auto key = ReadPem("--tls_key", config.tls_key);
  if (!key.ok()) return key.status();
  return KeyPair{*std::move(cert), *std::move(key)};
}

bool IsLoopback(absl::string_view listen) {
  return absl::StartsWith(listen, "127.") || absl::StartsWith(listen, "localhost:") ||
         absl::StartsWith(listen, "[::1]:");
}

// The token of the "authorization: Bearer <token>" entry of a call's
// metadata (the processor's and the handlers' view of it alike).
template <typename Metadata>
std::optional<absl::string_view> BearerToken(const Metadata& metadata) {
  const auto header = metadata.find("authorization");
  if (header == metadata.end()) return std::nullopt;
  absl::string_view value(header->second.data(), header->second.size());
  if (!absl::ConsumePrefix(&value, "Bearer ")) return std::nullopt;
  return value;
}

// Runs in the transport before the call reaches the server: a call without
// a valid token, or whose roles may not call its method, never reaches a
// handler.
class JwtProcessor final : public grpc::AuthMetadataProcessor {
 public:
  explicit JwtProcessor(std::string key) : key_(std::move(key)) {}

  bool IsBlocking() const override { return false; }  // an HMAC: no I/O

  grpc::Status Process(const InputMetadata& metadata, grpc::AuthContext*, OutputMetadata*, OutputMetadata*) override {
    const auto path = metadata.find(":path");
    if (path == metadata.end()) return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no method");
    const absl::string_view method(path->second.data(), path->second.size());
    if (auth::IsPublicMethod(method)) return grpc::Status::OK;
    if (metadata.find("authorization") == metadata.end()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "authorization: a Bearer token is required");
    }
    const std::optional<absl::string_view> token = BearerToken(metadata);
    if (!token.has_value()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "authorization: expected \"Bearer <token>\"");
    }
    absl::StatusOr<auth::Principal> principal = auth::VerifyHs256(*token, key_, absl::Now());
    if (!principal.ok()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, std::string(principal.status().message()));
    }
    if (absl::Status allowed = auth::Authorize(*principal, method); !allowed.ok()) {
      return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, std::string(allowed.message()));
    }
    // The header stays in the call's metadata: AuthenticatedSubject reads
    // the caller from it. (A property of the auth context would not do: the
    // context is shared by the calls of one connection, so properties pile
    // up and name an earlier call's caller.)
    return grpc::Status::OK;
  }

 private:
  const std::string key_;
};

// Puts "authorization: Bearer <service token>" on every call, minting a new
// token when the current one has less than a quarter of its life left.
class ServiceToken final : public grpc::MetadataCredentialsPlugin {
 public:
  ServiceToken(std::string key, std::string caller) : key_(std::move(key)), caller_(std::move(caller)) {}

  bool IsBlocking() const override { return false; }

  grpc::Status GetMetadata(grpc::string_ref, grpc::string_ref, const grpc::AuthContext&,
                           std::multimap<grpc::string, grpc::string>* metadata) override {
    metadata->insert({"authorization", "Bearer " + Current()});
    return grpc::Status::OK;
  }

 private:
  static constexpr absl::Duration kLifetime = absl::Hours(1);

  std::string Current() {
    absl::MutexLock lock(&mu_);
    const absl::Time now = absl::Now();
    if (token_.empty() || now > expires_ - kLifetime / 4) {
      expires_ = now + kLifetime;
      token_ = auth::MintHs256(auth::Principal{caller_, {auth::kService}, expires_}, key_, now);
    }
    return token_;
  }

  const std::string key_;
  const std::string caller_;
  absl::Mutex mu_;
  std::string token_ ABSL_GUARDED_BY(mu_);
  absl::Time expires_ ABSL_GUARDED_BY(mu_);
};

// An upstream that restarts is used again within a second: gRPC's default
// reconnect backoff grows to two minutes, during which every call would fail
// fast with UNAVAILABLE. (The minimum is also the connect timeout: 1 s.)
// No bandwidth-delay probing: it answers the data of a response with a PING
// (a frame and a wake-up each way) to grow flow-control windows for bulk
// transfers, while upstream calls carry a few kilobytes within a cluster;
// it cost the answer service about 4 % of its CPU in the fresh-answer
// benchmark (with retries also off; those stay on, for gRPC's transparent
// retry of a call that a closing connection refused).
grpc::ChannelArguments UpstreamArguments() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 1000);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  return args;
}

}  // namespace

namespace {

// The key the server's processor checks tokens with, for the handlers that
// ask who called; null with --auth=off. Set when the server's credentials
// are made, read lock-free on every such call; a replaced key is left
// allocated (a handler may still read it).
std::atomic<const std::string*> handler_key{nullptr};

}  // namespace

std::string AuthenticatedSubject(const grpc::ServerContextBase& context) {
  const std::string* key = handler_key.load(std::memory_order_acquire);
  if (key == nullptr) return "";
  const std::optional<absl::string_view> token = BearerToken(context.client_metadata());
  if (!token.has_value()) return "";
  // The processor accepted this very header before the handler ran; checked
  // again here (one HMAC) rather than trusted unchecked.
  absl::StatusOr<auth::Principal> principal = auth::VerifyHs256(*token, *key, absl::Now());
  return principal.ok() ? principal->subject : "";
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> UpstreamChannel(const std::string& address,
                                                               const config::ServiceConfig& config,
                                                               const std::string& caller) {
  const bool jwt = config.auth == "jwt";
  std::shared_ptr<grpc::ChannelCredentials> transport;
  if (!config.tls_cert.empty()) {
    grpc::SslCredentialsOptions options;
    if (!config.tls_ca.empty()) {
      auto ca = ReadPem("--tls_ca", config.tls_ca);
      if (!ca.ok()) return ca.status();
      options.pem_root_certs = *std::move(ca);
    }
    absl::StatusOr<KeyPair> pair = ReadKeyPair(config);
    if (!pair.ok()) return pair.status();
    options.pem_cert_chain = std::move(pair->cert);
    options.pem_private_key = std::move(pair->key);
    transport = grpc::SslCredentials(options);
  } else if (jwt) {
    if (!IsLoopback(address)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "upstream ", address, ": --auth=jwt without TLS reaches only loopback addresses (tokens stay off the wire)"));
    }
    transport = grpc::experimental::LocalCredentials(LOCAL_TCP);
  } else {
    return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), UpstreamArguments());
  }
  if (jwt) {
    if (config.jwt_key.empty()) return absl::InvalidArgumentError("--jwt_key (MEDBRIEF_JWT_KEY) is required with --auth=jwt");
    transport = grpc::CompositeChannelCredentials(
        transport, grpc::MetadataCredentialsFromPlugin(std::make_unique<ServiceToken>(config.jwt_key, caller)));
  }
  return grpc::CreateCustomChannel(address, transport, UpstreamArguments());
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(const config::ServiceConfig& config) {
  const bool jwt = config.auth == "jwt";
  if (jwt && config.jwt_key.empty()) {
    return absl::InvalidArgumentError("--jwt_key (MEDBRIEF_JWT_KEY) is required with --auth=jwt");
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key go together");
  }
  if (!config.tls_ca.empty() && config.tls_cert.empty()) {
    return absl::InvalidArgumentError("--tls_ca needs --tls_cert and --tls_key");
  }
  std::shared_ptr<grpc::ServerCredentials> credentials;
  if (!config.tls_cert.empty()) {
    grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    absl::StatusOr<KeyPair> pair = ReadKeyPair(config);
    if (!pair.ok()) return pair.status();
    options.pem_key_cert_pairs.push_back({std::move(pair->key), std::move(pair->cert)});
    if (!config.tls_ca.empty()) {
      auto ca = ReadPem("--tls_ca", config.tls_ca);
      if (!ca.ok()) return ca.status();
      options.pem_root_certs = *std::move(ca);
      options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    }
    credentials = grpc::SslServerCredentials(options);
  } else if (jwt) {
    if (!IsLoopback(config.listen)) {
      return absl::InvalidArgumentError(
          "--auth=jwt over plaintext would send bearer tokens in the clear: set --tls_cert and --tls_key, or "
          "listen on a loopback address");
    }
    credentials = grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  } else {
    return grpc::InsecureServerCredentials();
  }
  if (jwt) {
    credentials->SetAuthMetadataProcessor(std::make_shared<JwtProcessor>(config.jwt_key));
    handler_key.store(new std::string(config.jwt_key), std::memory_order_release);
  }
  return credentials;
}

}  // namespace medbrief::grpcutil
