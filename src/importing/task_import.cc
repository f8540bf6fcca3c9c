#include "importing/task_import.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "core/error.h"
#include "formats/coco.h"
#include "formats/label_studio.h"
#include "media/image_probe.h"
#include "quality/answers_csv.h"
#include "tasktypes/task_type.h"
#include "tasktypes/validate.h"

namespace fairlabel::importing {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using tasktypes::TaskType;

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

//! nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 5: …" without the noise.
std::string json_error_text(const std::string& what) {
  std::string text = what;
  if (auto bracket = text.find("] "); starts_with(text, "[json.exception") && bracket != std::string::npos)
    text.erase(0, bracket + 2);
  if (starts_with(text, "parse error at line 1, ")) text.erase(0, std::string("parse error at line 1, ").size());
  return text;
}

//! `text` with each invalid UTF-8 sequence replaced by U+FFFD. Details quote
//! header names, CSV cells and JSON parser excerpts, which need not be
//! UTF-8 (nor file names); they are answered as JSON (errors_json), which
//! must be UTF-8.
std::string valid_utf8(std::string_view text) {
  return json::parse(json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace)).get<std::string>();
}

bool takes_image(TaskType type) {
  return type == TaskType::classification || type == TaskType::image_tags || type == TaskType::image_bbox;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (!in) throw Error::invalid("file_unreadable", path.string() + ": cannot read");
  return std::move(contents).str();
}

//! Collects rows, resolves media, validates; media are stored by finish().
class Importer {
 public:
  Importer(std::string_view task_type, media::MediaStore& store, const ImportOptions& options,
           const RowSink* sink = nullptr)
      : type_(tasktypes::require_task_type(task_type)), store_(store), options_(options), sink_(sink) {}

  TaskType type() const { return type_; }

  void fail(std::size_t line, std::string pointer, std::string detail) {
    errors_.push_back({line, valid_utf8(current_file_), valid_utf8(pointer), valid_utf8(detail)});
  }

  //! Adds one row's input; `reported` names top-level fields whose problems
  //! were already recorded (their validation errors would only repeat them).
  //! False when the import must stop (too many tasks).
  bool add_row(std::size_t line, json input, std::set<std::string> reported = {}) {
    if (++rows_ > options_.max_tasks) {
      fail(line, "", "the import has more than " + std::to_string(options_.max_tasks) + " tasks; split it");
      return false;
    }
    std::size_t errors_before = errors_.size();
    bool image_from_string = false;
    if (takes_image(type_) && input.is_object() && input.contains("image") && input["image"].is_string()) {
      image_from_string = true;
      if (auto reference = resolve_image(line, input["image"].get<std::string>()))
        input["image"] = std::move(*reference);
      else
        reported.insert("image");
    }
    try {
      // A sink checks against the project (type and label schema), a
      // superset of the type's own rules; a row whose image already failed
      // is not checked again.
      if (!sink_) {
        tasktypes::validate_task_input(tasktypes::task_type_name(type_), input);
      } else if (errors_.size() == errors_before) {
        sink_->check(input);
      }
    } catch (const Error& e) {
      if (e.field_errors().empty()) fail(line, "", e.what());
      for (const auto& field_error : e.field_errors()) {
        bool repeat = std::any_of(reported.begin(), reported.end(), [&](const std::string& field) {
          std::string prefix = "/" + field;
          return field_error.pointer == prefix || starts_with(field_error.pointer, prefix + "/");
        });
        if (!repeat) fail(line, field_error.pointer, field_error.message);
      }
    }
    if (errors_.size() == errors_before) check_stored(line, input, image_from_string);
    if (errors_.size() != errors_before) return true;
    ++kept_;
    if (!sink_) {
      inputs_.push_back(std::move(input));
    } else if (errors_.empty()) {
      sink_->keep(input);
    }
    return true;
  }

  ImportResult finish() {
    if (errors_.empty() && kept_ == 0) fail(0, "", "the import has no tasks");
    if (!errors_.empty()) return {{}, std::move(errors_), 0};
    for (const auto& [sha256, path] : pending_) {
      media::StoredMedia stored = store_.put_file(path);
      if (stored.sha256 != sha256)
        throw Error::conflict("import_changed", path.string() + " changed while it was being imported; import again");
    }
    return {std::move(inputs_), {}, kept_};
  }

