#pragma once
//! JSONL exports, one JSON object per line, the shapes text-model training
//! code reads directly:
//! - text_rank: preference pairs, the convention of preference-tuning
//!   libraries (TRL's DPO trainer and others): for a ranking r1 > r2 > … > rn
//!   every pair i < j gives {"prompt", "chosen": text of ri, "rejected": text
//!   of rj} — n(n-1)/2 lines per answer, in (i, j) order;
//! - text_edit: {"prompt", "response" (the original), "edited" (the worker's
//!   or the chosen edit), "scores" (rubric id -> integer)};
//! - every other type: {"task_id", "input", "answer"} (the payload shape).
//! Extra members are appended only when asked for, so that the plain form
//! stays exactly the convention: "task_id" and "provenance" with
//! provenance; "task_id" and "worker" for submissions (several answers per
//! task).

#include <ostream>
#include <string>
#include <string_view>

#include "formats/export_item.h"
#include "formats/read_result.h"

namespace fairlabel::formats {

class TextJsonlWriter {
 public:
  TextJsonlWriter(std::ostream& out, const ExportHeader& header, bool provenance);
  void add(const ExportItem& item);
  void finish();

 private:
  std::ostream& out_;
  ExportHeader header_;
  bool provenance_;
};

//! Reads what TextJsonlWriter writes for `task_type`. For text_rank,
//! consecutive lines with the same prompt (and task_id and worker when
//! present) form one ranking, rebuilt from the pairs (the pairs must be
//! those of one total order); the item's data is {"prompt"} and the answer
//! {"ranking": [response texts, best first]} — the format names responses
//! by text, not id. For text_edit, data {"prompt", "response"} and the
//! answer {"response": edited, "scores"}. Otherwise data is the input.
//! Errors carry the 1-based line.
ReadResult read_text_jsonl(std::string_view task_type, std::string_view text);

}  // namespace fairlabel::formats
