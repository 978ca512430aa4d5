#pragma once

// Latency statistics of the benchmarks.

#include <algorithm>
#include <vector>

namespace medbrief::bench {

// The p-quantile (0..1) of `values` by nearest rank; 0 when empty.
inline double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = std::min(values.size() - 1, static_cast<size_t>(p * static_cast<double>(values.size())));
  return values[rank];
}

}  // namespace medbrief::bench
