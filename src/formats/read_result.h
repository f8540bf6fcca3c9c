#pragma once
//! What the readers return: items in the neutral shape of export_item.h
//! (answers in the submission payload shape), or every problem found.
//!
//! Readers report all problems at once, each with where it is: the file
//! (multi-file formats), the 1-based line (line-based formats) and a JSON
//! Pointer into the record (JSON formats: "/annotations/17/bbox"). A result
//! with errors has no items: imports are all-or-nothing.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "formats/export_item.h"

namespace fairlabel::formats {

struct ReadItem {
  //! The media's name in the file (an image's file_name, a sequence's
  //! folder, a Label Studio image URL's last segment).
  std::string file_name;
  std::optional<std::int64_t> task_id;  //!< when the file carries fairlabel's task id
  std::int64_t width = 0, height = 0;   //!< the media's size when the format states it (0: unknown)
  //! The task's data where the format holds it (Label Studio `data`, a
  //! text task's prompt and responses); null otherwise.
  nlohmann::json data;
  std::vector<Answer> answers;  //!< in the file's order
  std::optional<Provenance> provenance;
};

struct ReadError {
  std::string file;      //!< for multi-file formats: the file's relative path
  std::size_t line = 0;  //!< 1-based line for line-based formats; 0 otherwise
  std::string pointer;   //!< JSON Pointer into the record; "" for the whole record
  std::string detail;
};

struct ReadResult {
  std::vector<ReadItem> items;
  std::vector<ReadError> errors;
  bool ok() const { return errors.empty(); }
  void fail(std::string pointer, std::string detail, std::size_t line = 0, std::string file = {}) {
    errors.push_back({std::move(file), line, std::move(pointer), std::move(detail)});
  }
  //! Enforces all-or-nothing: drops the items when there is any error.
  ReadResult&& done() && {
    if (!errors.empty()) items.clear();
    return std::move(*this);
  }
};

}  // namespace fairlabel::formats
