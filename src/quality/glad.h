#pragma once
//! GLAD (Whitehill et al., NIPS 2009): "Generative model of Labels,
//! Abilities, and Difficulties", extended to K labels as in crowd-kit.
//!
//! Model: task t has a hidden true label z_t ~ prior; worker w has ability
//! alpha_w (any real; negative = adversarial); task t has inverse
//! difficulty beta_t = exp(b_t) > 0. An answer is correct with probability
//! sigma(alpha_w * beta_t) (sigma = logistic), and otherwise uniform over
//! the K - 1 wrong labels. Priors: alpha_w ~ N(1, 1), b_t ~ N(1, 1) (the
//! means are crowd-kit's defaults).
//!
//! Fit: generalised EM on the log-posterior
//!   sum_t log sum_k prior_k prod_a P(l_a | z_t = k)
//!   - sum_w (alpha_w - 1)^2 / 2 - sum_t (b_t - 1)^2 / 2   (constants dropped)
//! which is this method's "log_likelihood" and never decreases.
//! Initialisation: alpha = 1, b = 1, uniform class prior (so the first
//! E-step is a soft majority vote). E-step: exact posterior of z_t (log
//! sigma is computed stably, so GLAD needs no probability floor).
//! M-step: the class prior stays uniform (as in the paper and crowd-kit;
//! re-estimating it, GladOptions::estimate_class_priors, makes GLAD fall
//! into a poor optimum on the Duck dataset); then up to 25 steps of gradient
//! ascent on the expected complete-data log-posterior in (alpha, b), each
//! step scaled per parameter by the inverse of the diagonal Fisher
//! information and accepted only if it passes an Armijo line search —
//! every M-step raises the objective, which is what GEM needs.
//! Stopping and iteration structure: aggregation.h. Not the same optimiser
//! as crowd-kit's (scipy conjugate gradient), so results can differ from
//! crowd-kit's slightly.

#include "quality/aggregation.h"

namespace fairlabel::quality {

struct GladOptions {
  int m_step_max_iterations = 25;
  double alpha_prior_mean = 1.0;
  double b_prior_mean = 1.0;
  //! false (the default, as Whitehill et al. and crowd-kit): the class
  //! prior stays uniform. true: re-estimated in each M-step like DS.
  bool estimate_class_priors = false;
};

//! worker_skill = mean over the worker's answers of the posterior that the
//! answer is the true label; worker_parameter = alpha_w; task_parameter =
//! beta_t = exp(b_t) (larger = easier). class_priors is set.
Aggregation glad(const AnswerTable& table, const EmOptions& options = {}, const GladOptions& glad_options = {});

}  // namespace fairlabel::quality
