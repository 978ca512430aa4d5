#pragma once

// Command-line flags with environment fallbacks: `--listen=host:port` wins over
// MEDBRIEF_LISTEN, which wins over the default. Both `--name=value` and
// `--name value` are accepted; an unknown flag is an error, not a surprise.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace medbrief::config {

using EnvLookup = std::function<const char*(const char* name)>;

// The process environment (std::getenv).
EnvLookup ProcessEnv();

class Flags {
 public:
  void Define(std::string name, std::string env, std::string default_value, std::string help);

  // Parses argv (argv[0] is the program). `--help` sets help_requested().
  absl::Status Parse(int argc, const char* const* argv, const EnvLookup& env);

  // The value of a defined flag; dies on an undefined name (a programming error).
  const std::string& Get(absl::string_view name) const;
  absl::StatusOr<int> GetInt(absl::string_view name, int min, int max) const;
  absl::StatusOr<absl::Duration> GetDuration(absl::string_view name) const;
  // true/false (also 1/0, yes/no), case-insensitive.
  absl::StatusOr<bool> GetBool(absl::string_view name) const;

  bool help_requested() const { return help_requested_; }
  std::string Usage(absl::string_view program) const;

 private:
  struct Flag {
    std::string env;
    std::string default_value;
    std::string help;
    std::string value;
  };
  std::map<std::string, Flag, std::less<>> flags_;
  std::vector<std::string> order_;
  bool help_requested_ = false;
};

// Everything a medbrief service binary is configured with.
struct ServiceConfig {
  std::string listen;          // host:port to serve gRPC on
  std::string db_dsn;          // libpq connection string
  std::string content_addr;    // upstreams, host:port
  std::string citation_addr;
  std::string review_addr;
  std::string metrics_listen;  // Prometheus /metrics over HTTP
  std::string health_listen;   // plaintext grpc.health.v1 only (Kubernetes probes)
  std::string auth;            // "jwt" or "off"
  std::string jwt_key;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_ca;
  std::string log_level;
  std::string abbreviations;   // extra abbreviation vocabularies: files or folders, comma-separated
  std::string plain_language;  // extra plain-language vocabularies (medbrief-answer): files or folders
  int db_pool_size = 8;
  absl::Duration db_statement_timeout = absl::Seconds(10);
  absl::Duration db_connect_timeout = absl::Seconds(10);
  absl::Duration shutdown_grace = absl::Seconds(5);
  // The review workflow's policy (medbrief-review).
  int review_required_approvals = 1;  // approvals that make an article APPROVED
  bool review_board_only = true;      // only board members approve
  absl::Duration review_sla = absl::Hours(72);  // time in a status after which an article is overdue
  int review_max_writers = 4;  // writes to the database at once (the rest wait in the service)
  // Retries of answers stored while review or citation failed (medbrief-answer).
  absl::Duration answer_repair_interval = absl::Seconds(5);
  bool help = false;  // --help was given: usage has been printed, exit 0
};

// The flags of DESIGN.md ("How a service is started") plus the tuning ones.
Flags ServiceFlags();

// Parses and validates a service's flags. With --help, prints usage and
// returns a config whose `help` is set.
absl::StatusOr<ServiceConfig> LoadServiceConfig(int argc, const char* const* argv, const EnvLookup& env);

}  // namespace medbrief::config
