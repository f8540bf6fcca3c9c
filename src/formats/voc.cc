#include "formats/voc.h"

#include <fmt/format.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "core/error.h"
#include "formats/json_text.h"
#include "formats/xml_file.h"

namespace fairlabel::formats {

using nlohmann::json;
namespace pt = boost::property_tree;

VocWriter::VocWriter(OutputTree& tree, const ExportHeader& header, bool provenance)
    : tree_(tree), header_(header), provenance_(provenance) {
  if (header.task_type != "image_bbox")
    throw Error::invalid("format_not_for_task_type", "Pascal VOC exports image_bbox projects, not " + header.task_type);
}

void VocWriter::add(const ExportItem& item) {
  const json& image = item.input.at("image");
  for (const Answer& answer : item.answers) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotation>\n  <folder>images</folder>\n";
    xml += "  <filename>";
    append_xml_text(xml, item.file_name);
    fmt::format_to(std::back_inserter(xml),
                   "</filename>\n  <source><database>fairlabel</database></source>\n"
                   "  <size><width>{}</width><height>{}</height><depth>3</depth></size>\n  <segmented>0</segmented>\n",
                   image.at("width").get<std::int64_t>(), image.at("height").get<std::int64_t>());
    for (const json& box : answer.payload.at("boxes")) {
      const double x = box.at("x").get<double>(), y = box.at("y").get<double>();
      const std::string& label = box.at("label").get_ref<const std::string&>();
      label_index(header_.labels, label);
      xml += "  <object>\n    <name>";
      append_xml_text(xml, label);
      xml +=
          "</name>\n    <pose>Unspecified</pose>\n    <truncated>0</truncated>\n    <difficult>0</difficult>\n"
          "    <occluded>0</occluded>\n    <bndbox><xmin>";
      append_number(xml, x);
      xml += "</xmin><ymin>";
      append_number(xml, y);
      xml += "</ymin><xmax>";
      append_number(xml, x + box.at("w").get<double>());
      xml += "</xmax><ymax>";
      append_number(xml, y + box.at("h").get<double>());
      xml += "</ymax></bndbox>\n  </object>\n";
    }
    xml += "</annotation>\n";
    std::string folder = answer.worker ? "Annotations/" + *answer.worker + "/" : "Annotations/";
    tree_.begin_file(folder + stem_of(item.file_name) + ".xml") << xml;
    tree_.end_file();
  }
  stems_ += stem_of(item.file_name) + "\n";
  if (provenance_) provenance_file_.add(item);
}

void VocWriter::finish() {
  std::string labelmap = "# label:color_rgb:parts:actions\nbackground:0,0,0::\n";
  for (const auto& label : header_.labels) labelmap += label + ":::\n";
  tree_.begin_file("labelmap.txt") << labelmap;
  tree_.begin_file("ImageSets/Main/default.txt") << stems_;
  tree_.end_file();
  provenance_file_.write(tree_);
  tree_.finish();
}

ReadResult read_voc(const FileMap& files) {
  ReadResult result;
  auto provenance = ProvenanceFile::read(files);
  std::map<std::string, std::size_t> item_of;
  for (const auto& [path, contents] : files) {
    if (path.rfind("Annotations/", 0) != 0 || path.size() < 4 || path.substr(path.size() - 4) != ".xml") continue;
    std::string rest = path.substr(12);
    std::optional<std::string> worker;
    if (auto slash = rest.find('/'); slash != std::string::npos) worker = rest.substr(0, slash);
    auto annotation = read_xml_root(contents, path, "annotation", result);
    if (!annotation) continue;
    auto file_name = annotation->get_optional<std::string>("filename");
    auto width = annotation->get_optional<std::int64_t>("size.width");
    auto height = annotation->get_optional<std::int64_t>("size.height");
    if (!file_name || file_name->empty()) result.fail("/annotation/filename", "is missing", 0, path);
    if (!width || *width <= 0) result.fail("/annotation/size/width", "must be a positive integer", 0, path);
    if (!height || *height <= 0) result.fail("/annotation/size/height", "must be a positive integer", 0, path);
    if (!file_name || file_name->empty() || !width || *width <= 0 || !height || *height <= 0) continue;
    json boxes = json::array();
    std::size_t object_no = 0;
    for (const auto& [tag, object] : *annotation) {
      if (tag != "object") continue;
      std::string at = fmt::format("/annotation/object/{}", object_no++);
      auto name = object.get_optional<std::string>("name");
      auto xmin = object.get_optional<double>("bndbox.xmin");
      auto ymin = object.get_optional<double>("bndbox.ymin");
      auto xmax = object.get_optional<double>("bndbox.xmax");
      auto ymax = object.get_optional<double>("bndbox.ymax");
      if (!name || name->empty()) {
        result.fail(at + "/name", "is missing", 0, path);
        continue;
      }
      if (!xmin || !ymin || !xmax || !ymax) {
        result.fail(at + "/bndbox", "needs numeric xmin, ymin, xmax and ymax", 0, path);
        continue;
      }
      if (*xmax <= *xmin || *ymax <= *ymin) {
        result.fail(at + "/bndbox", "xmax and ymax must be greater than xmin and ymin", 0, path);
        continue;
      }
      if (*xmin < 0 || *ymin < 0 || *xmax > static_cast<double>(*width) + 0.001 ||
          *ymax > static_cast<double>(*height) + 0.001) {
        result.fail(at + "/bndbox", fmt::format("lies outside the image ({} x {})", *width, *height), 0, path);
        continue;
      }
      boxes.push_back({{"id", std::to_string(boxes.size() + 1)},
                       {"label", *name},
                       {"x", *xmin},
                       {"y", *ymin},
                       {"w", *xmax - *xmin},
                       {"h", *ymax - *ymin}});
    }
    auto [slot, added] = item_of.emplace(*file_name, result.items.size());
    if (added) {
      ReadItem item;
      item.file_name = *file_name;
      item.width = *width;
      item.height = *height;
      if (auto p = provenance.find(item.file_name); p != provenance.end()) {
        item.task_id = p->second.first;
        item.provenance = p->second.second;
      }
      result.items.push_back(std::move(item));
    }
    result.items[slot->second].answers.push_back({{{"boxes", std::move(boxes)}}, worker});
  }
  return std::move(result).done();
}

}  // namespace fairlabel::formats
