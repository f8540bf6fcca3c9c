#include "quality/glad.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "quality/em.h"

namespace fairlabel::quality {

namespace {

//! log(sigma(x)), stable for large |x|.
double log_sigmoid(double x) { return x >= 0 ? -std::log1p(std::exp(-x)) : x - std::log1p(std::exp(x)); }
double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  double e = std::exp(x);
  return e / (1.0 + e);
}

class GladModel {
 public:
  GladModel(const AnswerTable& table, const GladOptions& options)
      : table_(table),
        options_(options),
        K_(table.num_labels()),
        log_wrong_share_(std::log(static_cast<double>(K_) - 1.0)),
        alpha_(table.num_workers(), options.alpha_prior_mean),
        b_(table.num_tasks(), options.b_prior_mean),
        priors_(K_, 1.0 / static_cast<double>(K_)),
        log_priors_(K_, std::log(1.0 / static_cast<double>(K_))),
        correct_(table.num_answers()),
        grad_alpha_(table.num_workers()),
        grad_b_(table.num_tasks()),
        hess_alpha_(table.num_workers()),
        hess_b_(table.num_tasks()),
        trial_alpha_(table.num_workers()),
        trial_b_(table.num_tasks()) {}

  void initialise(std::vector<double>& posterior) { e_step(posterior); }

  double e_step(std::vector<double>& posterior) const {
    auto workers = table_.workers();
    auto labels = table_.labels();
    std::vector<double> delta(K_);
    double log_likelihood = 0;
    for (Id task = 0; task < table_.num_tasks(); ++task) {
      const double beta = std::exp(b_[task]);
      std::fill(delta.begin(), delta.end(), 0.0);
      double base = 0;
      for (std::uint32_t a = table_.task_begin(task); a < table_.task_end(task); ++a) {
        const double x = alpha_[workers[a]] * beta;
        // No floor needed: log_sigmoid is exact and finite for any finite x.
        const double log_right = log_sigmoid(x);
        const double log_wrong = log_sigmoid(-x) - log_wrong_share_;
        base += log_wrong;
        delta[labels[a]] += log_right - log_wrong;
      }
      double* out = &posterior[task * K_];
      double max = -std::numeric_limits<double>::infinity();
      for (std::size_t k = 0; k < K_; ++k) {
        delta[k] += log_priors_[k];
        max = std::max(max, delta[k]);
      }
      double sum = 0;
      for (std::size_t k = 0; k < K_; ++k) sum += (out[k] = std::exp(delta[k] - max));
      for (std::size_t k = 0; k < K_; ++k) out[k] /= sum;
      log_likelihood += base + max + std::log(sum);
    }
    return log_likelihood + log_prior_density(alpha_, b_);
  }

  void m_step(const std::vector<double>& posterior) {
    // Class prior: the exact maximiser.
    if (options_.estimate_class_priors) {
    std::fill(priors_.begin(), priors_.end(), 0.0);
    for (Id task = 0; task < table_.num_tasks(); ++task)
      for (std::size_t k = 0; k < K_; ++k) priors_[k] += posterior[task * K_ + k];
    for (std::size_t k = 0; k < K_; ++k) {
      priors_[k] /= static_cast<double>(table_.num_tasks());
      log_priors_[k] = priors_[k] > 0 ? std::log(priors_[k]) : -std::numeric_limits<double>::infinity();
    }
    }
    // Posterior that each answer is correct.
    auto tasks = table_.tasks();
    auto labels = table_.labels();
    for (std::size_t a = 0; a < table_.num_answers(); ++a) correct_[a] = posterior[tasks[a] * K_ + labels[a]];

    // Preconditioned gradient ascent with an Armijo line search.
    double q = expected_objective(alpha_, b_);
    for (int step = 0; step < options_.m_step_max_iterations; ++step) {
      double slope = gradient();  // g . d, where d = g / h
      if (!(slope > 1e-12)) break;
      double eta = 1.0;
      bool accepted = false;
      for (int halving = 0; halving < 30; ++halving, eta *= 0.5) {
        for (std::size_t w = 0; w < alpha_.size(); ++w) trial_alpha_[w] = alpha_[w] + eta * grad_alpha_[w] / hess_alpha_[w];
        for (std::size_t t = 0; t < b_.size(); ++t) trial_b_[t] = b_[t] + eta * grad_b_[t] / hess_b_[t];
        double trial_q = expected_objective(trial_alpha_, trial_b_);
        if (trial_q >= q + 1e-4 * eta * slope) {
          alpha_.swap(trial_alpha_);
          b_.swap(trial_b_);
          double gain = trial_q - q;
          q = trial_q;
          accepted = true;
          if (gain < 1e-9 * static_cast<double>(table_.num_answers())) step = options_.m_step_max_iterations;
          break;
        }
      }
      if (!accepted) break;
    }
  }

