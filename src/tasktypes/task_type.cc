#include "tasktypes/task_type.h"

#include <string>

#include "core/error.h"

namespace fairlabel::tasktypes {

const std::vector<TaskType>& all_task_types() {
  static const std::vector<TaskType> types = {TaskType::classification, TaskType::image_tags, TaskType::image_bbox,
                                              TaskType::video_track,    TaskType::text_edit,  TaskType::text_rank};
  return types;
}

std::string_view task_type_name(TaskType type) {
  switch (type) {
    case TaskType::classification: return "classification";
    case TaskType::image_tags: return "image_tags";
    case TaskType::image_bbox: return "image_bbox";
    case TaskType::video_track: return "video_track";
    case TaskType::text_edit: return "text_edit";
    case TaskType::text_rank: return "text_rank";
  }
  return "unknown";
}

std::optional<TaskType> parse_task_type(std::string_view name) {
  for (TaskType type : all_task_types())
    if (task_type_name(type) == name) return type;
  return std::nullopt;
}

TaskType require_task_type(std::string_view name) {
  if (auto type = parse_task_type(name)) return *type;
  std::string known;
  for (TaskType type : all_task_types()) {
    if (!known.empty()) known += ", ";
    known += task_type_name(type);
  }
  throw Error::invalid("unknown_task_type", "unknown task type \"" + std::string(name) + "\"; expected one of " + known);
}

bool uses_labels(TaskType type) {
  return type == TaskType::classification || type == TaskType::image_tags || type == TaskType::image_bbox ||
         type == TaskType::video_track;
}

bool uses_rubric(TaskType type) { return type == TaskType::text_edit; }

}  // namespace fairlabel::tasktypes
