#include "formats/file_tree.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "formats/json_text.h"
#include "formats/provenance_json.h"

namespace fairlabel::formats {

namespace fs = std::filesystem;

std::string stem_of(const std::string& file_name) {
  auto dot = file_name.rfind('.');
  return dot == std::string::npos ? file_name : file_name.substr(0, dot);
}

FileMap read_tree(const fs::path& root) {
  FileMap files;
  std::error_code error;
  if (!fs::is_directory(root, error)) throw Error::invalid("import_unreadable", root.string() + " is not a folder");
  for (auto it = fs::recursive_directory_iterator(root, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    if (!in) throw Error::invalid("import_unreadable", "cannot read " + it->path().string());
    files[fs::relative(it->path(), root).generic_string()] = std::move(contents).str();
  }
  if (error) throw Error::invalid("import_unreadable", root.string() + ": " + error.message());
  return files;
}

void ProvenanceFile::add(const ExportItem& item) {
  if (!item.provenance) return;
  lines_ += "{\"file_name\":";
  append_json_string(lines_, item.file_name);
  fmt::format_to(std::back_inserter(lines_), ",\"task_id\":{},\"provenance\":", item.task_id);
  append_provenance(lines_, *item.provenance);
  lines_ += "}\n";
}

void ProvenanceFile::write(OutputTree& tree) const {
  if (lines_.empty()) return;
  tree.begin_file("provenance.jsonl") << lines_;
  tree.end_file();
}

std::map<std::string, std::pair<std::int64_t, Provenance>> ProvenanceFile::read(const FileMap& files) {
  std::map<std::string, std::pair<std::int64_t, Provenance>> out;
  auto file = files.find("provenance.jsonl");
  if (file == files.end()) return out;
  std::istringstream lines(file->second);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    auto value = nlohmann::json::parse(line);
    out[value.at("file_name").get<std::string>()] = {value.at("task_id").get<std::int64_t>(),
                                                     provenance_from_json(value.at("provenance"))};
  }
  return out;
}

}  // namespace fairlabel::formats
