#pragma once
//! The order statistics the transparency report uses, defined exactly so
//! anyone can recompute a published figure:
//!  - median: the lower median, sorted[(n − 1) / 2];
//!  - percentile p (1..100): nearest rank, sorted[ceil(p · n / 100) − 1].
//! Both are nullopt for an empty sample. Integers in, integers out.

#include <cstdint>
#include <optional>
#include <vector>

namespace fairlabel::report {

std::optional<std::int64_t> lower_median(std::vector<std::int64_t> values);
std::optional<std::int64_t> nearest_rank_percentile(std::vector<std::int64_t> values, int percent);

}  // namespace fairlabel::report