  void set_current_file(std::string file) { current_file_ = std::move(file); }

 private:
  //! An image given as a string: stored media by sha256, or a file of the import folder.
  std::optional<json> resolve_image(std::size_t line, const std::string& text) {
    if (media::is_sha256_hex(text)) {
      if (!store_.contains(text)) {
        fail(line, "/image", "no stored media has the sha256 " + text);
        return std::nullopt;
      }
      return probe(line, store_.read(text), text);
    }
    if (!options_.media_folder) {
      fail(line, "/image",
           "must be an image reference or the sha256 of stored media (file paths need an import folder)");
      return std::nullopt;
    }
    fs::path relative(text);
    bool inside = !text.empty() && relative.is_relative() &&
                  std::none_of(relative.begin(), relative.end(), [](const fs::path& part) { return part == ".."; });
    std::error_code error;
    fs::path folder = fs::canonical(*options_.media_folder, error);
    fs::path file = inside && !error ? fs::weakly_canonical(folder / relative, error) : fs::path();
    if (!inside || error || !starts_with(file.string(), folder.string() + "/")) {
      fail(line, "/image", "\"" + text + "\" must be a path inside the import folder");
      return std::nullopt;
    }
    if (!fs::is_regular_file(file, error)) {
      fail(line, "/image", "\"" + text + "\" is not a file of the import folder");
      return std::nullopt;
    }
    if (auto cached = by_path_.find(file); cached != by_path_.end()) return cached->second;
    if (auto size = fs::file_size(file, error); !error && size > options_.max_image_bytes) {
      fail(line, "/image",
           "\"" + text + "\" has " + std::to_string(size) + " bytes; an image may have at most " +
               std::to_string(options_.max_image_bytes));
      return std::nullopt;
    }
    std::string bytes = read_file(file);
    std::string sha256 = media::sha256_hex(bytes);
    auto reference = probe(line, bytes, sha256);
    if (reference) {
      pending_.emplace(sha256, file);
      by_path_.emplace(file, *reference);
    }
    return reference;
  }

  std::optional<json> probe(std::size_t line, std::string_view bytes, const std::string& sha256) {
    try {
      return media::image_reference(sha256, media::probe_image(bytes));
    } catch (const Error& e) {
      fail(line, "/image", e.what());
      return std::nullopt;
    }
  }

  //! Full references given in the manifest must name stored media.
  void check_stored(std::size_t line, const json& input, bool image_from_string) {
    auto stored = [&](const std::string& sha256) { return pending_.count(sha256) || store_.contains(sha256); };
    if (!image_from_string && input.contains("image")) {
      const auto& sha256 = input["image"]["sha256"].get_ref<const std::string&>();
      if (!stored(sha256)) fail(line, "/image/sha256", "no stored media has the sha256 " + sha256);
    }
    if (input.contains("video")) {
      const json& frames = input["video"]["frames"];
      for (std::size_t i = 0; i < frames.size(); ++i)
        if (!stored(frames[i].get<std::string>()))
          fail(line, "/video/frames/" + std::to_string(i), "no stored media has this sha256");
    }
  }

  TaskType type_;
  media::MediaStore& store_;
  const ImportOptions& options_;
  const RowSink* sink_;
  std::size_t rows_ = 0;
  std::size_t kept_ = 0;
  std::string current_file_;
  std::vector<json> inputs_;
  std::vector<RowError> errors_;
  std::map<std::string, fs::path> pending_;  // sha256 -> file to store at the end
  std::map<fs::path, json> by_path_;         // files already probed
};

struct CsvColumns {
  std::vector<std::string> allowed;
  std::vector<std::string> required;
};

