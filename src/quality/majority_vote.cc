#include "quality/majority_vote.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace fairlabel::quality {

namespace {

Aggregation empty_result(const AnswerTable& table) {
  Aggregation result;
  result.num_labels = table.num_labels();
  result.probabilities.assign(table.num_tasks() * table.num_labels(), 0.0);
  return result;
}

//! Vote shares with per-answer weight weight_of(worker); tasks whose total
//! weight is not positive use unweighted shares.
template <typename WeightOf>
void vote_shares(const AnswerTable& table, WeightOf weight_of, std::vector<double>& probabilities) {
  const std::size_t K = table.num_labels();
  auto workers = table.workers();
  auto labels = table.labels();
  for (Id task = 0; task < table.num_tasks(); ++task) {
    double* row = &probabilities[task * K];
    double total = 0;
    for (std::uint32_t a = table.task_begin(task); a < table.task_end(task); ++a) {
      double weight = std::max(0.0, weight_of(workers[a]));
      row[labels[a]] += weight;
      total += weight;
    }
    if (!(total > 0)) {
      std::fill(row, row + K, 0.0);
      for (std::uint32_t a = table.task_begin(task); a < table.task_end(task); ++a) row[labels[a]] += 1.0;
      total = table.task_end(task) - table.task_begin(task);
    }
    for (std::size_t k = 0; k < K; ++k) row[k] /= total;
  }
}

}  // namespace

std::vector<double> agreement_with(const AnswerTable& table, std::span<const Id> labels) {
  std::vector<double> agree(table.num_workers(), 0.0), answered(table.num_workers(), 0.0);
  auto tasks = table.tasks();
  auto workers = table.workers();
  auto answer_labels = table.labels();
  for (std::size_t a = 0; a < table.num_answers(); ++a) {
    answered[workers[a]] += 1;
    if (answer_labels[a] == labels[tasks[a]]) agree[workers[a]] += 1;
  }
  for (std::size_t w = 0; w < agree.size(); ++w) agree[w] = answered[w] > 0 ? agree[w] / answered[w] : 0.0;
  return agree;
}

Aggregation majority_vote(const AnswerTable& table) {
  Aggregation result = empty_result(table);
  vote_shares(table, [](Id) { return 1.0; }, result.probabilities);
  choose_labels(result);
  result.worker_skill = agreement_with(table, result.labels);
  return result;
}

Aggregation weighted_majority_vote(const AnswerTable& table, std::span<const double> worker_weights) {
  if (worker_weights.size() != table.num_workers())
    throw Error::invalid("worker_weights_size", "weighted majority vote needs one weight per worker");
  Aggregation result = empty_result(table);
  vote_shares(table, [&](Id worker) { return worker_weights[worker]; }, result.probabilities);
  choose_labels(result);
  result.worker_skill = agreement_with(table, result.labels);
  result.worker_parameter.assign(worker_weights.begin(), worker_weights.end());
  for (double& weight : result.worker_parameter) weight = std::max(0.0, weight);
  return result;
}

std::vector<double> agreement_log_odds_weights(const AnswerTable& table) {
  Aggregation mv = majority_vote(table);
  std::vector<double> agree(table.num_workers(), 0.0), answered(table.num_workers(), 0.0);
  auto tasks = table.tasks();
  auto workers = table.workers();
  auto labels = table.labels();
  for (std::size_t a = 0; a < table.num_answers(); ++a) {
    answered[workers[a]] += 1;
    if (labels[a] == mv.labels[tasks[a]]) agree[workers[a]] += 1;
  }
  const double other_labels = std::max<double>(1.0, static_cast<double>(table.num_labels()) - 1.0);
  std::vector<double> weights(table.num_workers());
  for (std::size_t w = 0; w < weights.size(); ++w) {
    double a = (agree[w] + 1.0) / (answered[w] + 2.0);
    weights[w] = std::max(0.0, std::log(other_labels * a / (1.0 - a)));
  }
  return weights;
}

Aggregation wawa(const AnswerTable& table) {
  Aggregation mv = majority_vote(table);
  Aggregation result = empty_result(table);
  const std::vector<double>& skills = mv.worker_skill;
  vote_shares(table, [&](Id worker) { return skills[worker]; }, result.probabilities);
  choose_labels(result);
  result.worker_skill = skills;
  result.worker_parameter = skills;
  return result;
}

}  // namespace fairlabel::quality
