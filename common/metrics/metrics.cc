#include "common/metrics/metrics.h"

#include <httplib.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace medbrief::metrics {
namespace {

// A label value with \, " and newlines escaped, as the format requires.
std::string Escape(absl::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Labels(const std::vector<std::pair<std::string, std::string>>& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    absl::StrAppend(&out, i > 0 ? "," : "", labels[i].first, "=\"", Escape(labels[i].second), "\"");
  }
  return out + "}";
}

// The shortest of %.15g..%.17g that reads back as the same double.
std::string Number(double value) {
  for (int precision = 15; precision < 17; ++precision) {
    std::string text = absl::StrFormat("%.*g", precision, value);
    double back = 0;
    if (absl::SimpleAtod(text, &back) && back == value) return text;
  }
  return absl::StrFormat("%.17g", value);
}

}  // namespace

Registry& Registry::Default() {
  static Registry* const kRegistry = new Registry();
  return *kRegistry;
}

void Registry::ObserveRpc(absl::string_view method, absl::string_view code, double seconds) {
  absl::MutexLock lock(&mu_);
  auto by_method = rpcs_.find(method);
  if (by_method == rpcs_.end()) by_method = rpcs_.try_emplace(std::string(method)).first;
  auto by_code = by_method->second.find(code);
  if (by_code == by_method->second.end()) by_code = by_method->second.try_emplace(std::string(code)).first;
  Histogram& h = by_code->second;
  for (size_t b = 0; b < std::size(kLatencyBuckets); ++b) {
    if (seconds <= kLatencyBuckets[b]) ++h.buckets[b];
  }
  ++h.count;
  h.sum += seconds;
}

void Registry::AddGauge(std::string name, std::string help, std::function<std::vector<Sample>()> collect) {
  absl::MutexLock lock(&mu_);
  gauges_.push_back(Gauge{std::move(name), std::move(help), std::move(collect)});
}

std::string Registry::Render() const {
  std::vector<std::pair<std::pair<std::string, std::string>, Histogram>> rpcs;
  std::vector<Gauge> gauges;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [method, by_code] : rpcs_) {
      for (const auto& [code, h] : by_code) rpcs.push_back({{method, code}, h});
    }
    gauges = gauges_;
  }
  std::sort(rpcs.begin(), rpcs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out =
      "# HELP medbrief_rpc_duration_seconds gRPC calls served, by method and status code; _count is the number of "
      "requests\n"
      "# TYPE medbrief_rpc_duration_seconds histogram\n";
  for (const auto& [key, h] : rpcs) {
    const std::vector<std::pair<std::string, std::string>> base = {{"method", key.first}, {"code", key.second}};
    for (size_t b = 0; b < std::size(kLatencyBuckets); ++b) {
      auto labels = base;
      labels.emplace_back("le", Number(kLatencyBuckets[b]));
      absl::StrAppend(&out, "medbrief_rpc_duration_seconds_bucket", Labels(labels), " ", h.buckets[b], "\n");
    }
    auto inf = base;
    inf.emplace_back("le", "+Inf");
    absl::StrAppend(&out, "medbrief_rpc_duration_seconds_bucket", Labels(inf), " ", h.count, "\n");
    absl::StrAppend(&out, "medbrief_rpc_duration_seconds_sum", Labels(base), " ", Number(h.sum), "\n");
    absl::StrAppend(&out, "medbrief_rpc_duration_seconds_count", Labels(base), " ", h.count, "\n");
  }
  for (const Gauge& gauge : gauges) {
    absl::StrAppend(&out, "# HELP ", gauge.name, " ", gauge.help, "\n# TYPE ", gauge.name, " gauge\n");
    for (const Sample& sample : gauge.collect()) {
      absl::StrAppend(&out, gauge.name, Labels(sample.labels), " ", Number(sample.value), "\n");
    }
  }
  return out;
}

struct Exporter::Impl {
  httplib::Server server;
  std::thread thread;
};

Exporter::Exporter(std::unique_ptr<Impl> impl, int port) : impl_(std::move(impl)), port_(port) {}

Exporter::~Exporter() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

absl::StatusOr<std::unique_ptr<Exporter>> Exporter::Start(const std::string& listen, const Registry& registry) {
  const size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("--metrics_listen: expected host:port, got \"", listen, "\""));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto impl = std::make_unique<Impl>();
  impl->server.Get("/metrics", [&registry](const httplib::Request&, httplib::Response& response) {
    response.set_content(registry.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  const int bound = port == 0 ? impl->server.bind_to_any_port(host) : (impl->server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) return absl::UnavailableError(absl::StrCat("--metrics_listen: cannot listen on ", listen));
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->server.listen_after_bind(); });
  return std::unique_ptr<Exporter>(new Exporter(std::move(impl), bound));
}

size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace medbrief::metrics
