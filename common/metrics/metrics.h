#pragma once

// Prometheus metrics of a service, in the text exposition format (0.0.4):
//  - medbrief_rpc_duration_seconds{method,code}: a histogram of every call
//    (its _count is the number of requests by method and code);
//  - gauges computed when scraped (database pool use, search index size,
//    review queue length), registered by the parts that know them.
// One registry per process (Default()); the HTTP exporter serves it on
// --metrics_listen.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace medbrief::metrics {

// Upper bounds of the latency buckets, in seconds.
inline constexpr double kLatencyBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1,     2.5,  5,     10};

// One gauge sample: label pairs and a value.
struct Sample {
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

class Registry {
 public:
  static Registry& Default();

  // Records one finished call (`code` as its name, e.g. "NOT_FOUND").
  void ObserveRpc(absl::string_view method, absl::string_view code, double seconds);

  // A gauge whose samples `collect` returns at each scrape (it must be cheap
  // or cache its answer; it runs on the exporter's thread).
  void AddGauge(std::string name, std::string help, std::function<std::vector<Sample>()> collect);

  // Everything, in the text exposition format.
  std::string Render() const;

 private:
  struct Histogram {
    uint64_t buckets[std::size(kLatencyBuckets)] = {};
    uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string name, help;
    std::function<std::vector<Sample>()> collect;
  };

  mutable absl::Mutex mu_;
  // (method, code) -> its histogram
  // method -> code -> histogram: looked up by string_view, so a call of a
  // method and code seen before allocates nothing.
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, Histogram>> rpcs_ ABSL_GUARDED_BY(mu_);
  std::vector<Gauge> gauges_ ABSL_GUARDED_BY(mu_);
};

// Serves GET /metrics over HTTP on `listen` ("host:port"; port 0 picks one).
class Exporter {
 public:
  static absl::StatusOr<std::unique_ptr<Exporter>> Start(const std::string& listen, const Registry& registry);
  ~Exporter();  // stops serving
  int port() const { return port_; }

 private:
  struct Impl;
  explicit Exporter(std::unique_ptr<Impl> impl, int port);
  std::unique_ptr<Impl> impl_;
  int port_;
};

// Resident memory of this process in bytes, from /proc/self/statm (0 when
// it cannot be read).
size_t ResidentBytes();

}  // namespace medbrief::metrics
