#pragma once
//! MACE (Hovy et al., NAACL 2013): "Multi-Annotator Competence Estimation".
//!
//! Model: task t has a hidden true label z_t, uniform over the K labels
//! (fixed, as in MACE). For each answer the worker either knows the label
//! (probability theta_w, their competence) and gives z_t, or spams
//! (probability 1 - theta_w) and draws the label from their own spamming
//! distribution xi_w over the K labels:
//!   P(l | z_t = k) = theta_w [l == k] + (1 - theta_w) xi_w(l).
//!
//! Fit: EM for the MAP estimate with Beta(1 + s, 1 + s) priors on theta_w
//! and Dirichlet(1 + s) priors on xi_w, s = 0.01 (MACE's default
//! smoothing), i.e. s pseudo-counts added to every expected count. The
//! objective ("log_likelihood") is the log-likelihood plus the log prior
//! densities (constants dropped): it never decreases.
//!   E-step: p_t(k) exact, in log space.
//!   M-step: with r_a = theta / (theta + (1 - theta) xi(l_a)) the probability
//!   that an answer matching the true label was known rather than spammed,
//!   theta_w = (sum_a p_t(l_a) r_a + s) / (n_w + 2 s),
//!   xi_w(l) = (spam count of label l + s) / (total spam count + K s).
//! Initialisation: theta = 0.5 and uniform xi for every worker (so the first
//! E-step is a soft majority vote). Deterministic: where MACE and crowd-kit
//! start from random points (and so depend on row order and seeds), we use
//! this single fixed start; results therefore need not equal crowd-kit's.
//! Stopping and iteration structure: aggregation.h.

#include "quality/aggregation.h"

namespace fairlabel::quality {

struct MaceOptions {
  double smoothing = 0.01;
};

//! worker_skill = mean over the worker's answers of the posterior that the
//! answer is the true label; worker_parameter = theta_w.
Aggregation mace(const AnswerTable& table, const EmOptions& options = {}, const MaceOptions& mace_options = {});

}  // namespace fairlabel::quality
