#pragma once
//! Multi-label tags (`image_tags`): per-tag binary aggregation.
//!
//! Each submission is a set of tags for a task. For every tag in the
//! vocabulary, every submission becomes one binary answer to that task —
//! "1" if the tag is in the set, "0" if not — and the resulting table is
//! aggregated by any categorical method of aggregation.h. A tag is in the
//! consensus when its posterior P(present) exceeds 0.5; at exactly 0.5 it
//! is left out (the categorical tie-break picks the smaller label, "0").
//! Per-worker skill is the mean over tags of the method's worker_skill on
//! that tag's table (every tag table holds one answer per submission, so
//! this weights the tags equally). Tags nobody used are absent everywhere.

#include <string>
#include <vector>

#include "quality/aggregation.h"

namespace fairlabel::quality {

struct TagSubmission {
  std::string task;
  std::string worker;
  std::vector<std::string> tags;  //!< duplicates are ignored
};

struct TagAggregation {
  std::vector<std::string> tasks;    //!< in order of first appearance
  std::vector<std::string> workers;  //!< in order of first appearance
  std::vector<std::string> tags;     //!< the vocabulary, sorted
  //! Row-major tasks x tags: posterior that the tag applies.
  std::vector<double> present;
  //! Per task, the consensus tags (sorted).
  std::vector<std::vector<std::string>> chosen;
  std::vector<double> worker_skill;  //!< per worker, in [0, 1]

  double probability(std::size_t task, std::size_t tag) const { return present[task * tags.size() + tag]; }
};

//! `vocabulary` adds tags to those used in the submissions (e.g. the
//! project's label schema), so that they get a row of zeros.
TagAggregation aggregate_tags(const std::vector<TagSubmission>& submissions, Method method = Method::mv,
                              const EmOptions& options = {}, const std::vector<std::string>& vocabulary = {});

}  // namespace fairlabel::quality
