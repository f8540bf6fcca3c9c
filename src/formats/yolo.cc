#include "formats/yolo.h"

#include <fmt/format.h>

#include <charconv>
#include <sstream>

#include "core/error.h"
#include "formats/json_text.h"

namespace fairlabel::formats {

using nlohmann::json;

namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  std::string field;
  while (in >> field) fields.push_back(field);
  return fields;
}

std::optional<double> parse_double(const std::string& text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

//! A YAML scalar as written by the writer (a JSON-quoted string) or plain.
std::string yaml_scalar(std::string text) {
  auto first = text.find_first_not_of(" \t");
  auto last = text.find_last_not_of(" \t\r");
  if (first == std::string::npos) return "";
  text = text.substr(first, last - first + 1);
  if (text.size() >= 2 && text.front() == '"') return json::parse(text).get<std::string>();
  if (text.size() >= 2 && text.front() == '\'') return text.substr(1, text.size() - 2);
  return text;
}

}  // namespace

YoloWriter::YoloWriter(OutputTree& tree, const ExportHeader& header, bool provenance)
    : tree_(tree), header_(header), provenance_(provenance) {
  if (header.task_type != "image_bbox")
    throw Error::invalid("format_not_for_task_type", "YOLO exports image_bbox projects, not " + header.task_type);
}

void YoloWriter::add(const ExportItem& item) {
  const double width = item.input.at("image").at("width").get<double>();
  const double height = item.input.at("image").at("height").get<double>();
  for (const Answer& answer : item.answers) {
    std::string text;
    for (const json& box : answer.payload.at("boxes")) {
      const double x = box.at("x").get<double>(), y = box.at("y").get<double>();
      const double w = box.at("w").get<double>(), h = box.at("h").get<double>();
      fmt::format_to(std::back_inserter(text), "{} ", label_index(header_.labels, box.at("label").get<std::string>()));
      append_fixed(text, (x + w / 2) / width, 6);
      text += ' ';
      append_fixed(text, (y + h / 2) / height, 6);
      text += ' ';
      append_fixed(text, w / width, 6);
      text += ' ';
      append_fixed(text, h / height, 6);
      text += '\n';
    }
    std::string folder = answer.worker ? "labels/" + *answer.worker + "/" : "labels/";
    tree_.begin_file(folder + stem_of(item.file_name) + ".txt") << text;
    tree_.end_file();
  }
  if (provenance_) provenance_file_.add(item);
}

void YoloWriter::finish() {
  std::string yaml = "# fairlabel export: ";
  yaml += header_.project_name;
  yaml +=
      "\n# Images: /api/v1/media/<sha256>, named <sha256>.<ext> beside labels/.\npath: .\ntrain: images\nval: images\n";
  fmt::format_to(std::back_inserter(yaml), "nc: {}\nnames:\n", header_.labels.size());
  for (std::size_t i = 0; i < header_.labels.size(); ++i) {
    fmt::format_to(std::back_inserter(yaml), "  {}: ", i);
    append_json_string(yaml, header_.labels[i]);  // a JSON string is a YAML double-quoted scalar
    yaml += '\n';
  }
  tree_.begin_file("data.yaml") << yaml;
  tree_.end_file();
  provenance_file_.write(tree_);
  tree_.finish();
}

