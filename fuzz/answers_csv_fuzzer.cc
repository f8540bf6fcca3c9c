// fuzz_answers_csv: the CSV reader of `fairlabel aggregate`
// (src/quality/answers_csv.h): answer tables (task,worker,label) and truth
// tables (task,truth), on quality::CsvRecordReader.
//
// Input: the CSV text, read both as an answers file and as a truth file.
// Errors (kind malformed, "csv_malformed") are normal. Invariants on what
// is accepted: the table is consistent (CSR offsets, ids in range); written
// back with csv_field and read again it gives the same answers, in the same
// order, and the same truth; majority vote over it, written with
// write_results_csv, reads back as one record per task naming that task.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "quality/answers_csv.h"
#include "quality/majority_vote.h"

namespace {

namespace fuzz = fairlabel::fuzz;
namespace quality = fairlabel::quality;

void check_table_shape(const quality::AnswerTable& table) {
  auto offsets = table.task_offsets();
  fuzz::check(offsets.size() == table.num_tasks() + 1 && offsets.front() == 0 && offsets.back() == table.num_answers(),
              "task offsets span every answer");
  for (std::size_t task = 0; task < table.num_tasks(); ++task) {
    fuzz::check(offsets[task] < offsets[task + 1], "every task has an answer");
  }
  for (std::size_t i = 0; i < table.num_answers(); ++i) {
    fuzz::check(table.workers()[i] < table.num_workers() && table.labels()[i] < table.num_labels() &&
                    table.tasks()[i] < table.num_tasks(),
                "answer ids are in range");
  }
}

std::string answers_as_csv(const quality::AnswerTable& table) {
  std::string csv = "task,worker,label\n";
  for (std::size_t i = 0; i < table.num_answers(); ++i) {
    csv += quality::csv_field(table.task_name(table.tasks()[i])) + "," +
           quality::csv_field(table.worker_name(table.workers()[i])) + "," +
           quality::csv_field(table.label_name(table.labels()[i])) + "\r\n";
  }
  return csv;
}

void check_answers_round_trip(const quality::AnswerTable& table) {
  auto again = quality::parse_answers_csv(answers_as_csv(table), "rewritten");
  fuzz::check(again.num_answers() == table.num_answers() && again.task_names() == table.task_names() &&
                  again.label_names() == table.label_names(),
              "answers written with csv_field read back with the same tasks and labels");
  for (std::size_t i = 0; i < table.num_answers(); ++i) {
    fuzz::check(again.task_name(again.tasks()[i]) == table.task_name(table.tasks()[i]) &&
                    again.worker_name(again.workers()[i]) == table.worker_name(table.workers()[i]) &&
                    again.label_name(again.labels()[i]) == table.label_name(table.labels()[i]),
                "answers written with csv_field read back the same, in order");
  }
}

void check_results_csv(const quality::AnswerTable& table) {
  auto result = quality::majority_vote(table);
  std::ostringstream out;
  quality::write_results_csv(out, table, result);
  const std::string text = out.str();
  quality::CsvRecordReader reader(text, "results");
  std::vector<std::string> fields;
  fuzz::check(reader.next(fields) && fields.size() == 3 && fields[0] == "task", "the results start with a header");
  for (std::size_t task = 0; task < table.num_tasks(); ++task) {
    fuzz::check(reader.next(fields) && fields.size() == 3 && fields[0] == table.task_name(task) &&
                    table.find_label(fields[1]).has_value(),
                "each result row names its task and a label of the table");
  }
  fuzz::check(!reader.next(fields), "one result row per task");
}

void check_truth_round_trip(const quality::TruthMap& truth) {
  std::string csv = "truth,task\n";
  for (const auto& [task, label] : truth) csv += quality::csv_field(label) + "," + quality::csv_field(task) + "\n";
  fuzz::check(quality::parse_truth_csv(csv, "rewritten") == truth, "truth written with csv_field reads back the same");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  quality::AnswerTable table;
  if (fuzz::run_input_step("parse_answers_csv", [&] { table = quality::parse_answers_csv(text, "answers.csv"); })) {
    check_table_shape(table);
    check_answers_round_trip(table);
    if (table.num_answers() > 0) check_results_csv(table);
  }
  quality::TruthMap truth;
  if (fuzz::run_input_step("parse_truth_csv", [&] { truth = quality::parse_truth_csv(text, "truth.csv"); })) {
    check_truth_round_trip(truth);
  }
  return 0;
}
