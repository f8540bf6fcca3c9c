// `fairlabel aggregate`: truth inference over a CSV of crowd answers.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/progress.h"
#include "core/error.h"
#include "quality/aggregation.h"
#include "quality/answers_csv.h"

namespace fairlabel::cli {

namespace {

struct AggregateOptions {
  std::string method = "mv";
  int iterations = 100;
  double tolerance = 1e-5;
  std::string truth_path;
  std::string answers_path;
};

//! When to print the timing lines on stderr: always for big inputs,
//! otherwise at most once a second once a run has taken a second.
class IterationPacing {
 public:
  explicit IterationPacing(bool verbose) : verbose_(verbose), start_(Clock::now()), last_(start_) {}
  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  bool due() {
    auto now = Clock::now();
    if (!verbose_ && (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::seconds(1))) return false;
    last_ = now;
    return true;
  }
  void set_verbose(bool verbose) { verbose_ = verbose; }

 private:
  using Clock = std::chrono::steady_clock;
  bool verbose_;
  Clock::time_point start_, last_;
};

void run_aggregate(const AggregateOptions& options) {
  auto method = quality::parse_method(options.method);
  if (!method)
    throw Error::invalid("unknown_method",
                         "unknown method \"" + options.method + "\" (choose mv, wmv, wawa, ds, onecoin, glad or mace)");
  if (options.iterations < 0) throw Error::invalid("bad_iterations", "--iterations must be at least 0");

  IterationPacing pacing(false);
  quality::AnswerTable table = quality::read_answers_csv(options.answers_path);
  // Read the truth before writing anything, so that a malformed truth file
  // fails the command with an empty stdout rather than after the results.
  quality::TruthMap truth;
  if (!options.truth_path.empty()) truth = quality::read_truth_csv(options.truth_path);
  const bool big = table.num_answers() >= 100000;
  pacing.set_verbose(big);
  if (pacing.due()) {
    std::fprintf(stderr, "aggregate: read %zu answers (%zu tasks, %zu workers, %zu labels) in %.2f s\n",
                 table.num_answers(), table.num_tasks(), table.num_workers(), table.num_labels(), pacing.elapsed());
  }

  quality::EmOptions em;
  em.max_iterations = options.iterations;
  em.tolerance = options.tolerance;
  // EM's iterations as a progress bar (plain lines when stderr is not a
  // terminal); a run that converges early ends short of the cap.
  std::optional<Progress> iterations;
  if (quality::is_iterative(*method) && options.iterations > 0)
    iterations.emplace(Progress::on_stderr("aggregate " + options.method,
                                           static_cast<std::uint64_t>(options.iterations), "iterations"));
  if (iterations)
    em.on_iteration = [&](int iteration, double) { iterations->update(static_cast<std::uint64_t>(iteration)); };
  quality::Aggregation result = quality::aggregate(table, *method, em);
  if (iterations) iterations->finish();
  if (pacing.due()) {
    std::fprintf(stderr, "aggregate: %s done in %.2f s", options.method.c_str(), pacing.elapsed());
    if (quality::is_iterative(*method))
      std::fprintf(stderr, " (%d iterations, %s)", result.iterations, result.converged ? "converged" : "iteration cap");
    std::fprintf(stderr, "\n");
  }

  std::ios::sync_with_stdio(false);
  quality::write_results_csv(std::cout, table, result);
  std::cout.flush();
  if (!std::cout) throw Error(ErrorKind::internal, "write_failed", "could not write the results to stdout");

  if (!options.truth_path.empty()) {
    std::size_t evaluated = 0;
    double accuracy = quality::accuracy(table, result, truth, &evaluated);
    std::size_t correct = static_cast<std::size_t>(std::llround(accuracy * static_cast<double>(evaluated)));
    std::fprintf(stderr, "accuracy: %.4f (%zu of %zu tasks with truth)\n", accuracy, correct, evaluated);
  }
}

}  // namespace

void add_aggregate_command(CLI::App& root) {
  auto options = std::make_shared<AggregateOptions>();
  CLI::App* command = root.add_subcommand(
      "aggregate",
      "Infer each task's label from crowd answers: reads a CSV with the header task,worker,label and writes "
      "task,label,confidence to stdout");
  command->add_option("--method", options->method, "mv | wmv | wawa | ds | onecoin | glad | mace")
      ->capture_default_str();
  command->add_option("--iterations", options->iterations, "EM iteration cap (ds, onecoin, glad, mace)")
      ->capture_default_str();
  command
      ->add_option("--tol", options->tolerance,
                   "stop when the log-likelihood gains less than this per answer; 0 runs exactly --iterations")
      ->capture_default_str();
  command->add_option("--truth", options->truth_path,
                      "CSV with the header task,truth: print the accuracy over tasks with truth to stderr");
  command->add_option("answers", options->answers_path, "CSV with the header task,worker,label")->required();
  command->callback([options] { run_aggregate(*options); });
}

}  // namespace fairlabel::cli
