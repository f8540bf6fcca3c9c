#include "formats/cvat_video.h"

#include <fmt/format.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "core/error.h"
#include "formats/json_text.h"
#include "formats/xml_file.h"
#include "tasktypes/track.h"

namespace fairlabel::formats {

using nlohmann::json;
namespace pt = boost::property_tree;

namespace {

void append_box(std::string& xml, std::int64_t frame, bool outside, bool occluded, bool keyframe, double x, double y,
                double w, double h) {
  fmt::format_to(std::back_inserter(xml), "    <box frame=\"{}\" outside=\"{}\" occluded=\"{}\" keyframe=\"{}\" xtl=\"",
                 frame, outside ? 1 : 0, occluded ? 1 : 0, keyframe ? 1 : 0);
  auto put = [&](double value) { keyframe ? append_number(xml, value) : append_fixed(xml, value, 2); };
  put(x);
  xml += "\" ytl=\"";
  put(y);
  xml += "\" xbr=\"";
  put(x + w);
  xml += "\" ybr=\"";
  put(y + h);
  xml += "\" z_order=\"0\"></box>\n";
}

}  // namespace

CvatVideoWriter::CvatVideoWriter(OutputTree& tree, const ExportHeader& header, bool provenance)
    : tree_(tree), header_(header), provenance_(provenance) {
  if (header.task_type != "video_track")
    throw Error::invalid("format_not_for_task_type",
                         "CVAT for video exports video_track projects, not " + header.task_type);
}

void CvatVideoWriter::add(const ExportItem& item) {
  const json& video = item.input.at("video");
  const auto frame_count = static_cast<std::int64_t>(video.at("frames").size());
  for (const Answer& answer : item.answers) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations>\n  <version>1.1</version>\n  <meta>\n";
    fmt::format_to(std::back_inserter(xml), "    <task>\n      <id>{}</id>\n      <name>", item.task_id);
    append_xml_text(xml, header_.project_name);
    fmt::format_to(std::back_inserter(xml),
                   "</name>\n      <size>{}</size>\n      <mode>interpolation</mode>\n      <overlap>0</overlap>\n"
                   "      <start_frame>0</start_frame>\n      <stop_frame>{}</stop_frame>\n      <labels>\n",
                   frame_count, frame_count - 1);
    for (const auto& label : header_.labels) {
      xml += "        <label><name>";
      append_xml_text(xml, label);
      xml += "</name><type>rectangle</type><attributes></attributes></label>\n";
    }
    fmt::format_to(std::back_inserter(xml),
                   "      </labels>\n      <original_size><width>{}</width><height>{}</height></original_size>\n"
                   "    </task>\n    <source>",
                   video.at("width").get<std::int64_t>(), video.at("height").get<std::int64_t>());
    append_xml_text(xml, item.file_name);
    xml += "</source>\n  </meta>\n";
    std::size_t track_no = 0;
    for (const json& track : answer.payload.at("tracks")) {
      const std::string& label = track.at("label").get_ref<const std::string&>();
      label_index(header_.labels, label);
      fmt::format_to(std::back_inserter(xml), "  <track id=\"{}\" label=\"", track_no++);
      append_xml_text(xml, label);
      xml += "\" source=\"manual\">\n";
      const json& keyframes = track.at("keyframes");
      std::size_t next_key = 0;
      for (std::int64_t frame = keyframes.at(0).at("frame").get<std::int64_t>(); frame < frame_count; ++frame) {
        if (next_key < keyframes.size() && keyframes[next_key].at("frame").get<std::int64_t>() == frame) {
          const json& k = keyframes[next_key++];
          append_box(xml, frame, k.at("outside").get<bool>(), k.at("occluded").get<bool>(), true,
                     k.at("x").get<double>(), k.at("y").get<double>(), k.at("w").get<double>(),
                     k.at("h").get<double>());
        } else if (auto box = tasktypes::box_at_frame(track, frame)) {
          append_box(xml, frame, false, box->occluded, false, box->x, box->y, box->w, box->h);
        }
      }
      xml += "  </track>\n";
    }
    xml += "</annotations>\n";
    std::string path = answer.worker ? "workers/" + *answer.worker + "/" + item.file_name : item.file_name;
    tree_.begin_file(path + ".xml") << xml;
    tree_.end_file();
  }
  if (provenance_) provenance_file_.add(item);
}

void CvatVideoWriter::finish() {
  provenance_file_.write(tree_);
  tree_.finish();
}

