#include "formats/mot.h"

#include <fmt/format.h>

#include <charconv>
#include <sstream>

#include "core/error.h"
#include "formats/json_text.h"
#include "tasktypes/track.h"

namespace fairlabel::formats {

using nlohmann::json;

namespace {

constexpr double kReadTolerance = 0.004;  // below half the written 0.01 px precision

std::optional<double> parse_double(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::map<std::string, std::string> read_ini(const std::string& text) {
  std::map<std::string, std::string> values;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    values[line.substr(0, eq)] = value;
  }
  return values;
}

}  // namespace

MotWriter::MotWriter(OutputTree& tree, const ExportHeader& header, bool provenance)
    : tree_(tree), header_(header), provenance_(provenance) {
  if (header.task_type != "video_track")
    throw Error::invalid("format_not_for_task_type",
                         "MOTChallenge exports video_track projects, not " + header.task_type);
}

void MotWriter::add(const ExportItem& item) {
  const json& video = item.input.at("video");
  const auto frame_count = static_cast<std::int64_t>(video.at("frames").size());
  for (const Answer& answer : item.answers) {
    const json& tracks = answer.payload.at("tracks");
    std::vector<std::vector<std::optional<tasktypes::TrackBox>>> expanded;
    std::vector<std::size_t> classes;
    for (const json& track : tracks) {
      expanded.push_back(tasktypes::expand_track(track, frame_count));
      classes.push_back(label_index(header_.labels, track.at("label").get<std::string>()) + 1);
    }
    std::string rows;
    for (std::int64_t frame = 0; frame < frame_count; ++frame) {
      for (std::size_t t = 0; t < expanded.size(); ++t) {
        const auto& box = expanded[t][static_cast<std::size_t>(frame)];
        if (!box) continue;
        fmt::format_to(std::back_inserter(rows), "{},{},", frame + 1, t + 1);
        append_fixed(rows, box->x + 1, 2);
        rows += ',';
        append_fixed(rows, box->y + 1, 2);
        rows += ',';
        append_fixed(rows, box->w, 2);
        rows += ',';
        append_fixed(rows, box->h, 2);
        fmt::format_to(std::back_inserter(rows), ",1,{},{}\n", classes[t], box->occluded ? 0 : 1);
      }
    }
    std::string folder = answer.worker ? "workers/" + *answer.worker + "/" + item.file_name : item.file_name;
    tree_.begin_file(folder + "/gt/gt.txt") << rows;
    std::string info = "[Sequence]\nname=" + item.file_name + "\nimDir=img1\n";
    fmt::format_to(std::back_inserter(info), "frameRate={}\nseqLength={}\nimWidth={}\nimHeight={}\nimExt=.jpg\n",
                   video.at("fps").get<double>(), frame_count, video.at("width").get<std::int64_t>(),
                   video.at("height").get<std::int64_t>());
    tree_.begin_file(folder + "/seqinfo.ini") << info;
    tree_.end_file();
  }
  if (provenance_) provenance_file_.add(item);
}

void MotWriter::finish() {
  std::string labels;
  for (const auto& label : header_.labels) labels += label + "\n";
  tree_.begin_file("labels.txt") << labels;
  tree_.end_file();
  provenance_file_.write(tree_);
  tree_.finish();
}

ReadResult read_mot(const FileMap& files) {
  ReadResult result;
  std::vector<std::string> labels;
  if (auto file = files.find("labels.txt"); file != files.end()) {
    std::istringstream in(file->second);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) labels.push_back(line);
    }
  }
  if (labels.empty()) {
    result.fail("", "labels.txt (one label name per line, line n = class n) is missing or empty", 0, "labels.txt");
    return std::move(result).done();
  }
  auto provenance = ProvenanceFile::read(files);
  std::map<std::string, std::size_t> item_of;
  const std::string suffix = "/gt/gt.txt";
  for (const auto& [path, contents] : files) {
    if (path.size() <= suffix.size() || path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    std::string folder = path.substr(0, path.size() - suffix.size());
    std::optional<std::string> worker;
    std::string sequence = folder;
    if (folder.rfind("workers/", 0) == 0) {
      auto slash = folder.find('/', 8);
      if (slash == std::string::npos) continue;
      worker = folder.substr(8, slash - 8);
      sequence = folder.substr(slash + 1);
    }
    auto ini_file = files.find(folder + "/seqinfo.ini");
    if (ini_file == files.end()) {
      result.fail("", "seqinfo.ini is missing beside gt/", 0, folder + "/seqinfo.ini");
      continue;
    }
    auto ini = read_ini(ini_file->second);
    auto length = parse_double(ini["seqLength"]);
    auto width = parse_double(ini["imWidth"]);
    auto height = parse_double(ini["imHeight"]);
    if (!length || *length < 1 || !width || *width < 1 || !height || *height < 1) {
      result.fail("", "seqLength, imWidth and imHeight must be positive integers", 0, folder + "/seqinfo.ini");
      continue;
    }
    const auto frame_count = static_cast<std::size_t>(*length);
    // MOT id -> (class, per-frame boxes)
    std::map<std::int64_t, std::pair<std::size_t, std::vector<std::optional<tasktypes::TrackBox>>>> tracks;
    std::istringstream lines(contents);
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(lines, line)) {
      ++line_no;
      if (line.empty() || line == "\r") continue;
      std::vector<std::string> fields;
      std::istringstream cells(line);
      std::string cell;
      while (std::getline(cells, cell, ',')) fields.push_back(cell);
      if (fields.size() < 9) {
        result.fail("",
                    fmt::format("has {} fields; expected frame,id,bb_left,bb_top,bb_width,bb_height,conf,class,"
                                "visibility",
                                fields.size()),
                    line_no, path);
        continue;
      }
      double v[9];
      bool good = true;
      for (int i = 0; i < 9 && good; ++i) {
        auto value = parse_double(fields[static_cast<std::size_t>(i)]);
        if (!value) {
          result.fail("", fmt::format("field {} (\"{}\") is not a number", i + 1, fields[static_cast<std::size_t>(i)]),
                      line_no, path);
          good = false;
        } else {
          v[i] = *value;
        }
      }
      if (!good) continue;
      auto frame = static_cast<std::int64_t>(v[0]);
      auto id = static_cast<std::int64_t>(v[1]);
      auto cls = static_cast<std::int64_t>(v[7]);
      if (v[0] != static_cast<double>(frame) || frame < 1 || frame > static_cast<std::int64_t>(frame_count)) {
        result.fail("", fmt::format("frame {} is not in 1..{} (frames are 1-based)", fields[0], frame_count), line_no,
                    path);
        continue;
      }
      if (v[1] != static_cast<double>(id) || id < 1) {
        result.fail("", "id must be a positive integer", line_no, path);
        continue;
      }
      if (v[7] != static_cast<double>(cls) || cls < 1 || cls > static_cast<std::int64_t>(labels.size())) {
        result.fail("", fmt::format("class {} is not a line of labels.txt", fields[7]), line_no, path);
        continue;
      }
      tasktypes::TrackBox box{v[2] - 1, v[3] - 1, v[4], v[5], v[8] == 0};
      if (box.w <= 0 || box.h <= 0 || box.x < -0.001 || box.y < -0.001 || box.x + box.w > *width + 0.001 ||
          box.y + box.h > *height + 0.001) {
        result.fail("", "the box is empty or outside the frame", line_no, path);
        continue;
      }
      auto& track = tracks[id];
      if (track.second.empty()) {
        track.first = static_cast<std::size_t>(cls);
        track.second.resize(frame_count);
      } else if (track.first != static_cast<std::size_t>(cls)) {
        result.fail("", fmt::format("id {} changes class", id), line_no, path);
        continue;
      }
      auto& slot = track.second[static_cast<std::size_t>(frame - 1)];
      if (slot) {
        result.fail("", fmt::format("a second row for frame {} and id {}", frame, id), line_no, path);
        continue;
      }
      slot = box;
    }
    json out = json::array();
    for (const auto& [id, track] : tracks) {
      out.push_back({{"id", std::to_string(id)},
                     {"label", labels[track.first - 1]},
                     {"keyframes", tasktypes::keyframes_from_boxes(track.second, kReadTolerance)}});
    }
    auto [slot, added] = item_of.emplace(sequence, result.items.size());
    if (added) {
      ReadItem item;
      item.file_name = sequence;
      item.width = static_cast<std::int64_t>(*width);
      item.height = static_cast<std::int64_t>(*height);
      if (auto p = provenance.find(sequence); p != provenance.end()) {
        item.task_id = p->second.first;
        item.provenance = p->second.second;
      }
      result.items.push_back(std::move(item));
    }
    result.items[slot->second].answers.push_back({{{"tracks", std::move(out)}}, worker});
  }
  return std::move(result).done();
}

}  // namespace fairlabel::formats
