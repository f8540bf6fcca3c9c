#pragma once
//! Bulk insertion of a project's tasks and their overlap slots, inside the
//! caller's open write transaction. Rows are buffered and written
//! kTaskInsertBatch at a time with multi-row INSERTs — one statement for the
//! tasks, one for all their slots — instead of one statement per row: that
//! is what lets a million-line manifest import in seconds (BENCHMARKS.md
//! "Formats").
//!
//! Inputs must already be validated (work/task_rules.h). Only ordinary
//! tasks: gold tasks carry their answer and have no slots (add_tasks).
//! Ids are whatever the database assigns; the inserter keeps the smallest
//! and largest it saw and how many rows it wrote.

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace fairlabel::work {

//! Rows per multi-row INSERT. 500 tasks × 4 parameters, and up to 500 ×
//! overlap × 3 slot parameters, stay below SQLite's (32,766) and
//! PostgreSQL's (65,535) parameter limits for any overlap up to 20.
constexpr std::size_t kTaskInsertBatch = 500;

class TaskInserter {
 public:
  TaskInserter(store::Connection& connection, std::int64_t project_id, int overlap, Timestamp now)
      : connection_(connection), project_id_(project_id), overlap_(overlap), now_(now) {}

  //! Queues one task input (its JSON text); writes a batch when full.
  void add(std::string input_json);
  //! Writes what is queued. Call before the transaction commits.
  void flush();

  std::int64_t count() const { return count_; }
  std::int64_t first_id() const { return first_id_; }
  std::int64_t last_id() const { return last_id_; }

 private:
  store::Connection& connection_;
  std::int64_t project_id_;
  int overlap_;
  Timestamp now_;
  std::vector<std::string> queued_;
  std::int64_t count_ = 0, first_id_ = 0, last_id_ = 0;
};

}  // namespace fairlabel::work
