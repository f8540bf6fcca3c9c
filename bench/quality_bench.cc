// Truth-inference benchmarks (src/quality). See BENCHMARKS.md.
//
//   quality_bench [google-benchmark flags]
//   quality_bench --write-synthetic=PATH [--truth=PATH]   write the synthetic set as CSV and exit
//   quality_bench --fit-synthetic=METHOD [--iterations=N] [--tol=X]
//       generate the synthetic set, fit once, print timings and accuracy
//       (for /usr/bin/time -v: the peak memory of one fit)
//
// The synthetic set: 100,000 tasks x 10 answers = 1,000,000 answers from
// 2,000 workers over 5 classes, seeded (kSeed), so every run sees the same
// data. Each task's true label is drawn from a skewed prior; each answer
// comes from a distinct random worker. Workers differ: 70% are "diligent"
// (accuracy uniform in [0.55, 0.95], errors spread uniformly), 20% are
// "biased" (accuracy in [0.35, 0.7], errors go to one favourite label) and
// 10% are "spammers" (always their favourite label, or uniform at random).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/random.h"
#include "quality/aggregation.h"
#include "quality/answers_csv.h"
#include "quality/dawid_skene.h"

namespace fl = fairlabel::quality;

namespace {

constexpr std::uint64_t kSeed = 20240501;
constexpr std::size_t kTasks = 100000, kAnswersPerTask = 10, kWorkers = 2000, kClasses = 5;

struct Synthetic {
  fl::AnswerTable table;
  std::vector<fl::Id> truth;  // per task
};

double uniform(fairlabel::Random& random) { return static_cast<double>(random.next() >> 11) * 0x1.0p-53; }

Synthetic generate_synthetic() {
  fairlabel::Random random(kSeed);
  const double prior[kClasses] = {0.35, 0.25, 0.2, 0.12, 0.08};
  struct Worker {
    double accuracy;
    fl::Id favourite;
    int kind;  // 0 diligent, 1 biased, 2 spammer (favourite), 3 spammer (uniform)
  };
  std::vector<Worker> workers(kWorkers);
  for (auto& worker : workers) {
    double kind = uniform(random);
    worker.favourite = static_cast<fl::Id>(random.below(kClasses));
    if (kind < 0.7) {
      worker = {0.55 + 0.4 * uniform(random), worker.favourite, 0};
    } else if (kind < 0.9) {
      worker = {0.35 + 0.35 * uniform(random), worker.favourite, 1};
    } else {
      worker = {0.0, worker.favourite, kind < 0.95 ? 2 : 3};
    }
  }
  std::vector<fl::Id> tasks, worker_ids, labels, truth(kTasks);
  tasks.reserve(kTasks * kAnswersPerTask);
  worker_ids.reserve(kTasks * kAnswersPerTask);
  labels.reserve(kTasks * kAnswersPerTask);
  for (fl::Id task = 0; task < kTasks; ++task) {
    double u = uniform(random), cumulative = 0;
    fl::Id label = kClasses - 1;
    for (fl::Id k = 0; k < kClasses; ++k) {
      cumulative += prior[k];
      if (u < cumulative) {
        label = k;
        break;
      }
    }
    truth[task] = label;
    fl::Id chosen[kAnswersPerTask];
    for (std::size_t i = 0; i < kAnswersPerTask; ++i) {
      fl::Id worker;
      bool fresh;
      do {  // distinct workers per task
        worker = static_cast<fl::Id>(random.below(kWorkers));
        fresh = std::find(chosen, chosen + i, worker) == chosen + i;
      } while (!fresh);
      chosen[i] = worker;
      const Worker& w = workers[worker];
      fl::Id answer;
      if (w.kind == 2) {
        answer = w.favourite;
      } else if (w.kind == 3) {
        answer = static_cast<fl::Id>(random.below(kClasses));
      } else if (uniform(random) < w.accuracy) {
        answer = label;
      } else if (w.kind == 1 && w.favourite != label) {
        answer = w.favourite;
      } else {
        answer = static_cast<fl::Id>((label + 1 + random.below(kClasses - 1)) % kClasses);
      }
      tasks.push_back(task);
      worker_ids.push_back(worker);
      labels.push_back(answer);
    }
  }
  std::vector<std::string> label_names;
  for (std::size_t k = 0; k < kClasses; ++k) label_names.push_back(std::to_string(k));
  return {fl::AnswerTable::from_ids(kTasks, kWorkers, label_names, tasks, worker_ids, labels), std::move(truth)};
}

const Synthetic& synthetic() {
  static const Synthetic kSynthetic = generate_synthetic();
  return kSynthetic;
}

double synthetic_accuracy(const fl::Aggregation& result) {
  const auto& truth = synthetic().truth;
  std::size_t correct = 0;
  for (std::size_t t = 0; t < truth.size(); ++t) correct += result.labels[t] == truth[t];
  return static_cast<double>(correct) / static_cast<double>(truth.size());
}

std::filesystem::path data_dir() {
  const char* root = std::getenv("FAIRLABEL_SOURCE_DIR");
  return std::filesystem::path(root && *root ? root : FAIRLABEL_DEFAULT_SOURCE_DIR) / "tests/data/truth-inference";
}

const char* const kDatasets[] = {
    "zheng2017_d_Duck_Identification",
    "zheng2017_d_sentiment",
    "zheng2017_s4_Dog_data",
    "zheng2017_s4_Face_Sentiment_Identification",
    "snow2008_rte",
    "snow2008_temp",
};

struct Loaded {
  fl::AnswerTable table;
  fl::TruthMap truth;
};

const Loaded& dataset(const std::string& name) {
  static std::map<std::string, Loaded> cache;
  auto it = cache.find(name);
  if (it == cache.end())
    it = cache.emplace(name, Loaded{fl::read_answers_csv(data_dir() / name / "answers.csv"),
                                    fl::read_truth_csv(data_dir() / name / "truth.csv")})
             .first;
  return it->second;
}

fl::EmOptions em_options(int iterations, double tolerance) {
  fl::EmOptions options;
  options.max_iterations = iterations;
  options.tolerance = tolerance;
  return options;
}

// One Dawid-Skene fit of exactly `iterations` EM iterations on the
// synthetic set; ms_per_em_iteration = wall time / iterations (the fit's
// one-off work — majority-vote start, first M-step, final E-step — is
// included, so this slightly overstates the per-iteration cost; compare
// with iterations = 0).
void BM_SyntheticDawidSkene(benchmark::State& state) {
  const auto& data = synthetic();
  const int iterations = static_cast<int>(state.range(0));
  fl::Aggregation result;
  double seconds = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    result = fl::dawid_skene(data.table, em_options(iterations, 0));
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    benchmark::DoNotOptimize(result.labels.data());
  }
  if (iterations > 0)
    state.counters["ms_per_em_iteration"] = 1e3 * seconds / (static_cast<double>(state.iterations()) * iterations);
  state.counters["accuracy"] = synthetic_accuracy(result);
}
BENCHMARK(BM_SyntheticDawidSkene)->Arg(0)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

