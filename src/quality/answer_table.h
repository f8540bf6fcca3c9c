#pragma once
//! A compact, integer-indexed table of categorical crowd answers.
//!
//! Every aggregator in quality/ works on an AnswerTable: task, worker and
//! label strings are encoded once into dense ids (0..n-1), and the answers
//! are stored as three parallel arrays grouped by task (a CSR layout:
//! task_begin(t) .. task_end(t) are the answers to task t). The algorithms
//! then run over flat arrays, which is what makes them fast.
//!
//! Id order:
//!  - tasks and workers are numbered in order of first appearance;
//!  - labels are numbered in ascending byte-wise string order ("0" < "1" <
//!    "10" < "2", "False" < "True"), so "the smallest label id" is "the
//!    smallest label in sorted string order" — the tie-break crowd-kit uses
//!    when labels are strings.
//! Within a task, answers keep their input order. Duplicate (task, worker)
//! rows are kept: each counts as a separate answer (as in crowd-kit).
//!
//! An AnswerTable is immutable once built and safe to read from several
//! threads at once.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fairlabel::quality {

using Id = std::uint32_t;

class AnswerTable {
 public:
  AnswerTable() = default;

  std::size_t num_tasks() const { return task_names_.size(); }
  std::size_t num_workers() const { return worker_names_.size(); }
  std::size_t num_labels() const { return label_names_.size(); }
  std::size_t num_answers() const { return workers_.size(); }

  const std::string& task_name(Id task) const { return task_names_[task]; }
  const std::string& worker_name(Id worker) const { return worker_names_[worker]; }
  const std::string& label_name(Id label) const { return label_names_[label]; }
  const std::vector<std::string>& task_names() const { return task_names_; }
  const std::vector<std::string>& worker_names() const { return worker_names_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  //! Ids by name; nullopt if the name does not occur in the table.
  std::optional<Id> find_task(std::string_view name) const;
  std::optional<Id> find_worker(std::string_view name) const;
  std::optional<Id> find_label(std::string_view name) const;

  //! Answers to task t are the indexes [task_begin(t), task_end(t)).
  std::uint32_t task_begin(Id task) const { return task_offsets_[task]; }
  std::uint32_t task_end(Id task) const { return task_offsets_[task + 1]; }
  //! num_tasks() + 1 offsets into the answer arrays.
  std::span<const std::uint32_t> task_offsets() const { return task_offsets_; }
  //! The task of each answer (non-decreasing: answers are grouped by task).
  std::span<const Id> tasks() const { return tasks_; }
  //! The worker of each answer.
  std::span<const Id> workers() const { return workers_; }
  //! The label of each answer.
  std::span<const Id> labels() const { return labels_; }

  //! Builds a table from dense ids directly (benchmarks, generators).
  //! `label_names` must be sorted ascending and unique; names of tasks and
  //! workers are generated as decimal strings. Throws fairlabel::Error if an
  //! id is out of range or the arrays differ in length.
  static AnswerTable from_ids(std::size_t num_tasks, std::size_t num_workers, std::vector<std::string> label_names,
                              std::span<const Id> tasks, std::span<const Id> workers, std::span<const Id> labels);

 private:
  friend class AnswerTableBuilder;
  std::vector<std::string> task_names_, worker_names_, label_names_;
  std::unordered_map<std::string, Id> task_ids_, worker_ids_;
  std::vector<std::uint32_t> task_offsets_{0};
  std::vector<Id> tasks_, workers_, labels_;
};

//! Collects answers as strings (in any order) and encodes them once.
//! Not thread-safe.
class AnswerTableBuilder {
 public:
  //! Adds one answer. Empty strings are allowed here (the CSV reader
  //! refuses them with a line number).
  void add(std::string_view task, std::string_view worker, std::string_view label);
  std::size_t size() const { return tasks_.size(); }
  //! Encodes and groups the answers; the builder is left empty.
  AnswerTable build();

 private:
  static Id intern(std::unordered_map<std::string, Id>& ids, std::vector<std::string>& names, std::string_view name);
  std::unordered_map<std::string, Id> task_ids_, worker_ids_, label_ids_;
  std::vector<std::string> task_names_, worker_names_, label_names_;
  std::vector<Id> tasks_, workers_, labels_;
};

}  // namespace fairlabel::quality
