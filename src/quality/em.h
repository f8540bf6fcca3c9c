#pragma once
//! Internal: the EM loop shared by the iterative aggregators, so that the
//! iteration structure and stopping rule documented in aggregation.h live
//! in one place.
//!
//! A Model provides
//!   void initialise(std::vector<double>& posterior);  // theta_0; writes p_0
//!   double e_step(std::vector<double>& posterior);    // posterior under the
//!       current parameters; returns the objective at the current parameters
//!   void m_step(const std::vector<double>& posterior); // new parameters
//! Posteriors are row-major num_tasks x num_labels.

#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

#include "quality/aggregation.h"

namespace fairlabel::quality::detail {

//! Calls f(std::integral_constant<std::size_t, K>) for 2 <= K <= 8, so that
//! inner loops over labels have a compile-time length, and with
//! integral_constant<.., 0> ("use the runtime count") otherwise.
template <typename F>
decltype(auto) with_label_count(std::size_t num_labels, F&& f) {
  switch (num_labels) {
    case 2: return f(std::integral_constant<std::size_t, 2>{});
    case 3: return f(std::integral_constant<std::size_t, 3>{});
    case 4: return f(std::integral_constant<std::size_t, 4>{});
    case 5: return f(std::integral_constant<std::size_t, 5>{});
    case 6: return f(std::integral_constant<std::size_t, 6>{});
    case 7: return f(std::integral_constant<std::size_t, 7>{});
    case 8: return f(std::integral_constant<std::size_t, 8>{});
    default: return f(std::integral_constant<std::size_t, 0>{});
  }
}

//! Runs EM; on return `posterior` holds p_n and the model holds theta_n.
template <typename Model>
void run_em(Model& model, std::size_t num_answers, const EmOptions& options, std::vector<double>& posterior,
            Aggregation& result) {
  std::vector<double> next(posterior.size());
  model.initialise(posterior);
  double objective = model.e_step(next);  // objective at theta_0; next = p_1
  result.log_likelihood.assign(1, objective);
  result.iterations = 0;
  result.converged = false;
  const double per_answer = num_answers > 0 ? 1.0 / static_cast<double>(num_answers) : 1.0;
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    posterior.swap(next);                     // p_j = E(theta_{j-1})
    model.m_step(posterior);                  // theta_j = M(p_j)
    double new_objective = model.e_step(next);  // objective at theta_j; next = p_{j+1}
    result.log_likelihood.push_back(new_objective);
    result.iterations = iteration;
    if (options.on_iteration) options.on_iteration(iteration, new_objective);
    if (options.tolerance > 0 && (new_objective - objective) * per_answer < options.tolerance) {
      result.converged = true;
      break;
    }
    objective = new_objective;
  }
}

}  // namespace fairlabel::quality::detail
