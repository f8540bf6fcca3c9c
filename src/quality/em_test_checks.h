#pragma once
//! Checks shared by the tests of the EM methods (Dawid-Skene, GLAD, MACE).

#include <gtest/gtest.h>

#include "quality/aggregation.h"

namespace fairlabel::quality::testing {

//! EM never lowers the log-likelihood from one iteration to the next (up to
//! rounding): a fit whose likelihood falls has a bug in an E or M step.
inline void expect_monotone(const Aggregation& result) {
  for (std::size_t j = 1; j < result.log_likelihood.size(); ++j)
    EXPECT_GE(result.log_likelihood[j], result.log_likelihood[j - 1] - 1e-9) << "iteration " << j;
}

}  // namespace fairlabel::quality::testing
