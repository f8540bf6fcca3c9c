#include "work/task_inserter.h"

#include <algorithm>

namespace fairlabel::work {

void TaskInserter::add(std::string input_json) {
  queued_.push_back(std::move(input_json));
  if (queued_.size() >= kTaskInsertBatch) flush();
}

void TaskInserter::flush() {
  if (queued_.empty()) return;
  std::string sql = "INSERT INTO tasks (project_id, input, gold, created_at) VALUES ";
  std::vector<store::Value> params;
  params.reserve(queued_.size() * 3);
  for (std::size_t i = 0; i < queued_.size(); ++i) {
    const std::size_t at = params.size();
    sql += (i ? ", ($" : "($") + std::to_string(at + 1) + ", $" + std::to_string(at + 2) + ", NULL, $" +
           std::to_string(at + 3) + ")";
    params.emplace_back(project_id_);
    params.emplace_back(std::move(queued_[i]));
    params.emplace_back(now_);
  }
  sql += " RETURNING id";
  auto inserted = connection_.execute(sql, params);
  queued_.clear();

  // The slots of every task just written, in one statement (which task got
  // which id does not matter: each gets the same slots).
  if (overlap_ > 0) {
    sql = "INSERT INTO task_slots (task_id, project_id, slot_no) VALUES ";
    params.clear();
    params.emplace_back(project_id_);
    bool first = true;
    for (const auto& row : inserted.rows) {
      const std::int64_t id = row.integer(0);
      params.emplace_back(id);
      const std::string id_param = "$" + std::to_string(params.size());
      for (int slot = 0; slot < overlap_; ++slot) {
        sql += (first ? "(" : ", (") + id_param + ", $1, " + std::to_string(slot) + ")";
        first = false;
      }
    }
    connection_.execute(sql, params);
  }
  for (const auto& row : inserted.rows) {
    const std::int64_t id = row.integer(0);
    first_id_ = count_ == 0 ? id : std::min(first_id_, id);
    last_id_ = count_ == 0 ? id : std::max(last_id_, id);
    ++count_;
  }
}

}  // namespace fairlabel::work
