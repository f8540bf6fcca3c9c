#pragma once
//! The six task types of docs/task-types.md and their wire names.

#include <optional>
#include <string_view>
#include <vector>

namespace fairlabel::tasktypes {

enum class TaskType { classification, image_tags, image_bbox, video_track, text_edit, text_rank };

//! The wire name ("image_bbox", ...).
std::string_view task_type_name(TaskType type);
//! Exact match of a wire name; nullopt for anything else.
std::optional<TaskType> parse_task_type(std::string_view name);
//! Like parse_task_type, but throws Error{invalid_input, "unknown_task_type"}
//! naming the known types.
TaskType require_task_type(std::string_view name);
//! All six, in the order above.
const std::vector<TaskType>& all_task_types();

//! Whether a project of this type needs `labels` in its label schema.
bool uses_labels(TaskType type);
//! Whether a project of this type needs a `rubric` in its label schema.
bool uses_rubric(TaskType type);

}  // namespace fairlabel::tasktypes
