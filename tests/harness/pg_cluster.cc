#include "tests/harness/pg_cluster.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tests/harness/process.h"

#ifndef MEDBRIEF_PGTMP
#error "MEDBRIEF_PGTMP (path of tools/pgtmp) must be defined by the build"
#endif

namespace medbrief::testing {
namespace {

// The postmaster of the shared cluster, for the crash handler (async-signal-safe: a plain int).
volatile sig_atomic_t g_postmaster_pid = 0;

void QuitPostmasterOnCrash(int signal) {
  if (g_postmaster_pid > 0) kill(static_cast<pid_t>(g_postmaster_pid), SIGQUIT);  // immediate shutdown
  ::signal(signal, SIG_DFL);
  raise(signal);
}

void InstallCrashCleanup(const std::string& dir) {
  std::ifstream pid_file(dir + "/data/postmaster.pid");
  long pid = 0;
  if (pid_file >> pid) g_postmaster_pid = static_cast<sig_atomic_t>(pid);
  for (int signal : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGTERM, SIGINT}) ::signal(signal, QuitPostmasterOnCrash);
}

}  // namespace

absl::StatusOr<std::unique_ptr<PgCluster>> PgCluster::Start() {
  char tmpl[] = "/tmp/medbrief-pg.XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return absl::InternalError("mkdtemp failed");
  std::unique_ptr<PgCluster> cluster(new PgCluster(tmpl));
  if (absl::Status started = cluster->RunPgtmp("start"); !started.ok()) return started;
  cluster->running_ = true;
  InstallCrashCleanup(cluster->dir_);
  return cluster;
}

PgCluster::~PgCluster() {
  if (running_) {
    absl::Status stopped = RunPgtmp("stop");
    if (!stopped.ok()) std::fprintf(stderr, "pg harness: %s\n", stopped.ToString().c_str());
  }
  g_postmaster_pid = 0;
  const std::string rm = "rm -rf '" + dir_ + "'";
  if (std::system(rm.c_str()) != 0) std::fprintf(stderr, "pg harness: could not remove %s\n", dir_.c_str());
}

absl::Status PgCluster::RunPgtmp(const std::string& command) const {
  auto child = ChildProcess::Spawn(MEDBRIEF_PGTMP, {command, dir_}, {});
  if (!child.ok()) return child.status();
  absl::StatusOr<int> code = (*child)->Wait(absl::Seconds(90));
  if (!code.ok()) return code.status();
  if (*code != 0) {
    return absl::InternalError(absl::StrCat("tools/pgtmp ", command, " exited ", *code, ": ", (*child)->Stderr()));
  }
  return absl::OkStatus();
}

absl::Status PgCluster::Stop() {
  absl::Status status = RunPgtmp("stop");
  if (status.ok()) running_ = false;
  return status;
}

absl::Status PgCluster::Restart() {
  absl::Status status = RunPgtmp("start");
  if (status.ok()) {
    running_ = true;
    InstallCrashCleanup(dir_);
  }
  return status;
}

std::string PgCluster::Dsn(const std::string& database) const {
  return absl::StrCat("host=", dir_, " port=5432 user=postgres dbname=", database);
}

absl::StatusOr<std::string> PgCluster::CreateDatabase(const std::string& name) {
  const std::string database = absl::AsciiStrToLower(name);
  try {
    pqxx::connection conn(Dsn("postgres"));
    pqxx::nontransaction tx(conn);
    tx.exec0("DROP DATABASE IF EXISTS " + tx.quote_name(database));
    tx.exec0("CREATE DATABASE " + tx.quote_name(database));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("create database ", database, ": ", e.what()));
  }
  return Dsn(database);
}

namespace {

class ClusterEnvironment : public ::testing::Environment {
 public:
  PgCluster& cluster() {
    if (cluster_ == nullptr) {
      auto started = PgCluster::Start();
      if (!started.ok()) {
        std::fprintf(stderr, "cannot start the test PostgreSQL: %s\n", started.status().ToString().c_str());
        std::abort();
      }
      cluster_ = *std::move(started);
    }
    return *cluster_;
  }
  void TearDown() override { cluster_.reset(); }

 private:
  std::unique_ptr<PgCluster> cluster_;
};

ClusterEnvironment* Environment() {
  static ClusterEnvironment* const kEnv = [] {
    auto* env = new ClusterEnvironment();
    ::testing::AddGlobalTestEnvironment(env);  // gtest owns it and calls TearDown at the end
    return env;
  }();
  return kEnv;
}

// Registered before main() so that TearDown runs even if no test uses the cluster.
[[maybe_unused]] const bool kRegistered = (Environment(), true);

}  // namespace

PgCluster& SharedCluster() { return Environment()->cluster(); }

std::string* PgTest::dsn_ = nullptr;

void PgTest::SetUpTestSuite() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_suite();
  absl::StatusOr<std::string> dsn = SharedCluster().CreateDatabase(absl::StrCat("t_", info->name()));
  ASSERT_TRUE(dsn.ok()) << dsn.status();
  dsn_ = new std::string(*dsn);
}

void PgTest::TearDownTestSuite() {
  delete dsn_;
  dsn_ = nullptr;
}

const std::string& PgTest::dsn() { return *dsn_; }

}  // namespace medbrief::testing
