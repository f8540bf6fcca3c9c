#pragma once
//! For the quality tests only (header-only; not part of the library):
//! locating the copied truth-inference data and the reference figures.
//!
//! The data lives in tests/data/truth-inference/ (see PROVENANCE.md there).
//! The repository root comes from FAIRLABEL_SOURCE_DIR, which ctest sets;
//! when it is unset (running the test binary by hand) the working directory
//! and its parents are searched.

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "quality/answer_table.h"
#include "quality/answers_csv.h"

namespace fairlabel::quality::testing {

inline std::filesystem::path data_dir() {
  const std::filesystem::path relative = "tests/data/truth-inference";
  if (const char* root = std::getenv("FAIRLABEL_SOURCE_DIR"); root && *root) return std::filesystem::path(root) / relative;
  for (auto dir = std::filesystem::current_path(); !dir.empty(); dir = dir.parent_path()) {
    if (std::filesystem::exists(dir / relative)) return dir / relative;
    if (dir == dir.parent_path()) break;
  }
  throw std::runtime_error("cannot find tests/data/truth-inference: set FAIRLABEL_SOURCE_DIR to the repository root");
}

//! crowd-kit 1.4.1's accuracy on each shared dataset, from REFERENCE.md
//! (copied in tests/data/truth-inference/PROVENANCE.md).
struct ReferenceAccuracy {
  std::string dataset;
  double mv, wawa, ds, ds100, onecoin, glad, mace;
};

inline const std::vector<ReferenceAccuracy>& reference_accuracies() {
  static const std::vector<ReferenceAccuracy> kReference = {
      {"zheng2017_d_Duck_Identification", 0.7593, 0.7593, 0.8889, 0.8981, 0.5833, 0.7222, 0.8056},
      {"zheng2017_d_sentiment", 0.9320, 0.9510, 0.9600, 0.9600, 0.9490, 0.9480, 0.9500},
      {"zheng2017_s4_Dog_data", 0.8178, 0.8290, 0.8426, 0.8426, 0.8302, 0.8340, 0.8302},
      {"zheng2017_s4_Face_Sentiment_Identification", 0.6301, 0.6301, 0.6404, 0.6404, 0.6113, 0.6301, 0.6353},
      {"snow2008_rte", 0.9187, 0.9213, 0.9275, 0.9275, 0.9250, 0.9250, 0.9250},
      {"snow2008_temp", 0.9394, 0.9437, 0.9416, 0.9416, 0.9394, 0.9351, 0.9394},
  };
  return kReference;
}

struct Dataset {
  std::string name;
  AnswerTable answers;
  TruthMap truth;
};

inline Dataset load_dataset(const std::string& name) {
  auto dir = data_dir() / name;
  return {name, read_answers_csv(dir / "answers.csv"), read_truth_csv(dir / "truth.csv")};
}

}  // namespace fairlabel::quality::testing
