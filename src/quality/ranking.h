#pragma once
//! Rankings (`text_rank`): a consensus ranking by the Bradley-Terry model.
//!
//! Model: each item i has a strength g_i > 0 and i is preferred to j with
//! probability g_i / (g_i + g_j). A worker's ranking (best first) counts as
//! one win of every item over every item ranked below it, weighted by the
//! worker's weight (skill). To every pair of items we add `prior_wins`
//! pseudo-wins in each direction: the maximum-likelihood strengths then
//! always exist and are finite (an item nobody ranked below another would
//! otherwise have infinite strength), and a pair nobody compared stays even.
//!
//! Fit: Hunter's MM algorithm (Hunter 2004, "MM algorithms for generalized
//! Bradley-Terry models"): all at once,
//!   g_i <- W_i / sum_{j != i} N_ij / (g_i + g_j)
//! (W_i: i's weighted wins, N_ij: weighted comparisons of i and j, pseudo-
//! wins included), then rescaled so that the strengths sum to 1 (the model
//! is scale-free). Each update maximises a minorant of the log-likelihood,
//! so the log-likelihood never decreases (the tests check it).
//! Start: all strengths equal. Convergence: stop when no log-strength moves
//! by more than `tolerance` in an iteration, or after `max_iterations`.
//!
//! Consensus: items by descending strength; ties (log-strengths equal to 1e-12)
//! keep the task's item order. Worker agreement: the fraction of item pairs
//! the worker orders as the consensus does ((1 + Kendall's tau) / 2).

#include <string>
#include <vector>

namespace fairlabel::quality {

struct RankingSubmission {
  std::string worker;
  std::vector<std::string> ranking;  //!< item ids, best first: a permutation of the items
  double weight = 1.0;               //!< the worker's skill; negative counts as 0
};

struct BradleyTerryOptions {
  double prior_wins = 0.1;
  int max_iterations = 10000;
  double tolerance = 1e-10;
};

struct RankingAggregation {
  std::vector<std::string> items;      //!< as given
  std::vector<double> strength;        //!< per item, summing to 1
  std::vector<std::string> consensus;  //!< item ids, strongest first
  std::vector<double> worker_agreement;  //!< per submission, in [0, 1]
  int iterations = 0;
  bool converged = false;
  //! Log-likelihood (pseudo-wins included) at the start and after each
  //! iteration.
  std::vector<double> log_likelihood;
};

//! Throws fairlabel::Error (invalid_input, "invalid_ranking") when `items`
//! has duplicates or a ranking is not a permutation of `items`, saying
//! whose ranking and why; ("invalid_options") unless prior_wins > 0.
RankingAggregation bradley_terry(const std::vector<std::string>& items,
                                 const std::vector<RankingSubmission>& submissions,
                                 const BradleyTerryOptions& options = {});

//! Fraction of the pairs of `a` ordered the same way in `b` (both
//! permutations of the same ids); 1 for fewer than two items.
double pairwise_agreement(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace fairlabel::quality