CsvColumns csv_columns(TaskType type) {
  switch (type) {
    case TaskType::classification: return {{"text", "image"}, {}};
    case TaskType::image_tags:
    case TaskType::image_bbox: return {{"image"}, {"image"}};
    case TaskType::text_edit: return {{"prompt", "response"}, {"prompt", "response"}};
    case TaskType::text_rank: return {{"prompt", "responses"}, {"prompt", "responses"}};
    case TaskType::video_track: return {{}, {}};
  }
  return {};
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

//! One JSONL row, parsed (or the reason it is not JSON).
struct ParsedRow {
  std::size_t line = 0;
  std::uint64_t end_offset = 0;  //!< bytes of the stream up to the end of this row
  json input;
  std::string parse_error;  //!< non-empty: the row is not valid JSON
};

//! Parses one row; false for a blank row (skipped).
bool parse_jsonl_row(std::size_t line, std::string_view row, ParsedRow& out) {
  if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
  if (row.find_first_not_of(" \t") == std::string_view::npos) return false;
  out.line = line;
  try {
    out.input = json::parse(row);
  } catch (const json::exception& e) {
    out.parse_error = "is not valid JSON: " + json_error_text(e.what());
  }
  return true;
}

//! Hands a parsed row to the importer: false when the import must stop.
bool add_parsed_row(Importer& importer, ParsedRow&& row) {
  if (!row.parse_error.empty()) {
    importer.fail(row.line, "", std::move(row.parse_error));
    return true;
  }
  return importer.add_row(row.line, std::move(row.input));
}

//! Reads and parses a JSONL stream on its own thread, in chunks, while the
//! caller's thread validates the rows and writes them: on two cores the
//! parsing and the database inserts overlap. At most kChunksAhead chunks
//! wait, so memory stays bounded. The destructor stops and joins the reader
//! (the caller may stop early, or throw).
class JsonlReader {
 public:
  static constexpr std::size_t kChunkRows = 1024;
  static constexpr std::size_t kChunksAhead = 8;

  explicit JsonlReader(std::istream& in) : in_(in), thread_([this] { read(); }) {}
  ~JsonlReader() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  JsonlReader(const JsonlReader&) = delete;
  JsonlReader& operator=(const JsonlReader&) = delete;

  //! The next chunk; empty at the end of the stream. Rethrows a read error.
  std::vector<ParsedRow> next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !chunks_.empty() || finished_; });
    if (!chunks_.empty()) {
      auto chunk = std::move(chunks_.front());
      chunks_.pop_front();
      changed_.notify_all();
      return chunk;
    }
    if (failure_) std::rethrow_exception(failure_);
    return {};
  }

 private:
  void read() {
    try {
      std::string row;
      std::size_t line = 0;
      std::uint64_t offset = 0;
      std::vector<ParsedRow> chunk;
      while (std::getline(in_, row)) {
        ++line;
        offset += row.size() + 1;
        std::string_view view(row);
        if (line == 1 && starts_with(view, "\xEF\xBB\xBF")) view.remove_prefix(3);
        ParsedRow parsed;
        parsed.end_offset = offset;
        if (parse_jsonl_row(line, view, parsed)) chunk.push_back(std::move(parsed));
        if (chunk.size() == kChunkRows && !publish(std::move(chunk))) return;
      }
      if (in_.bad())
        throw Error::invalid("file_unreadable", "the manifest could not be read after line " + std::to_string(line));
      if (!chunk.empty()) publish(std::move(chunk));
    } catch (...) {
      std::lock_guard lock(mutex_);
      failure_ = std::current_exception();
    }
    std::lock_guard lock(mutex_);
    finished_ = true;
    changed_.notify_all();
  }

  //! Queues a chunk, waiting while kChunksAhead are queued; false: stopped.
  bool publish(std::vector<ParsedRow>&& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return chunks_.size() < kChunksAhead || stop_; });
    if (stop_) return false;
    chunks_.push_back(std::move(chunk));
    chunk.clear();
    changed_.notify_all();
    return true;
  }

  std::istream& in_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<ParsedRow>> chunks_;
  bool stop_ = false, finished_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  //!< last: starts once the members above exist
};

}  // namespace

ImportResult parse_jsonl_manifest(std::string_view task_type, std::string_view text, media::MediaStore& store,
                                  const ImportOptions& options) {
  Importer importer(task_type, store, options);
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t line = 0;
  while (!text.empty()) {
    ++line;
    std::size_t newline = text.find('\n');
    std::string_view row = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ParsedRow parsed;
    if (parse_jsonl_row(line, row, parsed) && !add_parsed_row(importer, std::move(parsed))) break;
  }
  return importer.finish();
}

