#pragma once
//! Gold tasks: scoring workers against known answers.
//!
//! Whether one answer matches gold is decided by the caller's tolerance
//! rule for the task type (exact label for categories, IoU >= 0.5 for
//! boxes, ...); this file turns the resulting (worker, correct?) judgements
//! into a per-worker accuracy with its uncertainty. For categorical answer
//! tables, score_against_gold() applies the exact-label rule itself.
//!
//! Uncertainty: the Wilson score interval (Wilson 1927) at z = 1.96 (95%),
//! which stays inside [0, 1] and behaves at 0 or n successes, unlike the
//! normal approximation; and the posterior mean under a uniform Beta(1, 1)
//! prior, (correct + 1) / (answered + 2), a shrunk point estimate suited to
//! routing decisions on few gold answers.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "quality/answer_table.h"

namespace fairlabel::quality {

inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double lower = 0;
  double upper = 1;
};

//! Wilson score interval for `successes` out of `trials` at normal quantile
//! z. trials == 0 gives [0, 1]. Requires 0 <= successes <= trials.
Interval wilson_interval(double successes, double trials, double z = kZ95);

struct GoldScore {
  std::uint32_t answered = 0;   //!< gold answers judged
  std::uint32_t correct = 0;    //!< of which correct
  double accuracy = 0;          //!< correct / answered (0 if none)
  double posterior_mean = 0.5;  //!< (correct + 1) / (answered + 2)
  Interval interval;            //!< Wilson interval at the z used
};

GoldScore make_gold_score(std::uint32_t correct, std::uint32_t answered, double z = kZ95);

//! Accumulates (worker, correct?) judgements. Not thread-safe.
class GoldTally {
 public:
  explicit GoldTally(std::size_t num_workers) : correct_(num_workers, 0), answered_(num_workers, 0) {}
  void add(Id worker, bool correct) {
    ++answered_[worker];
    if (correct) ++correct_[worker];
  }
  //! One score per worker (workers without gold answers: answered == 0).
  std::vector<GoldScore> scores(double z = kZ95) const;

 private:
  std::vector<std::uint32_t> correct_, answered_;
};

//! Scores every worker of `table` on the tasks that have a gold label
//! (task name -> label string); an answer is correct iff its label string
//! equals the gold label. Duplicate answers each count.
std::vector<GoldScore> score_against_gold(const AnswerTable& table,
                                          const std::unordered_map<std::string, std::string>& gold,
                                          double z = kZ95);

}  // namespace fairlabel::quality
