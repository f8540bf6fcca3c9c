#include "quality/ranking.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "core/error.h"

namespace fairlabel::quality {

namespace {

std::unordered_map<std::string, std::size_t> index_items(const std::vector<std::string>& items) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!index.emplace(items[i], i).second)
      throw Error::invalid("invalid_ranking", "item \"" + items[i] + "\" appears twice in the task's items");
  return index;
}

//! Positions of the items in a ranking (position[item] = rank, 0 = best).
std::vector<std::size_t> positions(const std::unordered_map<std::string, std::size_t>& index,
                                   const std::vector<std::string>& ranking, const std::string& whose) {
  std::vector<std::size_t> position(index.size(), index.size());
  if (ranking.size() != index.size())
    throw Error::invalid("invalid_ranking", whose + " ranks " + std::to_string(ranking.size()) + " items, the task has " +
                                                std::to_string(index.size()));
  for (std::size_t rank = 0; rank < ranking.size(); ++rank) {
    auto it = index.find(ranking[rank]);
    if (it == index.end())
      throw Error::invalid("invalid_ranking", whose + " ranks the unknown item \"" + ranking[rank] + "\"");
    if (position[it->second] != index.size())
      throw Error::invalid("invalid_ranking", whose + " ranks \"" + ranking[rank] + "\" twice");
    position[it->second] = rank;
  }
  return position;
}

double log_likelihood(const std::vector<double>& wins, const std::vector<double>& strength) {
  const std::size_t n = strength.size();
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (i != j && wins[i * n + j] > 0) sum += wins[i * n + j] * std::log(strength[i] / (strength[i] + strength[j]));
  return sum;
}

}  // namespace

double pairwise_agreement(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() < 2) return 1.0;
  auto index = index_items(a);
  auto position_in_b = positions(index, b, "the second ranking");
  std::size_t agree = 0, pairs = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = i + 1; j < a.size(); ++j, ++pairs)
      if (position_in_b[index.at(a[i])] < position_in_b[index.at(a[j])]) ++agree;
  return static_cast<double>(agree) / static_cast<double>(pairs);
}

RankingAggregation bradley_terry(const std::vector<std::string>& items,
                                 const std::vector<RankingSubmission>& submissions,
                                 const BradleyTerryOptions& options) {
  if (!(options.prior_wins > 0))
    throw Error::invalid("invalid_options", "Bradley-Terry needs prior_wins > 0 (finite strengths)");
  const auto index = index_items(items);
  const std::size_t n = items.size();
  RankingAggregation result;
  result.items = items;
  // wins[i * n + j]: weighted wins of i over j, pseudo-wins included.
  std::vector<double> wins(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (i != j) wins[i * n + j] = options.prior_wins;
  for (std::size_t s = 0; s < submissions.size(); ++s) {
    const auto& submission = submissions[s];
    auto position = positions(index, submission.ranking, "the ranking of worker \"" + submission.worker + "\"");
    const double weight = std::max(submission.weight, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        if (position[i] < position[j]) wins[i * n + j] += weight;
  }
  std::vector<double> strength(n, n > 0 ? 1.0 / static_cast<double>(n) : 0.0);
  result.log_likelihood.push_back(log_likelihood(wins, strength));
  if (n >= 2) {
    std::vector<double> total_wins(n, 0.0), next(n);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) total_wins[i] += wins[i * n + j];
    for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
      for (std::size_t i = 0; i < n; ++i) {
        double denominator = 0;
        for (std::size_t j = 0; j < n; ++j)
          if (j != i) denominator += (wins[i * n + j] + wins[j * n + i]) / (strength[i] + strength[j]);
        next[i] = total_wins[i] / denominator;
      }
      const double sum = std::accumulate(next.begin(), next.end(), 0.0);
      double largest_move = 0;
      for (std::size_t i = 0; i < n; ++i) {
        next[i] /= sum;
        largest_move = std::max(largest_move, std::abs(std::log(next[i]) - std::log(strength[i])));
      }
      strength.swap(next);
      result.iterations = iteration;
      result.log_likelihood.push_back(log_likelihood(wins, strength));
      if (largest_move < options.tolerance) {
        result.converged = true;
        break;
      }
    }
  } else {
    result.converged = true;
  }
  result.strength = strength;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Strengths equal to about 1e-12 relative tie (symmetric data can give
  // last-bit differences); quantised log-strengths keep the order strict.
  std::vector<long long> key(n);
  for (std::size_t i = 0; i < n; ++i) key[i] = std::llround(std::log(strength[i]) * 1e12);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
  for (std::size_t i : order) result.consensus.push_back(items[i]);
  for (const auto& submission : submissions)
    result.worker_agreement.push_back(pairwise_agreement(result.consensus, submission.ranking));
  return result;
}

}  // namespace fairlabel::quality
