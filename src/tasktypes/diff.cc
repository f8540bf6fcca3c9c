#include "tasktypes/diff.h"

#include <algorithm>
#include <set>
#include <string>

#include "tasktypes/task_type.h"

namespace fairlabel::tasktypes {

namespace {

using nlohmann::json;

const json& member_or_null(const json& object, const char* key) {
  static const json null_value;
  if (!object.is_object()) return null_value;
  auto it = object.find(key);
  return it == object.end() ? null_value : *it;
}

const json& list_member(const json& object, const char* key) {
  static const json empty = json::array();
  const json& value = member_or_null(object, key);
  return value.is_array() ? value : empty;
}

//! Members (other than `ignore`) whose values differ, in sorted key order.
json changed_members(const json& a, const json& b, const std::set<std::string>& ignore = {}) {
  std::set<std::string> keys;
  for (const json* side : {&a, &b})
    if (side->is_object())
      for (auto it = side->begin(); it != side->end(); ++it) keys.insert(it.key());
  json fields = json::array();
  for (const auto& key : keys)
    if (!ignore.count(key) && member_or_null(a, key.c_str()) != member_or_null(b, key.c_str())) fields.push_back(key);
  return fields;
}

const json* find_by(const json& list, const char* key, const json& value) {
  for (const auto& item : list)
    if (member_or_null(item, key) == value) return &item;
  return nullptr;
}

//! added / removed / changed of two lists of objects matched by `key`;
//! `describe(before, after)` returns the change entry or null when equal.
template <typename Describe>
json match_lists(const json& before, const json& after, const char* key, Describe describe) {
  json added = json::array(), removed = json::array(), changed = json::array();
  for (const auto& item : after) {
    const json* old = find_by(before, key, member_or_null(item, key));
    if (old == nullptr) {
      added.push_back(member_or_null(item, key));
    } else if (json entry = describe(*old, item); !entry.is_null()) {
      changed.push_back(std::move(entry));
    }
  }
  for (const auto& item : before)
    if (find_by(after, key, member_or_null(item, key)) == nullptr) removed.push_back(member_or_null(item, key));
  if (added.empty() && removed.empty() && changed.empty()) return nullptr;
  return {{"added", added}, {"removed", removed}, {"changed", changed}};
}

json box_change(const json& before, const json& after) {
  json fields = changed_members(before, after, {"id"});
  if (fields.empty()) return nullptr;
  return {{"id", member_or_null(after, "id")}, {"fields", fields}};
}

json track_change(const json& before, const json& after) {
  json entry = {{"id", member_or_null(after, "id")}};
  if (member_or_null(before, "label") != member_or_null(after, "label")) entry["fields"] = json::array({"label"});
  json keyframes = match_lists(list_member(before, "keyframes"), list_member(after, "keyframes"), "frame",
                               [](const json& a, const json& b) -> json {
                                 return a == b ? json(nullptr) : member_or_null(b, "frame");
                               });
  if (!keyframes.is_null()) entry["keyframes"] = keyframes;
  return entry.size() == 1 ? json(nullptr) : entry;
}

json string_set(const json& list) {
  std::set<std::string> values;
  for (const auto& item : list)
    if (item.is_string()) values.insert(item.get<std::string>());
  return values;
}

}  // namespace

json diff_payloads(std::string_view task_type, const json& original, const json& corrected) {
  TaskType type = require_task_type(task_type);
  json fields = changed_members(original, corrected);
  json diff = {{"changed", !fields.empty()}, {"fields", fields}};
  if (fields.empty()) return diff;
  switch (type) {
    case TaskType::classification:
      diff["label"] = {{"from", member_or_null(original, "label")}, {"to", member_or_null(corrected, "label")}};
      break;
    case TaskType::image_tags: {
      auto before = string_set(list_member(original, "tags")).get<std::set<std::string>>();
      auto after = string_set(list_member(corrected, "tags")).get<std::set<std::string>>();
      json added = json::array(), removed = json::array();
      for (const auto& tag : after)
        if (!before.count(tag)) added.push_back(tag);
      for (const auto& tag : before)
        if (!after.count(tag)) removed.push_back(tag);
      // When only the order differed, "fields" says so and no tag moved.
      if (!added.empty() || !removed.empty()) diff["tags"] = {{"added", added}, {"removed", removed}};
      break;
    }
    case TaskType::image_bbox:
      if (json boxes = match_lists(list_member(original, "boxes"), list_member(corrected, "boxes"), "id", box_change);
          !boxes.is_null())
        diff["boxes"] = boxes;
      break;
    case TaskType::video_track:
      if (json tracks =
              match_lists(list_member(original, "tracks"), list_member(corrected, "tracks"), "id", track_change);
          !tracks.is_null())
        diff["tracks"] = tracks;
      break;
    case TaskType::text_edit: {
      json changed = json::array();
      const json& before = member_or_null(original, "scores");
      const json& after = member_or_null(corrected, "scores");
      for (const auto& key : changed_members(before, after))
        changed.push_back({{"id", key},
                           {"from", member_or_null(before, key.get_ref<const std::string&>().c_str())},
                           {"to", member_or_null(after, key.get_ref<const std::string&>().c_str())}});
      if (!changed.empty()) diff["scores"] = {{"changed", changed}};
      break;
    }
    case TaskType::text_rank:
      if (member_or_null(original, "ranking") != member_or_null(corrected, "ranking"))
        diff["ranking"] = {{"from", member_or_null(original, "ranking")}, {"to", member_or_null(corrected, "ranking")}};
      break;
  }
  return diff;
}

}  // namespace fairlabel::tasktypes