ImportResult stream_jsonl_manifest(std::string_view task_type, std::istream& in, media::MediaStore& store,
                                   const ImportOptions& options, const RowSink& sink) {
  Importer importer(task_type, store, options, &sink);
  {
    JsonlReader reader(in);
    bool going = true;
    while (going) {
      auto chunk = reader.next();
      if (chunk.empty()) break;
      const std::uint64_t end = chunk.back().end_offset;
      for (auto& row : chunk) {
        if (!(going = add_parsed_row(importer, std::move(row)))) break;
      }
      if (options.progress) options.progress(end);
    }
  }
  return importer.finish();
}

ImportResult parse_csv_manifest(std::string_view task_type, std::string_view text, media::MediaStore& store,
                                const ImportOptions& options) {
  Importer importer(task_type, store, options);
  const std::string source = "manifest";
  quality::CsvRecordReader reader(text, source);
  try {
    CsvColumns columns = csv_columns(importer.type());
    if (columns.allowed.empty()) {
      importer.fail(1, "",
                    std::string(tasktypes::task_type_name(importer.type())) +
                        " tasks cannot be imported from CSV; import a video file or a JSONL manifest");
      return importer.finish();
    }
    std::vector<std::string> header;
    if (!reader.next(header)) {
      importer.fail(1, "", "the manifest is empty; expected a header row with the columns " + join(columns.allowed));
      return importer.finish();
    }
    // Rows cannot be read without a good header: its problems end the import.
    std::set<std::string> seen;
    bool header_ok = true;
    for (const auto& name : header) {
      if (std::find(columns.allowed.begin(), columns.allowed.end(), name) == columns.allowed.end()) {
        importer.fail(reader.line(), "", "unknown column \"" + name + "\"; the columns are " + join(columns.allowed));
        header_ok = false;
      } else if (!seen.insert(name).second) {
        importer.fail(reader.line(), "", "the column \"" + name + "\" appears twice");
        header_ok = false;
      }
    }
    for (const auto& name : columns.required) {
      if (!seen.count(name)) {
        importer.fail(reader.line(), "", "missing column \"" + name + "\"");
        header_ok = false;
      }
    }
    if (header_ok && seen.empty()) {
      importer.fail(reader.line(), "", "the header needs at least one of the columns " + join(columns.allowed));
      header_ok = false;
    }
    if (!header_ok) return importer.finish();

    std::vector<std::string> fields;
    while (reader.next(fields)) {
      std::size_t line = reader.line();
      if (fields.size() != header.size()) {
        importer.fail(
            line, "",
            "has " + std::to_string(fields.size()) + " fields; the header has " + std::to_string(header.size()));
        continue;
      }
      json input = json::object();
      std::set<std::string> reported;
      for (std::size_t i = 0; i < header.size(); ++i) {
        if (fields[i].empty()) continue;
        if (header[i] == "responses") {
          try {
            input["responses"] = json::parse(fields[i]);
          } catch (const json::exception& e) {
            importer.fail(line, "/responses", "is not valid JSON: " + json_error_text(e.what()));
            reported.insert("responses");
          }
        } else {
          input[header[i]] = fields[i];
        }
      }
      if (!importer.add_row(line, std::move(input), std::move(reported))) break;
    }
  } catch (const Error& e) {
    // The CSV syntax broke (an unterminated quote …): nothing after it can be trusted.
    std::string message = e.what();
    std::string prefix = source + ":" + std::to_string(reader.line()) + ": ";
    if (starts_with(message, prefix)) message.erase(0, prefix.size());
    importer.fail(reader.line(), "", message);
  }
  return importer.finish();
}

ImportResult import_image_folder(std::string_view task_type, const fs::path& folder, media::MediaStore& store,
                                 const ImportOptions& options) {
  TaskType type = tasktypes::require_task_type(task_type);
  if (!takes_image(type))
    throw Error::invalid("unsupported_import",
                         std::string(task_type) + " tasks cannot be imported from a folder of images");
  std::error_code error;
  if (!fs::is_directory(folder, error)) throw Error::invalid("folder_unreadable", folder.string() + " is not a folder");
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (it->path().filename().string().front() == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_directory()) files.push_back(fs::relative(it->path(), folder).generic_string());
  }
  if (error) throw Error::invalid("folder_unreadable", folder.string() + ": " + error.message());
  std::sort(files.begin(), files.end());
  ImportOptions with_folder = options;
  with_folder.media_folder = folder;
  Importer importer(task_type, store, with_folder);
  for (const auto& file : files) {
    importer.set_current_file(file);
    // "./" keeps a file named like a sha256 from being read as one.
    if (!importer.add_row(0, {{"image", "./" + file}})) break;
  }
  importer.set_current_file("");
  return importer.finish();
}

