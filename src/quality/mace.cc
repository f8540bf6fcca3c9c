#include "quality/mace.h"

#include <algorithm>
#include <cmath>

#include "quality/em.h"

namespace fairlabel::quality {

namespace {

class MaceModel {
 public:
  MaceModel(const AnswerTable& table, const MaceOptions& options)
      : table_(table),
        K_(table.num_labels()),
        s_(options.smoothing),
        theta_(table.num_workers(), 0.5),
        xi_(table.num_workers() * K_, 1.0 / static_cast<double>(K_)),
        known_(table.num_workers()),
        spam_(xi_.size()),
        answered_(table.num_workers(), 0.0) {
    for (Id worker : table.workers()) answered_[worker] += 1;
  }

  void initialise(std::vector<double>& posterior) { e_step(posterior); }

  double e_step(std::vector<double>& posterior) const {
    auto workers = table_.workers();
    auto labels = table_.labels();
    const double log_uniform = -std::log(static_cast<double>(K_));
    std::vector<double> delta(K_);
    double log_likelihood = 0;
    for (Id task = 0; task < table_.num_tasks(); ++task) {
      std::fill(delta.begin(), delta.end(), 0.0);
      double base = 0;
      for (std::uint32_t a = table_.task_begin(task); a < table_.task_end(task); ++a) {
        const Id w = workers[a];
        const double theta = theta_[w];
        const double spammed = std::max((1.0 - theta) * xi_[w * K_ + labels[a]], kProbabilityFloor);
        const double log_spammed = std::log(spammed);
        base += log_spammed;
        delta[labels[a]] += std::log(theta + spammed) - log_spammed;
      }
      double max = *std::max_element(delta.begin(), delta.end());
      double sum = 0;
      double* out = &posterior[task * K_];
      for (std::size_t k = 0; k < K_; ++k) sum += (out[k] = std::exp(delta[k] - max));
      for (std::size_t k = 0; k < K_; ++k) out[k] /= sum;
      log_likelihood += log_uniform + base + max + std::log(sum);
    }
    return log_likelihood + log_prior_density();
  }

  void m_step(const std::vector<double>& posterior) {
    std::fill(known_.begin(), known_.end(), 0.0);
    std::fill(spam_.begin(), spam_.end(), 0.0);
    auto tasks = table_.tasks();
    auto workers = table_.workers();
    auto labels = table_.labels();
    for (std::size_t a = 0; a < table_.num_answers(); ++a) {
      const Id w = workers[a];
      const double theta = theta_[w];
      const double spammed = std::max((1.0 - theta) * xi_[w * K_ + labels[a]], kProbabilityFloor);
      const double known = posterior[tasks[a] * K_ + labels[a]] * theta / (theta + spammed);
      known_[w] += known;
      spam_[w * K_ + labels[a]] += 1.0 - known;
    }
    for (std::size_t w = 0; w < theta_.size(); ++w) {
      theta_[w] = (known_[w] + s_) / (answered_[w] + 2 * s_);
      double total = 0;
      for (std::size_t l = 0; l < K_; ++l) total += spam_[w * K_ + l];
      for (std::size_t l = 0; l < K_; ++l)
        xi_[w * K_ + l] = (spam_[w * K_ + l] + s_) / (total + static_cast<double>(K_) * s_);
    }
  }

  const std::vector<double>& competence() const { return theta_; }

 private:
  double log_prior_density() const {
    double sum = 0;
    for (double theta : theta_) sum += s_ * (std::log(theta) + std::log1p(-theta));
    for (double xi : xi_) sum += s_ * std::log(xi);
    return sum;
  }

  const AnswerTable& table_;
  const std::size_t K_;
  const double s_;
  std::vector<double> theta_, xi_;
  std::vector<double> known_, spam_, answered_;
};

}  // namespace

Aggregation mace(const AnswerTable& table, const EmOptions& options, const MaceOptions& mace_options) {
  Aggregation result;
  result.num_labels = table.num_labels();
  if (table.num_labels() < 2 || table.num_tasks() == 0) {
    result.probabilities.assign(table.num_tasks() * table.num_labels(), 1.0);
    result.labels.assign(table.num_tasks(), 0);
    result.worker_skill.assign(table.num_workers(), 1.0);
    result.worker_parameter.assign(table.num_workers(), 1.0);
    result.converged = true;
    return result;
  }
  result.probabilities.resize(table.num_tasks() * table.num_labels());
  MaceModel model(table, mace_options);
  detail::run_em(model, table.num_answers(), options, result.probabilities, result);
  choose_labels(result);
  result.worker_skill = posterior_accuracy(table, result.probabilities);
  result.worker_parameter = model.competence();
  return result;
}

}  // namespace fairlabel::quality
