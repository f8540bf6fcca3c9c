#pragma once
//! Judging a submission against a gold (known) answer, per task type, with
//! src/quality's tolerance rules (gold_rules.h): exact label; tags by
//! Jaccard >= 0.5; boxes one-to-one by IoU >= 0.5 with the same label;
//! tracks by track IoU >= 0.5; text by similarity >= 0.9 with rubric scores
//! within 1; rankings by >= 80 % of pairs in order and the same best item.
//! Payloads have passed the task-type validators.

#include <nlohmann/json.hpp>
#include <string_view>

#include "quality/gold_rules.h"

namespace fairlabel::work {

quality::GoldJudgement judge_against_gold(std::string_view task_type, const nlohmann::json& input,
                                          const nlohmann::json& payload, const nlohmann::json& gold);

}  // namespace fairlabel::work
