#include "quality/aggregation.h"

#include <array>

#include "quality/dawid_skene.h"
#include "quality/glad.h"
#include "quality/mace.h"
#include "quality/majority_vote.h"

namespace fairlabel::quality {

namespace {
constexpr std::array<std::pair<Method, std::string_view>, 7> kMethodNames{{
    {Method::mv, "mv"},
    {Method::wmv, "wmv"},
    {Method::wawa, "wawa"},
    {Method::ds, "ds"},
    {Method::onecoin, "onecoin"},
    {Method::glad, "glad"},
    {Method::mace, "mace"},
}};
}  // namespace

std::optional<Method> parse_method(std::string_view name) {
  for (const auto& [method, method_name] : kMethodNames)
    if (method_name == name) return method;
  return std::nullopt;
}

std::string_view method_name(Method method) {
  for (const auto& [candidate, name] : kMethodNames)
    if (candidate == method) return name;
  return "?";
}

bool is_iterative(Method method) {
  return method == Method::ds || method == Method::onecoin || method == Method::glad || method == Method::mace;
}

Aggregation aggregate(const AnswerTable& table, Method method, const EmOptions& options) {
  switch (method) {
    case Method::mv: return majority_vote(table);
    case Method::wmv: return weighted_majority_vote(table, agreement_log_odds_weights(table));
    case Method::wawa: return wawa(table);
    case Method::ds: return dawid_skene(table, options);
    case Method::onecoin: return one_coin_dawid_skene(table, options);
    case Method::glad: return glad(table, options);
    case Method::mace: return mace(table, options);
  }
  return majority_vote(table);
}

Id argmax(std::span<const double> values) {
  Id best = 0;
  for (Id k = 1; k < values.size(); ++k)
    if (values[k] > values[best]) best = k;
  return best;
}

void choose_labels(Aggregation& result) {
  const std::size_t K = result.num_labels;
  const std::size_t num_tasks = K > 0 ? result.probabilities.size() / K : 0;
  result.labels.resize(num_tasks);
  for (std::size_t task = 0; task < num_tasks; ++task)
    result.labels[task] = argmax(std::span<const double>(result.probabilities).subspan(task * K, K));
}

std::vector<double> posterior_accuracy(const AnswerTable& table, std::span<const double> probabilities) {
  const std::size_t K = table.num_labels();
  std::vector<double> sum(table.num_workers(), 0.0), count(table.num_workers(), 0.0);
  auto tasks = table.tasks();
  auto workers = table.workers();
  auto labels = table.labels();
  for (std::size_t a = 0; a < table.num_answers(); ++a) {
    sum[workers[a]] += probabilities[tasks[a] * K + labels[a]];
    count[workers[a]] += 1;
  }
  for (std::size_t w = 0; w < sum.size(); ++w) sum[w] = count[w] > 0 ? sum[w] / count[w] : 0.0;
  return sum;
}

double accuracy(const AnswerTable& table, const Aggregation& result,
                const std::unordered_map<std::string, std::string>& truth, std::size_t* evaluated) {
  std::size_t compared = 0, correct = 0;
  for (Id task = 0; task < table.num_tasks(); ++task) {
    auto it = truth.find(table.task_name(task));
    if (it == truth.end()) continue;
    ++compared;
    if (table.label_name(result.labels[task]) == it->second) ++correct;
  }
  if (evaluated) *evaluated = compared;
  return compared > 0 ? static_cast<double>(correct) / static_cast<double>(compared) : 0.0;
}

}  // namespace fairlabel::quality