ReadResult read_yolo(const FileMap& files, const std::map<std::string, ImageSize>& images) {
  ReadResult result;
  std::vector<std::string> names;
  auto yaml = files.find("data.yaml");
  if (yaml == files.end()) {
    result.fail("", "data.yaml is missing", 0, "data.yaml");
    return std::move(result).done();
  }
  {
    std::istringstream in(yaml->second);
    std::string line;
    bool in_names = false;
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.rfind("names:", 0) == 0) {
        std::string rest = line.substr(6);
        auto open = rest.find('[');
        if (open != std::string::npos) {
          auto close = rest.rfind(']');
          std::istringstream items(rest.substr(open + 1, close - open - 1));
          std::string name;
          while (std::getline(items, name, ',')) names.push_back(yaml_scalar(name));
        }
        in_names = open == std::string::npos;
        continue;
      }
      if (in_names && line.size() > 2 && line[0] == ' ') {
        auto colon = line.find(':');
        auto id = colon == std::string::npos ? std::nullopt : parse_double(yaml_scalar(line.substr(0, colon)));
        if (!id || *id != static_cast<double>(names.size())) {
          result.fail("", "names must list the classes as 0:, 1:, … in order", line_no, "data.yaml");
          break;
        }
        names.push_back(yaml_scalar(line.substr(colon + 1)));
      } else {
        in_names = false;
      }
    }
    if (names.empty()) result.fail("", "data.yaml names no classes", 0, "data.yaml");
  }
  if (!result.ok()) return std::move(result).done();

  std::map<std::string, std::string> by_stem;  // stem -> file_name
  for (const auto& [file_name, size] : images) by_stem.emplace(stem_of(file_name), file_name);
  auto provenance = ProvenanceFile::read(files);
  std::map<std::string, std::size_t> item_of;  // file_name -> item index
  for (const auto& [path, contents] : files) {
    if (path.rfind("labels/", 0) != 0 || path.size() < 4 || path.substr(path.size() - 4) != ".txt") continue;
    std::string rest = path.substr(7, path.size() - 11);
    std::optional<std::string> worker;
    if (auto slash = rest.find('/'); slash != std::string::npos) {
      worker = rest.substr(0, slash);
      rest = rest.substr(slash + 1);
    }
    auto image = by_stem.find(rest);
    if (image == by_stem.end()) {
      result.fail("", "no image of the project is named " + rest + ".*", 0, path);
      continue;
    }
    const ImageSize& size = images.at(image->second);
    auto [slot, added] = item_of.emplace(image->second, result.items.size());
    if (added) {
      ReadItem item;
      item.file_name = image->second;
      item.width = size.width;
      item.height = size.height;
      if (auto p = provenance.find(item.file_name); p != provenance.end()) {
        item.task_id = p->second.first;
        item.provenance = p->second.second;
      }
      result.items.push_back(std::move(item));
    }
    json boxes = json::array();
    std::istringstream lines(contents);
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(lines, line)) {
      ++line_no;
      auto fields = split_fields(line);
      if (fields.empty()) continue;
      if (fields.size() != 5) {
        result.fail("", fmt::format("has {} fields; expected class cx cy w h", fields.size()), line_no, path);
        continue;
      }
      auto cls = parse_double(fields[0]);
      if (!cls || *cls < 0 || *cls != static_cast<double>(static_cast<std::size_t>(*cls)) ||
          *cls >= static_cast<double>(names.size())) {
        result.fail("", "class \"" + fields[0] + "\" is not a class id of data.yaml", line_no, path);
        continue;
      }
      double v[4];
      bool good = true;
      for (int i = 0; i < 4; ++i) {
        auto value = parse_double(fields[i + 1]);
        if (!value || *value < 0 || *value > 1) {
          result.fail("", "\"" + fields[i + 1] + "\" is not a number in [0, 1]", line_no, path);
          good = false;
          break;
        }
        v[i] = *value;
      }
      if (!good) continue;
      if (v[2] <= 0 || v[3] <= 0) {
        result.fail("", "the box's width and height must be positive", line_no, path);
        continue;
      }
      const double W = static_cast<double>(size.width), H = static_cast<double>(size.height);
      double w = v[2] * W, h = v[3] * H;
      double x = std::max(0.0, v[0] * W - w / 2), y = std::max(0.0, v[1] * H - h / 2);
      boxes.push_back({{"id", std::to_string(boxes.size() + 1)},
                       {"label", names[static_cast<std::size_t>(*cls)]},
                       {"x", x},
                       {"y", y},
                       {"w", std::min(w, W - x)},
                       {"h", std::min(h, H - y)}});
    }
    Answer answer{{{"boxes", std::move(boxes)}}, worker};
    result.items[slot->second].answers.push_back(std::move(answer));
  }
  return std::move(result).done();
}

}  // namespace fairlabel::formats
