#pragma once
//! Reading answer and truth tables from CSV files (the only file I/O in
//! quality/).
//!
//! Format: RFC 4180 — comma-separated fields; a field may be quoted with
//! double quotes, inside which commas, line breaks and doubled quotes ("")
//! are literal; records end with CRLF or LF; the first record is a header.
//! A UTF-8 byte-order mark before the header is skipped; blank lines are
//! skipped. Answers need the columns task, worker and label; truth needs
//! task and truth. Columns may come in any order and extra columns are
//! ignored (crowd-kit's convention is task,worker,label).
//!
//! Every problem — unterminated quote, text after a closing quote, a quote
//! inside an unquoted field, a wrong number of fields, an empty task, worker
//! or label, a missing column, a task with two different truths — throws
//! fairlabel::Error (kind malformed, code "csv_malformed") whose message
//! starts with "FILE:LINE: ", the line where the offending record starts.

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quality/aggregation.h"
#include "quality/answer_table.h"

namespace fairlabel::quality {

//! Splits RFC 4180 text into records. Holds a view of `text`, which must
//! outlive it. Not thread-safe.
class CsvRecordReader {
 public:
  CsvRecordReader(std::string_view text, std::string source_name);
  //! Reads the next non-blank record into `fields`; false at the end.
  bool next(std::vector<std::string>& fields);
  //! The 1-based line on which the record last returned by next() starts.
  std::size_t line() const { return record_line_; }
  //! Throws the reader's malformed-input error for the current record.
  [[noreturn]] void fail(const std::string& message) const;

 private:
  std::string_view text_;
  std::string source_name_;
  std::size_t pos_ = 0;
  std::size_t current_line_ = 1;
  std::size_t record_line_ = 0;
};

//! Parses an answers CSV held in memory; `source_name` names it in errors.
AnswerTable parse_answers_csv(std::string_view text, const std::string& source_name);
//! Reads an answers CSV file; errors name the path as given.
AnswerTable read_answers_csv(const std::filesystem::path& path);

//! task -> truth label.
using TruthMap = std::unordered_map<std::string, std::string>;
TruthMap parse_truth_csv(std::string_view text, const std::string& source_name);
TruthMap read_truth_csv(const std::filesystem::path& path);

//! Writes the header task,label,confidence and one row per task (in table
//! order): the chosen label and its posterior, as the shortest decimal that
//! reads back to the same double. Fields are quoted per RFC 4180 when they
//! contain a comma, a quote or a line break. Lines end with LF.
void write_results_csv(std::ostream& out, const AnswerTable& table, const Aggregation& result);

//! `field`, quoted if RFC 4180 requires it.
std::string csv_field(std::string_view field);

}  // namespace fairlabel::quality
