#include "quality/answer_table.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"

namespace fairlabel::quality {

namespace {

std::optional<Id> find_in(const std::unordered_map<std::string, Id>& ids, std::string_view name) {
  auto it = ids.find(std::string(name));
  if (it == ids.end()) return std::nullopt;
  return it->second;
}

//! Groups answers by task with a stable counting sort; fills the table's
//! CSR arrays.
void group_by_task(std::size_t num_tasks, std::span<const Id> tasks, std::span<const Id> workers,
                   std::span<const Id> labels, std::vector<std::uint32_t>& offsets, std::vector<Id>& out_tasks,
                   std::vector<Id>& out_workers, std::vector<Id>& out_labels) {
  offsets.assign(num_tasks + 1, 0);
  for (Id task : tasks) ++offsets[task + 1];
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
  out_tasks.resize(tasks.size());
  out_workers.resize(tasks.size());
  out_labels.resize(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    std::uint32_t slot = next[tasks[i]]++;
    out_tasks[slot] = tasks[i];
    out_workers[slot] = workers[i];
    out_labels[slot] = labels[i];
  }
}

}  // namespace

std::optional<Id> AnswerTable::find_task(std::string_view name) const { return find_in(task_ids_, name); }
std::optional<Id> AnswerTable::find_worker(std::string_view name) const { return find_in(worker_ids_, name); }
std::optional<Id> AnswerTable::find_label(std::string_view name) const {
  auto it = std::lower_bound(label_names_.begin(), label_names_.end(), name);
  if (it != label_names_.end() && *it == name) return static_cast<Id>(it - label_names_.begin());
  return std::nullopt;
}

AnswerTable AnswerTable::from_ids(std::size_t num_tasks, std::size_t num_workers, std::vector<std::string> label_names,
                                  std::span<const Id> tasks, std::span<const Id> workers, std::span<const Id> labels) {
  if (tasks.size() != workers.size() || tasks.size() != labels.size())
    throw Error::invalid("answer_arrays_differ", "task, worker and label arrays differ in length");
  if (!std::is_sorted(label_names.begin(), label_names.end()) ||
      std::adjacent_find(label_names.begin(), label_names.end()) != label_names.end())
    throw Error::invalid("labels_not_sorted", "label names must be sorted and unique");
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (tasks[i] >= num_tasks || workers[i] >= num_workers || labels[i] >= label_names.size())
      throw Error::invalid("answer_id_out_of_range", "answer " + std::to_string(i) + " has an id out of range");
  }
  AnswerTable table;
  table.task_names_.reserve(num_tasks);
  for (std::size_t t = 0; t < num_tasks; ++t) {
    table.task_names_.push_back(std::to_string(t));
    table.task_ids_.emplace(table.task_names_.back(), static_cast<Id>(t));
  }
  table.worker_names_.reserve(num_workers);
  for (std::size_t w = 0; w < num_workers; ++w) {
    table.worker_names_.push_back(std::to_string(w));
    table.worker_ids_.emplace(table.worker_names_.back(), static_cast<Id>(w));
  }
  table.label_names_ = std::move(label_names);
  group_by_task(num_tasks, tasks, workers, labels, table.task_offsets_, table.tasks_, table.workers_, table.labels_);
  return table;
}

Id AnswerTableBuilder::intern(std::unordered_map<std::string, Id>& ids, std::vector<std::string>& names,
                              std::string_view name) {
  auto [it, inserted] = ids.try_emplace(std::string(name), static_cast<Id>(names.size()));
  if (inserted) names.emplace_back(name);
  return it->second;
}

void AnswerTableBuilder::add(std::string_view task, std::string_view worker, std::string_view label) {
  tasks_.push_back(intern(task_ids_, task_names_, task));
  workers_.push_back(intern(worker_ids_, worker_names_, worker));
  labels_.push_back(intern(label_ids_, label_names_, label));
}

AnswerTable AnswerTableBuilder::build() {
  // Renumber labels so that id order is sorted string order.
  std::vector<Id> order(label_names_.size());
  std::iota(order.begin(), order.end(), Id{0});
  std::sort(order.begin(), order.end(), [&](Id a, Id b) { return label_names_[a] < label_names_[b]; });
  std::vector<Id> rank(order.size());
  for (Id r = 0; r < order.size(); ++r) rank[order[r]] = r;
  for (Id& label : labels_) label = rank[label];

  AnswerTable table;
  table.label_names_.reserve(order.size());
  for (Id old_id : order) table.label_names_.push_back(std::move(label_names_[old_id]));
  table.task_names_ = std::move(task_names_);
  table.worker_names_ = std::move(worker_names_);
  table.task_ids_ = std::move(task_ids_);
  table.worker_ids_ = std::move(worker_ids_);
  group_by_task(table.task_names_.size(), tasks_, workers_, labels_, table.task_offsets_, table.tasks_,
                table.workers_, table.labels_);
  *this = AnswerTableBuilder();
  return table;
}

}  // namespace fairlabel::quality
