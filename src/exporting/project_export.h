#pragma once
//! A project's labels in one of the field's formats (src/formats).
//!
//! Who: members of the project's organisation, auditors and admins (read
//! access, orgs/organisations.h); anyone else gets not_found, as for every
//! project route.
//!
//! What:
//! - by default the aggregated result of every complete task (the fused
//!   boxes, tracks, ranking, chosen edit, label or tags that
//!   work/task_results.h writes), one answer per task;
//! - with `submissions`, every accepted submission of every task, each
//!   tagged with its worker's pseudonym (tasks with none are left out);
//! - with `provenance`, per task: the pseudonyms of the workers whose
//!   accepted answers count, how many, the result's confidence and each
//!   worker's agreement with it.
//! Gold tasks are never exported. Tasks go out in id order.
//!
//! The format is checked against the project's task type before anything is
//! written (invalid_input "format_not_for_task_type"). Tasks are read in
//! pages of kExportPageSize inside one read transaction (one consistent
//! snapshot) and handed to the streaming writer as they come, so memory does
//! not grow with the project.
//!
//! File names in the export: an image is "<sha256>.jpg|png" (the media are
//! at /api/v1/media/<sha256>; the same image in two tasks gets
//! "<sha256>-<task id>.<ext>" the second time), a video "task-<id>".

#include <cstdint>
#include <functional>

#include "accounts/roles.h"
#include "formats/formats.h"
#include "store/database.h"

namespace fairlabel::exporting {

constexpr std::int64_t kExportPageSize = 500;

struct ExportRequest {
  formats::Format format = formats::Format::jsonl;
  bool submissions = false;
  bool provenance = false;
  //! Called after each page of tasks with the tasks read so far and the
  //! project's (non-gold) task count, for a progress display.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

struct ExportSummary {
  std::int64_t tasks = 0;    //!< items written
  std::int64_t answers = 0;  //!< answers written (results or submissions)
};

//! The project's task type if the caller may export it and `format` fits it;
//! throws otherwise (call before choosing where the output goes).
std::string check_export(store::Database& db, const accounts::Principal& caller, std::int64_t project_id,
                         formats::Format format);

//! Writes the export into `tree` and finishes it.
ExportSummary export_project(store::Database& db, const accounts::Principal& caller, std::int64_t project_id,
                             const ExportRequest& request, formats::OutputTree& tree);

}  // namespace fairlabel::exporting
