#include "report/percentiles.h"

#include <algorithm>

namespace fairlabel::report {

std::optional<std::int64_t> lower_median(std::vector<std::int64_t> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return values[(values.size() - 1) / 2];
}

std::optional<std::int64_t> nearest_rank_percentile(std::vector<std::int64_t> values, int percent) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  std::size_t rank = (static_cast<std::size_t>(percent) * n + 99) / 100;  // ceil(p·n/100)
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return values[rank - 1];
}

}  // namespace fairlabel::report
