#pragma once
//! Vote-counting aggregators: majority vote, weighted majority vote, Wawa.
//!
//! None of them iterates. Their "probabilities" are vote shares, not
//! calibrated posteriors (as crowd-kit's MajorityVote.predict_proba).

#include <span>
#include <vector>

#include "quality/aggregation.h"

namespace fairlabel::quality {

//! Majority vote (crowd-kit MajorityVote without skills).
//! probability(t, k) = (answers to t with label k) / (answers to t); the
//! label is the most frequent, the smallest label on ties. worker_skill is
//! the fraction of the worker's answers equal to the majority label of
//! their task (crowd-kit's MajorityVote.skills_); 0 for a worker without
//! answers. worker_parameter is empty.
Aggregation majority_vote(const AnswerTable& table);

//! Weighted majority vote: each answer votes with its worker's weight
//! (crowd-kit MajorityVote with `skills`): probability(t, k) = sum of the
//! weights of answers with label k / sum of the weights of all answers to t.
//! A task whose answers all weigh 0 (or less) falls back to plain vote
//! shares. `worker_weights` has one entry per worker (negative weights are
//! treated as 0). worker_skill is the fraction of the worker's answers equal
//! to the chosen label; worker_parameter holds the weights used.
Aggregation weighted_majority_vote(const AnswerTable& table, std::span<const double> worker_weights);

//! Default WMV weights when no external skill (e.g. gold accuracy) is
//! known: the log-odds of each worker's agreement with majority vote,
//! a = (agreements + 1) / (answers + 2) (Laplace-smoothed), weight =
//! max(0, log((K - 1) * a / (1 - a))) — the optimal vote weight for a
//! worker of accuracy a under the one-coin model; a worker at chance weighs 0.
std::vector<double> agreement_log_odds_weights(const AnswerTable& table);

//! Wawa, "worker agreement with aggregate" (crowd-kit Wawa): majority vote,
//! then each worker's skill = fraction of their answers equal to the
//! majority label, then weighted majority vote with those skills.
//! worker_skill and worker_parameter are those skills.
Aggregation wawa(const AnswerTable& table);

//! Fraction of each worker's answers equal to `labels[task]` (0 for a
//! worker without answers). Used by MV, Wawa and WMV.
std::vector<double> agreement_with(const AnswerTable& table, std::span<const Id> labels);

}  // namespace fairlabel::quality
