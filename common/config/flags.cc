#include "common/config/flags.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status/macros.h"

namespace medbrief::config {

EnvLookup ProcessEnv() {
  return [](const char* name) -> const char* { return std::getenv(name); };
}

void Flags::Define(std::string name, std::string env, std::string default_value, std::string help) {
  order_.push_back(name);
  flags_[std::move(name)] = Flag{std::move(env), default_value, std::move(help), default_value};
}

absl::Status Flags::Parse(int argc, const char* const* argv, const EnvLookup& env) {
  for (auto& [name, flag] : flags_) {
    if (flag.env.empty()) continue;
    if (const char* value = env(flag.env.c_str()); value != nullptr) flag.value = value;
  }
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
      continue;
    }
    if (!absl::ConsumePrefix(&arg, "--")) {
      return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"", arg, "\": flags look like --name=value"));
    }
    std::string value;
    const size_t eq = arg.find('=');
    absl::string_view name = arg.substr(0, eq);
    auto it = flags_.find(name);
    if (it == flags_.end()) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    if (eq != absl::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
    }
    it->second.value = std::move(value);
  }
  return absl::OkStatus();
}

const std::string& Flags::Get(absl::string_view name) const {
  auto it = flags_.find(name);
  if (it == flags_.end()) {
    std::fprintf(stderr, "flag --%.*s is not defined\n", static_cast<int>(name.size()), name.data());
    std::abort();
  }
  return it->second.value;
}

absl::StatusOr<int> Flags::GetInt(absl::string_view name, int min, int max) const {
  int value = 0;
  if (!absl::SimpleAtoi(Get(name), &value) || value < min || value > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, "=\"", Get(name), "\": expected a whole number from ", min, " to ", max));
  }
  return value;
}

absl::StatusOr<absl::Duration> Flags::GetDuration(absl::string_view name) const {
  absl::Duration value;
  if (!absl::ParseDuration(Get(name), &value) || value < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, "=\"", Get(name), "\": expected a duration such as 500ms, 5s or 1m"));
  }
  return value;
}

absl::StatusOr<bool> Flags::GetBool(absl::string_view name) const {
  const std::string value = absl::AsciiStrToLower(Get(name));
  if (value == "true" || value == "1" || value == "yes") return true;
  if (value == "false" || value == "0" || value == "no") return false;
  return absl::InvalidArgumentError(absl::StrCat("--", name, "=\"", Get(name), "\": expected true or false"));
}

std::string Flags::Usage(absl::string_view program) const {
  std::string out = absl::StrCat("usage: ", program, " [--flag=value ...]\n\n");
  for (const std::string& name : order_) {
    const Flag& flag = flags_.at(name);
    absl::StrAppend(&out, "  --", name);
    if (!flag.env.empty()) absl::StrAppend(&out, " (", flag.env, ")");
    if (!flag.default_value.empty()) absl::StrAppend(&out, " default \"", flag.default_value, "\"");
    absl::StrAppend(&out, "\n      ", flag.help, "\n");
  }
  return out;
}

Flags ServiceFlags() {
  Flags flags;
  flags.Define("listen", "MEDBRIEF_LISTEN", "", "host:port to serve gRPC on, required (port 0 picks a free port)");
  flags.Define("db_dsn", "MEDBRIEF_DB_DSN", "", "libpq connection string of the PostgreSQL database");
  flags.Define("content_addr", "MEDBRIEF_CONTENT_ADDR", "", "content service, host:port");
  flags.Define("citation_addr", "MEDBRIEF_CITATION_ADDR", "", "citation service, host:port");
  flags.Define("review_addr", "MEDBRIEF_REVIEW_ADDR", "", "review-workflow service, host:port");
  flags.Define("metrics_listen", "MEDBRIEF_METRICS_LISTEN", "", "host:port for Prometheus /metrics over HTTP");
  flags.Define("health_listen", "MEDBRIEF_HEALTH_LISTEN", "",
               "host:port serving only grpc.health.v1, in plaintext and without tokens (Kubernetes' gRPC probes "
               "cannot do TLS); off when empty");
  flags.Define("auth", "MEDBRIEF_AUTH", "jwt", "jwt, or off (local development only)");
  flags.Define("jwt_key", "MEDBRIEF_JWT_KEY", "", "HS256 signing key");
  flags.Define("tls_cert", "MEDBRIEF_TLS_CERT", "", "server certificate, PEM file");
  flags.Define("tls_key", "MEDBRIEF_TLS_KEY", "", "server private key, PEM file");
  flags.Define("tls_ca", "MEDBRIEF_TLS_CA", "", "CA bundle, PEM file; when set, peers must present a certificate (mTLS)");
  flags.Define("log_level", "MEDBRIEF_LOG_LEVEL", "info", "debug, info, warn or error");
  flags.Define("abbreviations", "MEDBRIEF_ABBREVIATIONS", "",
               "extra abbreviation vocabularies (.tsv or .csv files, or folders of them), comma-separated; "
               "added to the built-in one");
  flags.Define("plain_language", "MEDBRIEF_PLAIN_LANGUAGE", "",
               "answer: extra plain-language vocabularies (.tsv as services/answer/vocab, or .json glossaries as "
               "../shared/data/vocab/plain-language; files or folders), comma-separated; added to the built-in one");
  flags.Define("db_pool_size", "MEDBRIEF_DB_POOL_SIZE", "8", "PostgreSQL connections held at most");
  flags.Define("db_statement_timeout", "MEDBRIEF_DB_STATEMENT_TIMEOUT", "10s", "statement_timeout of every connection");
  flags.Define("db_connect_timeout", "MEDBRIEF_DB_CONNECT_TIMEOUT", "10s",
               "how long start-up waits for the database before exiting non-zero");
  flags.Define("shutdown_grace", "MEDBRIEF_SHUTDOWN_GRACE", "5s",
               "on SIGTERM: how long in-flight calls may finish before they are cancelled");
  flags.Define("review_required_approvals", "MEDBRIEF_REVIEW_REQUIRED_APPROVALS", "1",
               "review: distinct approvals that make an article APPROVED (fixed on each article when submitted)");
  flags.Define("review_board_only", "MEDBRIEF_REVIEW_BOARD_ONLY", "true",
               "review: only medical advisory board members may approve (true or false)");
  flags.Define("review_sla", "MEDBRIEF_REVIEW_SLA", "72h",
               "review: time an article may spend in SUBMITTED, UNDER_REVIEW or CHANGES_REQUESTED before it is "
               "overdue");
  flags.Define("review_max_writers", "MEDBRIEF_REVIEW_MAX_WRITERS", "4",
               "review: writes run against the database at once; more wait in the service (they serialise on "
               "the audit log's order anyway)");
  flags.Define("answer_repair_interval", "MEDBRIEF_ANSWER_REPAIR_INTERVAL", "5s",
               "answer: how often answers stored while review or citation failed are retried (submission, "
               "registration); each retry of one answer backs off from this, doubling");
  return flags;
}