// Every method with its defaults on the synthetic set.
void BM_SyntheticMethod(benchmark::State& state) {
  const auto& data = synthetic();
  const auto method = static_cast<fl::Method>(state.range(0));
  state.SetLabel(std::string(fl::method_name(method)));
  fl::Aggregation result;
  for (auto _ : state) {
    result = fl::aggregate(data.table, method);
    benchmark::DoNotOptimize(result.labels.data());
  }
  state.counters["accuracy"] = synthetic_accuracy(result);
  state.counters["em_iterations"] = result.iterations;
}
BENCHMARK(BM_SyntheticMethod)
    ->DenseRange(static_cast<int>(fl::Method::mv), static_cast<int>(fl::Method::mace))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// Every method on every shared dataset (defaults; method 7 = DS at exactly
// 100 iterations, crowd-kit's DS×100).
void BM_Dataset(benchmark::State& state) {
  const auto& data = dataset(kDatasets[state.range(0)]);
  const bool ds100 = state.range(1) == 7;
  const auto method = ds100 ? fl::Method::ds : static_cast<fl::Method>(state.range(1));
  state.SetLabel(std::string(kDatasets[state.range(0)]) + " " + (ds100 ? "ds100" : std::string(fl::method_name(method))));
  fl::Aggregation result;
  for (auto _ : state) {
    result = fl::aggregate(data.table, method, ds100 ? em_options(100, 0) : fl::EmOptions{});
    benchmark::DoNotOptimize(result.labels.data());
  }
  state.counters["accuracy"] = fl::accuracy(data.table, result, data.truth);
  state.counters["em_iterations"] = result.iterations;
}
BENCHMARK(BM_Dataset)->ArgsProduct({{0, 1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 5, 6, 7}})->Unit(benchmark::kMillisecond);

