#pragma once
//! Dawid-Skene (1979) and its one-coin variant.
//!
//! Model: each task t has a hidden true label z_t ~ prior; each answer of
//! worker w to t is drawn from row z_t of the worker's confusion matrix,
//! P(answer = l | z_t = k) = e_w(l | k). EM alternates
//!   E-step: p_t(k) proportional to prior_k * prod_{answers a of t} e_w(l_a | k)
//!           (computed in log space, shifted by the row maximum before exp;
//!           a term more than ln 2^53 below the maximum, under one ulp of
//!           the row's sum, is stored as 0 without calling exp);
//!   M-step: prior_k = mean over tasks of p_t(k);
//!           e_w(l | k) = sum of p_t(k) over w's answers with label l,
//!           floored at 1e-10, then normalised over l.
//! Semantics follow crowd-kit 1.4.1's DawidSkene:
//!  - initialisation: p_0 = majority-vote fractions, prior = their mean,
//!    confusion matrices from one M-step on them;
//!  - only labels a worker actually gave have rows in their matrix (the
//!    floor applies to those rows; the others are 0) — crowd-kit's groupby;
//!  - the returned probabilities are the last E-step's, the priors and
//!    matrices the M-step's after it (see aggregation.h), so that with the
//!    same number of iterations the results are crowd-kit's.
//! Where we differ: convergence is checked on the true log-likelihood
//! sum_t log sum_k prior_k prod_a e_w(l_a | k), not crowd-kit's bound; see
//! aggregation.h. Defaults: at most 100 iterations, tolerance 1e-5 per answer.
//!
//! Cost per iteration: O(answers x labels) time; memory O(answers +
//! tasks x labels + workers x labels^2). Not thread-safe per call; separate
//! calls share nothing.

#include "quality/aggregation.h"

namespace fairlabel::quality {

//! Dawid-Skene. Fills class_priors and errors; worker_skill = mean over the
//! worker's answers of the posterior that the answer is the true label;
//! worker_parameter = sum_k prior_k * e_w(k | k) (0 contribution for labels
//! the worker never gave).
Aggregation dawid_skene(const AnswerTable& table, const EmOptions& options = {});

//! One-coin Dawid-Skene: e_w(l | k) = s_w if l == k, else (1 - s_w)/(K - 1)
//! — a single accuracy s_w per worker. M-step: s_w = mean over the worker's
//! answers of p_t(l_a) (the exact maximiser), clamped to [1e-10, 1 - 1e-10].
//! Same initialisation (from majority vote) and stopping rule as
//! dawid_skene(). worker_skill and worker_parameter are s_w; errors holds
//! the implied matrices for the labels each worker gave.
//! crowd-kit's OneCoinDawidSkene builds its matrices differently (from its
//! Dawid-Skene error frame); we implement the model as written above, so
//! results may differ from crowd-kit's on data where that matters.
Aggregation one_coin_dawid_skene(const AnswerTable& table, const EmOptions& options = {});

}  // namespace fairlabel::quality
