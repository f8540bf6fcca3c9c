#pragma once
//! Truth inference for categorical labels: what every aggregator returns,
//! the options of the iterative (EM) ones, and one entry point by name.
//!
//! Methods (each in its own header):
//!   mv       majority vote                              majority_vote.h
//!   wmv      weighted majority vote                     majority_vote.h
//!   wawa     worker agreement with aggregate (crowd-kit) majority_vote.h
//!   ds       Dawid-Skene, per-worker confusion matrices dawid_skene.h
//!   onecoin  one-coin Dawid-Skene, one accuracy/worker  dawid_skene.h
//!   glad     GLAD (worker ability x task difficulty)    glad.h
//!   mace     MACE (worker competence vs. spamming)      mace.h
//!
//! Other task types build on these (each header documents its rules):
//!   tags.h       multi-label tags: per-tag binary aggregation (any method)
//!   boxes.h      bounding boxes: IoU matching, quorum, skill-weighted fusion
//!   tracks.h     video tracks: keyframe interpolation, fusion per frame
//!   ranking.h    rankings: Bradley-Terry (MM) consensus
//!   text_edit.h  text edits: edit-distance medoid or the reviewer's pick
//!   gold.h, gold_rules.h  gold scoring with a tolerance per task type
//!   overlap.h    dynamic overlap: does a task need another worker?
//!
//! Conventions shared by all methods (where crowd-kit 1.4.1, the field's
//! reference Python library, is followed this says so):
//!  - Labels are the table's dense ids, in sorted string order. Ties go to
//!    the smallest label id, i.e. the smallest label in sorted string order
//!    (as crowd-kit's idxmax over sorted label columns).
//!  - Duplicate (task, worker) rows each count as one answer (as crowd-kit).
//!  - Every task in the table has at least one answer, so every task gets a
//!    distribution; a table with a single label gives probability 1.
//!  - The iterative methods work in log space and floor probabilities at
//!    kProbabilityFloor (1e-10, crowd-kit's _EPS for Dawid-Skene).
//!  - Convergence is decided on the TRUE objective of the model: the
//!    marginal log-likelihood of the observed answers, log p(answers |
//!    parameters) = sum over tasks of log sum_k prior_k prod_answers
//!    p(answer | true label k), plus the log-density of the parameter priors
//!    for the methods that have them (GLAD, MACE). EM never lowers it, and
//!    the tests check that on every shared dataset. crowd-kit instead stops
//!    on an evidence lower bound that adds the class-prior term once per
//!    answer rather than once per task, which can stop it after two
//!    iterations while the likelihood is still rising: we deliberately do
//!    not copy that rule (compare the two at a fixed iteration count).
//!  - Iteration structure (as crowd-kit): parameters theta_0 come from the
//!    initialisation; iteration j runs an E-step p_j = E(theta_{j-1}) and an
//!    M-step theta_j = M(p_j). The returned probabilities are p_n from the
//!    last iteration's E-step, the parameters theta_n (so with exactly the
//!    same number of iterations, labels and probabilities match crowd-kit's
//!    DawidSkene). log_likelihood[j] is the objective at theta_j (index 0 =
//!    the initialisation), computed during the next E-step, so checking
//!    convergence costs one extra E-step per fit, not per iteration.
//!  - Stopping: after iteration j, stop when
//!      (log_likelihood[j] - log_likelihood[j-1]) / num_answers < tolerance
//!    (crowd-kit divides its bound by the number of answers as well), or
//!    when j == max_iterations. tolerance <= 0 disables early stopping: the
//!    fit runs exactly max_iterations iterations.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quality/answer_table.h"

namespace fairlabel::quality {

//! Probabilities below this are raised to it before taking logs.
inline constexpr double kProbabilityFloor = 1e-10;

struct EmOptions {
  int max_iterations = 100;  //!< crowd-kit's default n_iter
  double tolerance = 1e-5;   //!< per answer; crowd-kit's default tol; <= 0: run exactly max_iterations
  //! Called after each iteration with its number (1-based) and the
  //! objective at the new parameters. May be empty.
  std::function<void(int iteration, double log_likelihood)> on_iteration;
};

//! What every aggregator returns.
struct Aggregation {
  std::size_t num_labels = 0;
  //! Row-major num_tasks x num_labels; each row sums to 1.
  std::vector<double> probabilities;
  //! The chosen label per task: the most probable, smallest id on ties.
  std::vector<Id> labels;
  //! Per worker, in [0, 1]: the method's estimate of the fraction of this
  //! worker's answers that are correct (see each method for how).
  std::vector<double> worker_skill;
  //! Per worker, the model's own skill parameter where it has one
  //! (DS: sum_k prior_k * P(answer k | true k); one-coin: the accuracy;
  //! GLAD: alpha; MACE: competence theta; WMV: the vote weight). Empty for MV.
  std::vector<double> worker_parameter;
  //! Per task, the model's task parameter where it has one (GLAD: beta_t).
  std::vector<double> task_parameter;

  // Iterative methods only.
  int iterations = 0;                  //!< EM iterations run
  bool converged = false;              //!< stopped by the tolerance, not the cap
  std::vector<double> log_likelihood;  //!< objective at theta_0 .. theta_n
  //! DS and one-coin: class priors (num_labels) and confusion matrices,
  //! errors[(worker * K + observed) * K + true] = P(observed | true); rows
  //! of labels a worker never gave are 0 (as crowd-kit leaves them out).
  std::vector<double> class_priors;
  std::vector<double> errors;

  std::size_t num_tasks() const { return labels.size(); }
  double probability(Id task, Id label) const { return probabilities[task * num_labels + label]; }
  //! The posterior probability of the chosen label.
  double confidence(Id task) const { return probability(task, labels[task]); }
  std::span<const double> distribution(Id task) const {
    return std::span<const double>(probabilities).subspan(task * num_labels, num_labels);
  }
};

enum class Method { mv, wmv, wawa, ds, onecoin, glad, mace };

//! "mv", "wmv", "wawa", "ds", "onecoin", "glad", "mace"; nullopt otherwise.
std::optional<Method> parse_method(std::string_view name);
std::string_view method_name(Method method);
//! Whether the method iterates (and so reads EmOptions).
bool is_iterative(Method method);

//! Runs `method` with its defaults (WMV: weights from agreement with MV,
//! see majority_vote.h).
Aggregation aggregate(const AnswerTable& table, Method method, const EmOptions& options = {});

//! Index of the largest value; the smallest index on ties.
Id argmax(std::span<const double> values);

//! Sets result.labels from result.probabilities (argmax, smallest on ties).
void choose_labels(Aggregation& result);

//! Per worker, the mean over their answers of probabilities[task][label]:
//! the expected fraction of their answers that are correct under the
//! posterior (0 for a worker without answers).
std::vector<double> posterior_accuracy(const AnswerTable& table, std::span<const double> probabilities);

//! Fraction of tasks with a truth label whose chosen label equals it
//! (string comparison, so a truth label no worker used counts as wrong).
//! Truth for tasks not in the table is ignored. Returns 0 if no task has
//! truth; `evaluated` (if given) receives the number of tasks compared.
double accuracy(const AnswerTable& table, const Aggregation& result,
                const std::unordered_map<std::string, std::string>& truth, std::size_t* evaluated = nullptr);

}  // namespace fairlabel::quality
