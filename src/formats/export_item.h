#pragma once
//! What an export is made of: the project's header (task type, labels) and
//! one ExportItem per task, each holding the task's input and one or more
//! answers in the submission payload shape of docs/task-types.md.
//!
//! An aggregated result is exported as one answer (its extra members —
//! confidence, workers, decision — are read where a format has room for
//! them); `--submissions` exports every accepted submission as its own
//! answer, tagged with the worker's pseudonym. Writers read only what their
//! format needs and ignore the rest.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fairlabel::formats {

//! Who stands behind an item (on request: `--provenance`). Worker ids are
//! pseudonyms, stable within one project and meaningless outside it.
struct Provenance {
  std::vector<std::string> workers;  //!< pseudonymous ids of the workers whose answers count
  std::int64_t answers = 0;          //!< how many answers were aggregated
  std::optional<double> confidence;  //!< the result's confidence in [0, 1]
  //! Per worker (same order as `workers`): agreement with the result in [0, 1].
  std::vector<double> agreement;
};

//! One answer to a task: the aggregated result or one submission.
struct Answer {
  nlohmann::json payload;             //!< the submission payload shape of the task type
  std::optional<std::string> worker;  //!< the submitter's pseudonym (submissions only)
};

struct ExportItem {
  std::int64_t task_id = 0;
  //! A unique file name for the task's media in this export ("<sha256>.jpg"
  //! for images; "<task id>" names a video's sequence): writers name their
  //! per-item files after it.
  std::string file_name;
  nlohmann::json input;  //!< the task input (docs/task-types.md)
  std::vector<Answer> answers;
  std::optional<Provenance> provenance;
};

//! What every item of an export shares.
struct ExportHeader {
  std::string task_type;
  std::vector<std::string> labels;  //!< the label schema's names; class ids are their indexes
  std::string project_name;
  //! Where a client fetches a media file by sha256 (Label Studio's `data`
  //! and CVAT's source names use it), e.g. "/api/v1/media/".
  std::string media_url_prefix = "/api/v1/media/";
};

//! Index of `label` in `labels`; throws invalid_input "unknown_label" when absent.
std::size_t label_index(const std::vector<std::string>& labels, const std::string& label);

}  // namespace fairlabel::formats