ReadResult read_cvat_video(const FileMap& files) {
  ReadResult result;
  auto provenance = ProvenanceFile::read(files);
  std::map<std::string, std::size_t> item_of;
  for (const auto& [path, contents] : files) {
    if (path.size() < 4 || path.substr(path.size() - 4) != ".xml") continue;
    std::string sequence = path.substr(0, path.size() - 4);
    std::optional<std::string> worker;
    if (sequence.rfind("workers/", 0) == 0) {
      auto slash = sequence.find('/', 8);
      if (slash == std::string::npos) continue;
      worker = sequence.substr(8, slash - 8);
      sequence = sequence.substr(slash + 1);
    }
    auto annotations = read_xml_root(contents, path, "annotations", result);
    if (!annotations) continue;
    auto size = annotations->get_optional<std::int64_t>("meta.task.size");
    auto width = annotations->get_optional<std::int64_t>("meta.task.original_size.width");
    auto height = annotations->get_optional<std::int64_t>("meta.task.original_size.height");
    if (!size || *size < 1 || !width || *width < 1 || !height || *height < 1) {
      result.fail("/annotations/meta/task", "needs a positive size and original_size width and height", 0, path);
      continue;
    }
    json tracks = json::array();
    std::size_t track_no = 0;
    for (const auto& [tag, track] : *annotations) {
      if (tag != "track") continue;
      std::string at = fmt::format("/annotations/track/{}", track_no++);
      auto id = track.get_optional<std::string>("<xmlattr>.id");
      auto label = track.get_optional<std::string>("<xmlattr>.label");
      if (!id || !label || label->empty()) {
        result.fail(at, "needs id and label attributes", 0, path);
        continue;
      }
      json keyframes = json::array();
      std::int64_t last_frame = -1;
      std::size_t box_no = 0;
      for (const auto& [box_tag, box] : track) {
        if (box_tag != "box") continue;
        std::string box_at = fmt::format("{}/box/{}", at, box_no++);
        if (box.get<int>("<xmlattr>.keyframe", 1) != 1) continue;
        auto frame = box.get_optional<std::int64_t>("<xmlattr>.frame");
        auto xtl = box.get_optional<double>("<xmlattr>.xtl");
        auto ytl = box.get_optional<double>("<xmlattr>.ytl");
        auto xbr = box.get_optional<double>("<xmlattr>.xbr");
        auto ybr = box.get_optional<double>("<xmlattr>.ybr");
        if (!frame || !xtl || !ytl || !xbr || !ybr) {
          result.fail(box_at, "needs numeric frame, xtl, ytl, xbr and ybr attributes", 0, path);
          continue;
        }
        if (*frame <= last_frame || *frame >= *size) {
          result.fail(box_at + "/frame", fmt::format("must increase along the track and be in 0..{}", *size - 1), 0,
                      path);
          continue;
        }
        if (*xbr <= *xtl || *ybr <= *ytl || *xtl < -0.001 || *ytl < -0.001 ||
            *xbr > static_cast<double>(*width) + 0.001 || *ybr > static_cast<double>(*height) + 0.001) {
          result.fail(box_at, "the box is empty or outside the frame", 0, path);
          continue;
        }
        last_frame = *frame;
        keyframes.push_back({{"frame", *frame},
                             {"x", *xtl},
                             {"y", *ytl},
                             {"w", *xbr - *xtl},
                             {"h", *ybr - *ytl},
                             {"outside", box.get<int>("<xmlattr>.outside", 0) == 1},
                             {"occluded", box.get<int>("<xmlattr>.occluded", 0) == 1}});
      }
      if (keyframes.empty()) {
        result.fail(at, "has no keyframe", 0, path);
        continue;
      }
      tracks.push_back({{"id", *id}, {"label", *label}, {"keyframes", std::move(keyframes)}});
    }
    auto [slot, added] = item_of.emplace(sequence, result.items.size());
    if (added) {
      ReadItem item;
      item.file_name = sequence;
      item.width = *width;
      item.height = *height;
      if (auto task_id = annotations->get_optional<std::int64_t>("meta.task.id")) item.task_id = *task_id;
      if (auto p = provenance.find(sequence); p != provenance.end()) item.provenance = p->second.second;
      result.items.push_back(std::move(item));
    }
    result.items[slot->second].answers.push_back({{{"tracks", std::move(tracks)}}, worker});
  }
  return std::move(result).done();
}

}  // namespace fairlabel::formats