json import_video_task(std::string_view task_type, const fs::path& video, media::MediaStore& store,
                       const media::VideoImportOptions& options) {
  if (tasktypes::require_task_type(task_type) != TaskType::video_track)
    throw Error::invalid("unsupported_import", std::string(task_type) + " tasks cannot be imported from a video file");
  json input = {{"video", media::import_video(store, video, options)}};
  tasktypes::validate_task_input(task_type, input);
  return input;
}

json errors_json(const std::vector<RowError>& errors) {
  json out = json::array();
  for (const auto& error : errors) {
    json item = {{"line", error.line}, {"pointer", error.pointer}, {"detail", error.detail}};
    if (!error.file.empty()) item["file"] = error.file;
    out.push_back(std::move(item));
  }
  return out;
}

AnnotatedImport import_annotated_file(std::string_view task_type, std::string_view format, std::string_view text,
                                      media::MediaStore& store, const ImportOptions& options, ImportedLabels labels) {
  const TaskType type = tasktypes::require_task_type(task_type);
  formats::ReadResult read;
  if (format == "coco") {
    if (type != TaskType::image_bbox)
      throw Error::invalid("format_not_for_task_type", "COCO files hold boxes: import them into an image_bbox project");
    read = formats::read_coco(text);
  } else if (format == "label-studio") {
    read = formats::read_label_studio(task_type, text);
  } else {
    throw Error::invalid("unknown_format",
                         "annotated imports read coco or label-studio, not \"" + std::string(format) + "\"");
  }
  AnnotatedImport out;
  if (!read.ok()) {
    for (auto& e : read.errors)
      out.result.errors.push_back({e.line, valid_utf8(e.file), valid_utf8(e.pointer), valid_utf8(e.detail)});
    return out;
  }
  Importer importer(task_type, store, options);
  std::size_t index = 0;
  for (auto& item : read.items) {
    ++index;  // items have no lines: errors name the record by its position
    json input = item.data.is_object() ? item.data : json::object();
    if (takes_image(type) && !item.file_name.empty()) {
      // "<sha256>.<ext>" (or "<sha256>-<task id>.<ext>", an image's second
      // use in our exports) of stored media, else a file of the import folder.
      std::string stem = item.file_name.substr(0, item.file_name.find_first_of(".-"));
      input["image"] = media::is_sha256_hex(stem) && store.contains(stem) ? stem : item.file_name;
    }
    importer.set_current_file("record " + std::to_string(index) +
                              (item.file_name.empty() ? "" : " (" + item.file_name + ")"));
    if (!importer.add_row(0, std::move(input))) break;
    if (labels == ImportedLabels::gold) {
      if (item.answers.empty()) {
        importer.fail(0, "", "has no label to use as its gold answer");
        out.gold.emplace_back(std::nullopt);
      } else {
        out.gold.emplace_back(std::move(item.answers.front().payload));
      }
    } else if (labels == ImportedLabels::prefill) {
      // An item without labels simply starts from nothing.
      out.prefill.emplace_back(item.answers.empty() ? std::nullopt
                                                    : std::optional<json>(std::move(item.answers.front().payload)));
    }
  }
  out.result = importer.finish();
  if (!out.result.ok()) {
    out.gold.clear();
    out.prefill.clear();
  }
  return out;
}

std::string describe_errors(const std::vector<RowError>& errors, std::size_t max_lines) {
  std::string out;
  for (std::size_t i = 0; i < errors.size() && i < max_lines; ++i) {
    const RowError& error = errors[i];
    std::string where = !error.file.empty() ? error.file : error.line > 0 ? "line " + std::to_string(error.line) : "";
    if (!where.empty()) out += where + ": ";
    if (!error.pointer.empty()) out += error.pointer + " ";
    out += error.detail + "\n";
  }
  if (errors.size() > max_lines) out += "… and " + std::to_string(errors.size() - max_lines) + " more\n";
  return out;
}

}  // namespace fairlabel::importing
