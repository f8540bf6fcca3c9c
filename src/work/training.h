#pragma once
//! Gold answers and training (internal to src/work/): each gold answer is
//! judged (gold_check.h) and the worker gets feedback; on a training
//! project the feedback shows the expected answer, and once every training
//! task is answered the worker passes (the project's qualification is
//! granted) or is told the score. Elsewhere gold stays hidden: revealing it
//! would let answers be copied.

#include <nlohmann/json.hpp>
#include <string>

#include "store/database.h"
#include "work/work_types.h"

namespace fairlabel::work::detail {

void judge_gold(store::Connection& c, const Assignment& a, const std::string& task_type, const WorkSettings& settings,
                const nlohmann::json& input, const nlohmann::json& payload, Timestamp now);

}  // namespace fairlabel::work::detail
