#include "quality/answers_csv.h"

#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/error.h"

namespace fairlabel::quality {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::invalid("file_unreadable", path.string() + ": cannot open for reading");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) throw Error::invalid("file_unreadable", path.string() + ": read error");
  return std::move(contents).str();
}

std::string_view skip_bom(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

//! The index of each wanted column in the header; fails naming them all.
std::vector<std::size_t> find_columns(const CsvRecordReader& reader, const std::vector<std::string>& header,
                                      const std::vector<std::string_view>& wanted) {
  std::vector<std::size_t> indexes;
  std::string missing;
  for (std::string_view name : wanted) {
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) found = i;
    if (found) {
      indexes.push_back(*found);
    } else {
      missing += missing.empty() ? "" : ", ";
      missing += name;
    }
  }
  if (!missing.empty()) {
    std::string expected, found;
    for (std::string_view name : wanted) {
      if (!expected.empty()) expected += ',';
      expected += name;
    }
    for (const auto& name : header) {
      if (!found.empty()) found += ',';
      found += name;
    }
    reader.fail("header must have the columns " + expected + " (missing " + missing + "; found \"" + found + "\")");
  }
  return indexes;
}

}  // namespace

CsvRecordReader::CsvRecordReader(std::string_view text, std::string source_name)
    : text_(skip_bom(text)), source_name_(std::move(source_name)) {}

void CsvRecordReader::fail(const std::string& message) const {
  throw Error::malformed("csv_malformed", source_name_ + ":" + std::to_string(record_line_) + ": " + message);
}

bool CsvRecordReader::next(std::vector<std::string>& fields) {
  fields.clear();
  // Skip blank lines.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n' || pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n') ++current_line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = current_line_;
  std::string field;
  while (true) {
    field.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) fail("unterminated quoted field");
        char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
            continue;
          }
          break;
        }
        if (c == '\n') ++current_line_;
        field += c;
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
        fail("unexpected character after a closing quote in field " + std::to_string(fields.size() + 1));
    } else {
      std::size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        if (text_[pos_] == '"') fail("quote inside an unquoted field " + std::to_string(fields.size() + 1));
        ++pos_;
      }
      field.assign(text_.substr(start, pos_ - start));
    }
    fields.push_back(field);
    if (pos_ >= text_.size()) return true;
    char c = text_[pos_++];
    if (c == ',') continue;
    // End of record: \n, \r\n or a lone \r.
    if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++current_line_;
    return true;
  }
}

AnswerTable parse_answers_csv(std::string_view text, const std::string& source_name) {
  CsvRecordReader reader(text, source_name);
  std::vector<std::string> fields;
  if (!reader.next(fields)) {
    throw Error::malformed("csv_malformed", source_name + ":1: empty file; expected a header task,worker,label");
  }
  const std::size_t num_columns = fields.size();
  auto columns = find_columns(reader, fields, {"task", "worker", "label"});
  static const char* const kNames[] = {"task", "worker", "label"};
  AnswerTableBuilder builder;
  while (reader.next(fields)) {
    if (fields.size() != num_columns)
      reader.fail("expected " + std::to_string(num_columns) + " fields, found " + std::to_string(fields.size()));
    for (int i = 0; i < 3; ++i)
      if (fields[columns[i]].empty()) reader.fail(std::string("empty ") + kNames[i]);
    builder.add(fields[columns[0]], fields[columns[1]], fields[columns[2]]);
  }
  return builder.build();
}

AnswerTable read_answers_csv(const std::filesystem::path& path) {
  std::string text = read_file(path);
  return parse_answers_csv(text, path.string());
}

TruthMap parse_truth_csv(std::string_view text, const std::string& source_name) {
  CsvRecordReader reader(text, source_name);
  std::vector<std::string> fields;
  if (!reader.next(fields))
    throw Error::malformed("csv_malformed", source_name + ":1: empty file; expected a header task,truth");
  const std::size_t num_columns = fields.size();
  auto columns = find_columns(reader, fields, {"task", "truth"});
  TruthMap truth;
  std::unordered_map<std::string, std::size_t> first_line;
  while (reader.next(fields)) {
    if (fields.size() != num_columns)
      reader.fail("expected " + std::to_string(num_columns) + " fields, found " + std::to_string(fields.size()));
    const std::string& task = fields[columns[0]];
    const std::string& label = fields[columns[1]];
    if (task.empty()) reader.fail("empty task");
    if (label.empty()) reader.fail("empty truth");
    auto [it, inserted] = truth.try_emplace(task, label);
    if (inserted) {
      first_line[task] = reader.line();
    } else if (it->second != label) {
      reader.fail("task \"" + task + "\" already has truth \"" + it->second + "\" (line " +
                  std::to_string(first_line[task]) + ")");
    }
  }
  return truth;
}

TruthMap read_truth_csv(const std::filesystem::path& path) {
  std::string text = read_file(path);
  return parse_truth_csv(text, path.string());
}

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void write_results_csv(std::ostream& out, const AnswerTable& table, const Aggregation& result) {
  out << "task,label,confidence\n";
  char number[32];
  for (Id task = 0; task < table.num_tasks(); ++task) {
    auto [end, ec] = std::to_chars(number, number + sizeof number, result.confidence(task));
    (void)ec;  // 32 bytes always hold a double's shortest form
    out << csv_field(table.task_name(task)) << ',' << csv_field(table.label_name(result.labels[task])) << ','
        << std::string_view(number, end - number) << '\n';
  }
}

}  // namespace fairlabel::quality