  void fill_result(Aggregation& result) const {
    result.class_priors = priors_;
    result.worker_parameter = alpha_;
    result.task_parameter.resize(b_.size());
    for (std::size_t t = 0; t < b_.size(); ++t) result.task_parameter[t] = std::exp(b_[t]);
  }

 private:
  double log_prior_density(const std::vector<double>& alpha, const std::vector<double>& b) const {
    double sum = 0;
    for (double value : alpha) sum -= 0.5 * (value - options_.alpha_prior_mean) * (value - options_.alpha_prior_mean);
    for (double value : b) sum -= 0.5 * (value - options_.b_prior_mean) * (value - options_.b_prior_mean);
    return sum;
  }

  //! The part of the expected complete-data log-posterior that depends on
  //! (alpha, b); terms constant in them are dropped.
  double expected_objective(const std::vector<double>& alpha, const std::vector<double>& b) const {
    auto workers = table_.workers();
    double sum = 0;
    for (Id task = 0; task < table_.num_tasks(); ++task) {
      const double beta = std::exp(b[task]);
      for (std::uint32_t a = table_.task_begin(task); a < table_.task_end(task); ++a) {
        const double x = alpha[workers[a]] * beta;
        sum += correct_[a] * log_sigmoid(x) + (1.0 - correct_[a]) * log_sigmoid(-x);
      }
    }
    return sum + log_prior_density(alpha, b);
  }

  //! Fills the gradient and the diagonal Fisher information (plus the
  //! prior's curvature) of the expected objective; returns g . (g / h).
  double gradient() {
    auto workers = table_.workers();
    for (std::size_t w = 0; w < alpha_.size(); ++w) {
      grad_alpha_[w] = -(alpha_[w] - options_.alpha_prior_mean);
      hess_alpha_[w] = 1.0;
    }
    for (Id task = 0; task < table_.num_tasks(); ++task) {
      const double beta = std::exp(b_[task]);
      double grad = -(b_[task] - options_.b_prior_mean), hess = 1.0;
      for (std::uint32_t a = table_.task_begin(task); a < table_.task_end(task); ++a) {
        const Id w = workers[a];
        const double x = alpha_[w] * beta;
        const double s = sigmoid(x);
        const double residual = correct_[a] - s;
        const double curvature = s * (1.0 - s);
        grad_alpha_[w] += residual * beta;
        hess_alpha_[w] += curvature * beta * beta;
        grad += residual * x;  // d x / d b = alpha * beta = x
        hess += curvature * x * x;
      }
      grad_b_[task] = grad;
      hess_b_[task] = hess;
    }
    double slope = 0;
    for (std::size_t w = 0; w < alpha_.size(); ++w) slope += grad_alpha_[w] * grad_alpha_[w] / hess_alpha_[w];
    for (std::size_t t = 0; t < b_.size(); ++t) slope += grad_b_[t] * grad_b_[t] / hess_b_[t];
    return slope;
  }

  const AnswerTable& table_;
  const GladOptions options_;
  const std::size_t K_;
  const double log_wrong_share_;  // log(K - 1)
  std::vector<double> alpha_, b_, priors_, log_priors_;
  std::vector<double> correct_;
  std::vector<double> grad_alpha_, grad_b_, hess_alpha_, hess_b_, trial_alpha_, trial_b_;
};

}  // namespace

Aggregation glad(const AnswerTable& table, const EmOptions& options, const GladOptions& glad_options) {
  Aggregation result;
  result.num_labels = table.num_labels();
  if (table.num_labels() < 2 || table.num_tasks() == 0) {
    result.probabilities.assign(table.num_tasks() * table.num_labels(), 1.0);
    result.labels.assign(table.num_tasks(), 0);
    result.worker_skill.assign(table.num_workers(), 1.0);
    result.worker_parameter.assign(table.num_workers(), glad_options.alpha_prior_mean);
    result.converged = true;
    return result;
  }
  result.probabilities.resize(table.num_tasks() * table.num_labels());
  GladModel model(table, glad_options);
  detail::run_em(model, table.num_answers(), options, result.probabilities, result);
  choose_labels(result);
  model.fill_result(result);
  result.worker_skill = posterior_accuracy(table, result.probabilities);
  return result;
}

}  // namespace fairlabel::quality