absl::StatusOr<ServiceConfig> LoadServiceConfig(int argc, const char* const* argv, const EnvLookup& env) {
  Flags flags = ServiceFlags();
  RETURN_IF_ERROR(flags.Parse(argc, argv, env));
  if (flags.help_requested()) {
    const std::string usage = flags.Usage(argc > 0 ? argv[0] : "medbrief");
    std::fputs(usage.c_str(), stdout);
    ServiceConfig help;
    help.help = true;
    return help;
  }
  ServiceConfig config;
  config.listen = flags.Get("listen");
  config.db_dsn = flags.Get("db_dsn");
  config.content_addr = flags.Get("content_addr");
  config.citation_addr = flags.Get("citation_addr");
  config.review_addr = flags.Get("review_addr");
  config.metrics_listen = flags.Get("metrics_listen");
  config.health_listen = flags.Get("health_listen");
  config.auth = flags.Get("auth");
  config.jwt_key = flags.Get("jwt_key");
  config.tls_cert = flags.Get("tls_cert");
  config.tls_key = flags.Get("tls_key");
  config.tls_ca = flags.Get("tls_ca");
  config.log_level = flags.Get("log_level");
  config.abbreviations = flags.Get("abbreviations");
  config.plain_language = flags.Get("plain_language");
  ASSIGN_OR_RETURN(config.db_pool_size, flags.GetInt("db_pool_size", 1, 1000));
  ASSIGN_OR_RETURN(config.db_statement_timeout, flags.GetDuration("db_statement_timeout"));
  ASSIGN_OR_RETURN(config.db_connect_timeout, flags.GetDuration("db_connect_timeout"));
  ASSIGN_OR_RETURN(config.shutdown_grace, flags.GetDuration("shutdown_grace"));
  ASSIGN_OR_RETURN(config.review_required_approvals, flags.GetInt("review_required_approvals", 1, 20));
  ASSIGN_OR_RETURN(config.review_board_only, flags.GetBool("review_board_only"));
  ASSIGN_OR_RETURN(config.review_sla, flags.GetDuration("review_sla"));
  ASSIGN_OR_RETURN(config.review_max_writers, flags.GetInt("review_max_writers", 1, 1000));
  ASSIGN_OR_RETURN(config.answer_repair_interval, flags.GetDuration("answer_repair_interval"));
  if (config.answer_repair_interval <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--answer_repair_interval=\"", flags.Get("answer_repair_interval"), "\": must be positive"));
  }
  if (config.review_sla <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat("--review_sla=\"", flags.Get("review_sla"), "\": must be positive"));
  }
  if (config.listen.empty()) return absl::InvalidArgumentError("--listen (MEDBRIEF_LISTEN) is required");
  if (!config.health_listen.empty() && config.health_listen == config.listen &&
      !absl::EndsWith(config.listen, ":0")) {
    return absl::InvalidArgumentError(absl::StrCat("--health_listen=\"", config.health_listen,
                                                   "\": must differ from --listen (the health port is plaintext)"));
  }
  if (config.auth != "jwt" && config.auth != "off") {
    return absl::InvalidArgumentError(absl::StrCat("--auth=\"", config.auth, "\": expected jwt or off"));
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key go together");
  }
  if (!config.tls_ca.empty() && config.tls_cert.empty()) {
    return absl::InvalidArgumentError("--tls_ca needs --tls_cert and --tls_key");
  }
  return config;
}

}  // namespace medbrief::config
