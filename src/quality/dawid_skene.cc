#include "quality/dawid_skene.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "quality/em.h"
#include "quality/majority_vote.h"

namespace fairlabel::quality {

namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();
//! ln(2^53): exp(-x) for x beyond this is below the double epsilon.
constexpr double kNegligibleLogGap = 36.7368005696771;

//! What DS and one-coin DS share: priors, a log confusion matrix per
//! worker, the E-step, and the majority-vote initialisation.
class ConfusionModel {
 public:
  explicit ConfusionModel(const AnswerTable& table)
      : table_(table),
        K_(table.num_labels()),
        priors_(K_, 0.0),
        log_priors_(K_, 0.0),
        errors_(table.num_workers() * K_ * K_, 0.0),
        log_errors_(errors_.size(), std::log(kProbabilityFloor)),
        used_(table.num_workers() * K_, 0),
        cells_(table.num_answers()) {
    auto workers = table.workers();
    auto labels = table.labels();
    for (std::size_t a = 0; a < table.num_answers(); ++a) {
      cells_[a] = static_cast<std::uint32_t>(workers[a] * K_ + labels[a]);
      used_[cells_[a]] = 1;
    }
  }

  double e_step(std::vector<double>& posterior) const {
    return detail::with_label_count(K_, [&](auto fixed) { return e_step_for<decltype(fixed)::value>(posterior); });
  }

  void initialise_from_majority_vote(std::vector<double>& posterior) {
    posterior = majority_vote(table_).probabilities;
  }

  void update_priors(const std::vector<double>& posterior) {
    std::fill(priors_.begin(), priors_.end(), 0.0);
    for (Id task = 0; task < table_.num_tasks(); ++task)
      for (std::size_t k = 0; k < K_; ++k) priors_[k] += posterior[task * K_ + k];
    for (std::size_t k = 0; k < K_; ++k) {
      priors_[k] /= static_cast<double>(table_.num_tasks());
      log_priors_[k] = priors_[k] > 0 ? std::log(priors_[k]) : kMinusInfinity;
    }
  }

  void fill_result(Aggregation& result) const {
    result.class_priors = priors_;
    result.errors = errors_;
  }

 protected:
  //! The E-step with the label count known at compile time (0: runtime).
  template <std::size_t kFixed>
  double e_step_for(std::vector<double>& posterior) const {
    const std::size_t K = kFixed ? kFixed : K_;
    const std::uint32_t* cells = cells_.data();
    const std::uint32_t* offsets = table_.task_offsets().data();
    const double* log_errors = log_errors_.data();
    double log_likelihood = 0;
    double acc_storage[kFixed ? kFixed : 1];
    std::vector<double> acc_dynamic(kFixed ? 0 : K);
    double* acc = kFixed ? acc_storage : acc_dynamic.data();
    for (Id task = 0; task < table_.num_tasks(); ++task) {
      for (std::size_t k = 0; k < K; ++k) acc[k] = log_priors_[k];
      for (std::uint32_t a = offsets[task]; a < offsets[task + 1]; ++a) {
        const double* row = log_errors + static_cast<std::size_t>(cells[a]) * K;
        for (std::size_t k = 0; k < K; ++k) acc[k] += row[k];
      }
      double max = acc[0];
      for (std::size_t k = 1; k < K; ++k) max = std::max(max, acc[k]);
      double sum = 0;
      double* out = &posterior[task * K];
      // exp(0) = 1 needs no call; a term more than kNegligibleLogGap below
      // the maximum is under one ulp of the sum (which is >= 1) and is
      // stored as 0: most of the posteriors on dense data are of this kind,
      // and exp is the largest single cost of the E-step.
      for (std::size_t k = 0; k < K; ++k) {
        const double gap = acc[k] - max;
        out[k] = gap == 0 ? 1.0 : gap < -kNegligibleLogGap ? 0.0 : std::exp(gap);
        sum += out[k];
      }
      const double inverse = 1.0 / sum;
      for (std::size_t k = 0; k < K; ++k) out[k] *= inverse;
      log_likelihood += max + std::log(sum);
    }
    return log_likelihood;
  }

  const AnswerTable& table_;
  const std::size_t K_;
  std::vector<double> priors_, log_priors_;
  std::vector<double> errors_;      // (worker * K + observed) * K + true
  std::vector<double> log_errors_;  // same layout
  std::vector<char> used_;          // worker * K + label: the worker gave this label
  //! Per answer, worker * K + label: the row of the confusion matrix it
  //! reads, so the hot loops load one index instead of two (4 bytes/answer).
  std::vector<std::uint32_t> cells_;
};

class DawidSkeneModel : public ConfusionModel {
 public:
  explicit DawidSkeneModel(const AnswerTable& table) : ConfusionModel(table), counts_(errors_.size()) {}

  void initialise(std::vector<double>& posterior) {
    initialise_from_majority_vote(posterior);
    m_step(posterior);
  }