// Reading the shared datasets' CSV files.
void BM_ReadDatasetCsv(benchmark::State& state) {
  const auto path = data_dir() / kDatasets[state.range(0)] / "answers.csv";
  state.SetLabel(kDatasets[state.range(0)]);
  for (auto _ : state) {
    auto table = fl::read_answers_csv(path);
    benchmark::DoNotOptimize(table.num_answers());
  }
}
BENCHMARK(BM_ReadDatasetCsv)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

int write_synthetic(const std::string& path, const std::string& truth_path) {
  const auto& data = synthetic();
  std::ofstream out(path);
  out << "task,worker,label\n";
  const auto& table = data.table;
  for (std::size_t a = 0; a < table.num_answers(); ++a)
    out << 't' << table.task_name(table.tasks()[a]) << ",w" << table.worker_name(table.workers()[a]) << ','
        << table.label_name(table.labels()[a]) << '\n';
  if (!truth_path.empty()) {
    std::ofstream truth(truth_path);
    truth << "task,truth\n";
    for (std::size_t t = 0; t < data.truth.size(); ++t) truth << 't' << t << ',' << data.truth[t] << '\n';
  }
  return out ? 0 : 1;
}

int fit_synthetic(const std::string& method_name, int iterations, double tolerance) {
  auto method = fl::parse_method(method_name);
  if (!method) return 2;
  auto start = std::chrono::steady_clock::now();
  const auto& data = synthetic();
  auto generated = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  auto result = fl::aggregate(data.table, *method, em_options(iterations, tolerance));
  const std::clock_t cpu_done = std::clock();
  auto done = std::chrono::steady_clock::now();
  double fit = std::chrono::duration<double>(done - generated).count();
  // CPU time of this (single-threaded) process: what one core spent, which
  // on a shared machine is steadier than the wall time.
  double cpu = static_cast<double>(cpu_done - cpu_start) / CLOCKS_PER_SEC;
  std::printf(
      "method=%s generate_s=%.3f fit_s=%.3f fit_cpu_s=%.3f em_iterations=%d ms_per_em_iteration=%.3f "
      "cpu_ms_per_em_iteration=%.3f accuracy=%.4f\n",
      method_name.c_str(), std::chrono::duration<double>(generated - start).count(), fit, cpu, result.iterations,
      result.iterations > 0 ? 1e3 * fit / result.iterations : 0.0,
      result.iterations > 0 ? 1e3 * cpu / result.iterations : 0.0, synthetic_accuracy(result));
  return 0;
}

std::string flag_value(int argc, char** argv, const char* name) {
  const std::size_t length = std::strlen(name);
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], name, length) == 0 && argv[i][length] == '=') return argv[i] + length + 1;
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  if (auto path = flag_value(argc, argv, "--write-synthetic"); !path.empty())
    return write_synthetic(path, flag_value(argc, argv, "--truth"));
  if (auto method = flag_value(argc, argv, "--fit-synthetic"); !method.empty()) {
    auto iterations = flag_value(argc, argv, "--iterations");
    auto tolerance = flag_value(argc, argv, "--tol");
    return fit_synthetic(method, iterations.empty() ? 100 : std::atoi(iterations.c_str()),
                         tolerance.empty() ? 1e-5 : std::atof(tolerance.c_str()));
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