  void m_step(const std::vector<double>& posterior) {
    update_priors(posterior);
    std::fill(counts_.begin(), counts_.end(), 0.0);
    detail::with_label_count(K_, [&](auto fixed) { accumulate_counts<decltype(fixed)::value>(posterior); });
    std::vector<double> column_sum(K_);
    for (std::size_t w = 0; w < table_.num_workers(); ++w) {
      double* counts = &counts_[w * K_ * K_];
      std::fill(column_sum.begin(), column_sum.end(), 0.0);
      for (std::size_t l = 0; l < K_; ++l) {
        if (!used_[w * K_ + l]) continue;
        for (std::size_t k = 0; k < K_; ++k) {
          double& c = counts[l * K_ + k];
          c = std::max(c, kProbabilityFloor);
          column_sum[k] += c;
        }
      }
      double* errors = &errors_[w * K_ * K_];
      double* log_errors = &log_errors_[w * K_ * K_];
      for (std::size_t l = 0; l < K_; ++l) {
        if (!used_[w * K_ + l]) continue;
        for (std::size_t k = 0; k < K_; ++k) {
          errors[l * K_ + k] = counts[l * K_ + k] / column_sum[k];
          log_errors[l * K_ + k] = std::log(errors[l * K_ + k]);
        }
      }
    }
  }

  std::vector<double> expected_accuracy() const {
    std::vector<double> result(table_.num_workers(), 0.0);
    for (std::size_t w = 0; w < result.size(); ++w)
      for (std::size_t k = 0; k < K_; ++k) result[w] += priors_[k] * errors_[(w * K_ + k) * K_ + k];
    return result;
  }

 private:
  //! counts[w][l][k] += p_t(k) over answers (t, w, l); K fixed if kFixed > 0.
  template <std::size_t kFixed>
  void accumulate_counts(const std::vector<double>& posterior) {
    const std::size_t K = kFixed ? kFixed : K_;
    const std::uint32_t* cells = cells_.data();
    const std::uint32_t* offsets = table_.task_offsets().data();
    double* counts = counts_.data();
    for (Id task = 0; task < table_.num_tasks(); ++task) {
      const double* p = &posterior[task * K];
      for (std::uint32_t a = offsets[task]; a < offsets[task + 1]; ++a) {
        double* row = counts + static_cast<std::size_t>(cells[a]) * K;
        for (std::size_t k = 0; k < K; ++k) row[k] += p[k];
      }
    }
  }

  std::vector<double> counts_;
};

class OneCoinModel : public ConfusionModel {
 public:
  explicit OneCoinModel(const AnswerTable& table) : ConfusionModel(table), skills_(table.num_workers(), 0.0) {}

  void initialise(std::vector<double>& posterior) {
    initialise_from_majority_vote(posterior);
    m_step(posterior);
  }

  void m_step(const std::vector<double>& posterior) {
    update_priors(posterior);
    skills_ = posterior_accuracy(table_, posterior);
    const double other = static_cast<double>(K_) - 1.0;
    for (std::size_t w = 0; w < table_.num_workers(); ++w) {
      double s = std::clamp(skills_[w], kProbabilityFloor, 1.0 - kProbabilityFloor);
      skills_[w] = s;
      double right = s, wrong = (1.0 - s) / other;
      double log_right = std::log(right), log_wrong = std::log(wrong);
      for (std::size_t l = 0; l < K_; ++l) {
        bool used = used_[w * K_ + l];
        for (std::size_t k = 0; k < K_; ++k) {
          std::size_t i = (w * K_ + l) * K_ + k;
          errors_[i] = used ? (l == k ? right : wrong) : 0.0;
          log_errors_[i] = l == k ? log_right : log_wrong;
        }
      }
    }
  }

  const std::vector<double>& skills() const { return skills_; }

 private:
  std::vector<double> skills_;
};

//! A table with a single label (or none): everything is certain.
bool trivial(const AnswerTable& table, Aggregation& result) {
  if (table.num_labels() > 1 && table.num_tasks() > 0) return false;
  result.num_labels = table.num_labels();
  result.probabilities.assign(table.num_tasks() * table.num_labels(), 1.0);
  result.labels.assign(table.num_tasks(), 0);
  result.worker_skill.assign(table.num_workers(), 1.0);
  result.worker_parameter.assign(table.num_workers(), 1.0);
  result.class_priors.assign(table.num_labels(), 1.0);
  result.converged = true;
  return true;
}

}  // namespace

Aggregation dawid_skene(const AnswerTable& table, const EmOptions& options) {
  Aggregation result;
  if (trivial(table, result)) return result;
  result.num_labels = table.num_labels();
  result.probabilities.resize(table.num_tasks() * table.num_labels());
  DawidSkeneModel model(table);
  detail::run_em(model, table.num_answers(), options, result.probabilities, result);
  choose_labels(result);
  model.fill_result(result);
  result.worker_skill = posterior_accuracy(table, result.probabilities);
  result.worker_parameter = model.expected_accuracy();
  return result;
}

Aggregation one_coin_dawid_skene(const AnswerTable& table, const EmOptions& options) {
  Aggregation result;
  if (trivial(table, result)) return result;
  result.num_labels = table.num_labels();
  result.probabilities.resize(table.num_tasks() * table.num_labels());
  OneCoinModel model(table);
  detail::run_em(model, table.num_answers(), options, result.probabilities, result);
  choose_labels(result);
  model.fill_result(result);
  result.worker_skill = model.skills();
  result.worker_parameter = model.skills();
  return result;
}

}  // namespace fairlabel::quality
