#include "formats/coco.h"

#include <fmt/format.h>

#include <map>

#include "core/error.h"
#include "formats/json_text.h"
#include "formats/provenance_json.h"

namespace fairlabel::formats {

using nlohmann::json;

namespace {
constexpr std::size_t kFlushBytes = 1 << 20;
}

CocoWriter::CocoWriter(std::ostream& out, const ExportHeader& header, bool provenance)
    : out_(out), header_(header), provenance_(provenance) {
  if (header.task_type != "image_bbox")
    throw Error::invalid("format_not_for_task_type", "COCO exports image_bbox projects, not " + header.task_type);
  spill_ = std::tmpfile();
  if (!spill_) throw Error(ErrorKind::internal, "export_spill", "cannot create a temporary file for the export");
  buffer_ = "{\"info\":{\"description\":";
  append_json_string(buffer_, header.project_name);
  buffer_ += ",\"version\":\"1.0\",\"contributor\":\"fairlabel\"},\"licenses\":[],\"categories\":[";
  for (std::size_t i = 0; i < header.labels.size(); ++i) {
    if (i) buffer_ += ',';
    fmt::format_to(std::back_inserter(buffer_), "{{\"id\":{},\"name\":", i + 1);
    append_json_string(buffer_, header.labels[i]);
    buffer_ += ",\"supercategory\":\"\"}";
  }
  buffer_ += "],\"images\":[";
}

CocoWriter::~CocoWriter() {
  if (spill_) std::fclose(spill_);
}

void CocoWriter::add(const ExportItem& item) {
  const json& image = item.input.at("image");
  if (!first_image_) buffer_ += ',';
  first_image_ = false;
  buffer_ += "{\"id\":";
  append_integer(buffer_, item.task_id);
  buffer_ += ",\"file_name\":";
  append_json_string(buffer_, item.file_name);
  buffer_ += ",\"width\":";
  append_integer(buffer_, image.at("width").get<std::int64_t>());
  buffer_ += ",\"height\":";
  append_integer(buffer_, image.at("height").get<std::int64_t>());
  if (provenance_ && item.provenance) {
    buffer_ += ",\"fairlabel\":";
    append_provenance(buffer_, *item.provenance);
  }
  buffer_ += '}';
  for (const Answer& answer : item.answers) {
    for (const json& box : answer.payload.at("boxes")) {
      const double x = box.at("x").get<double>(), y = box.at("y").get<double>();
      const double w = box.at("w").get<double>(), h = box.at("h").get<double>();
      if (!annotations_.empty() || next_annotation_id_ > 1) annotations_ += ',';
      annotations_ += "{\"id\":";
      append_integer(annotations_, next_annotation_id_++);
      annotations_ += ",\"image_id\":";
      append_integer(annotations_, item.task_id);
      annotations_ += ",\"category_id\":";
      append_integer(annotations_,
                     static_cast<std::int64_t>(label_index(header_.labels, box.at("label").get_ref<const std::string&>())) + 1);
      annotations_ += ",\"bbox\":[";
      append_number(annotations_, x);
      annotations_ += ',';
      append_number(annotations_, y);
      annotations_ += ',';
      append_number(annotations_, w);
      annotations_ += ',';
      append_number(annotations_, h);
      annotations_ += "],\"area\":";
      append_number(annotations_, w * h);
      annotations_ += ",\"iscrowd\":0,\"segmentation\":[]";
      if (answer.worker) {
        annotations_ += ",\"attributes\":{\"worker\":";
        append_json_string(annotations_, *answer.worker);
        annotations_ += '}';
      } else if (provenance_ && box.contains("confidence")) {
        annotations_ += ",\"attributes\":{\"confidence\":";
        append_number(annotations_, box.at("confidence").get<double>());
        fmt::format_to(std::back_inserter(annotations_), ",\"workers\":{}}}", box.value("workers", 0));
      }
      annotations_ += '}';
    }
  }
  if (buffer_.size() > kFlushBytes) {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }
  if (annotations_.size() > kFlushBytes) flush_annotations();
}

void CocoWriter::flush_annotations() {
  if (std::fwrite(annotations_.data(), 1, annotations_.size(), spill_) != annotations_.size())
    throw Error(ErrorKind::internal, "export_spill", "cannot write the export's temporary file");
  annotations_.clear();
}

void CocoWriter::finish() {
  buffer_ += "],\"annotations\":[";
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  flush_annotations();
  std::rewind(spill_);
  std::string chunk(kFlushBytes, '\0');
  while (std::size_t n = std::fread(chunk.data(), 1, chunk.size(), spill_))
    out_.write(chunk.data(), static_cast<std::streamsize>(n));
  if (std::ferror(spill_)) throw Error(ErrorKind::internal, "export_spill", "cannot read the export's temporary file");
  out_ << "]}\n";
  out_.flush();
}

namespace {

bool is_positive_integer(const json& value) {
  return (value.is_number_unsigned() || value.is_number_integer()) && value.get<std::int64_t>() > 0;
}

}  // namespace

ReadResult read_coco(std::string_view text) {
  ReadResult result;
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    result.fail("", std::string("is not valid JSON: ") + e.what());
    return std::move(result).done();
  }
  if (!doc.is_object()) {
    result.fail("", "a COCO file is a JSON object with images, annotations and categories");
    return std::move(result).done();
  }
  for (const char* member : {"images", "annotations", "categories"}) {
    if (!doc.contains(member) || !doc[member].is_array()) result.fail(std::string("/") + member, "must be an array");
  }
  if (!result.ok()) return std::move(result).done();

  std::map<std::int64_t, std::string> categories;
  for (std::size_t i = 0; i < doc["categories"].size(); ++i) {
    const json& c = doc["categories"][i];
    std::string at = fmt::format("/categories/{}", i);
    if (!c.is_object() || !c.contains("id") || !is_positive_integer(c["id"])) {
      result.fail(at + "/id", "must be a positive integer");
      continue;
    }
    if (!c.contains("name") || !c["name"].is_string() || c["name"].get<std::string>().empty()) {
      result.fail(at + "/name", "must be a non-empty string");
      continue;
    }
    if (!categories.emplace(c["id"].get<std::int64_t>(), c["name"].get<std::string>()).second)
      result.fail(at + "/id", "repeats an earlier category id");
  }

  std::map<std::int64_t, std::size_t> image_index;  // COCO image id -> item
  for (std::size_t i = 0; i < doc["images"].size(); ++i) {
    const json& image = doc["images"][i];
    std::string at = fmt::format("/images/{}", i);
    if (!image.is_object()) {
      result.fail(at, "must be an object");
      continue;
    }
    bool good = true;
    for (const char* member : {"id", "width", "height"}) {
      if (!image.contains(member) || !is_positive_integer(image[member])) {
        result.fail(at + "/" + member, "must be a positive integer");
        good = false;
      }
    }
    if (!image.contains("file_name") || !image["file_name"].is_string() ||
        image["file_name"].get<std::string>().empty()) {
      result.fail(at + "/file_name", "must be a non-empty string");
      good = false;
    }
    if (!good) continue;
    std::int64_t id = image["id"].get<std::int64_t>();
    if (image_index.count(id)) {
      result.fail(at + "/id", "repeats an earlier image id");
      continue;
    }
    ReadItem item;
    item.file_name = image["file_name"].get<std::string>();
    item.width = image["width"].get<std::int64_t>();
    item.height = image["height"].get<std::int64_t>();
    if (image.contains("fairlabel")) {
      item.task_id = id;
      try {
        item.provenance = provenance_from_json(image["fairlabel"]);
      } catch (const Error& e) {
        result.fail(at + "/fairlabel", e.what());
      }
    }
    image_index.emplace(id, result.items.size());
    result.items.push_back(std::move(item));
  }

  std::map<std::int64_t, bool> annotation_ids;
  // Per item: the answer index of each worker ("" for unattributed boxes).
  std::vector<std::map<std::string, std::size_t>> answer_of(result.items.size());
  for (std::size_t i = 0; i < doc["annotations"].size(); ++i) {
    const json& a = doc["annotations"][i];
    std::string at = fmt::format("/annotations/{}", i);
    if (!a.is_object()) {
      result.fail(at, "must be an object");
      continue;
    }
    bool good = true;
    if (!a.contains("id") || !is_positive_integer(a["id"])) {
      result.fail(at + "/id", "must be a positive integer (COCO readers never match id 0)");
      good = false;
    } else if (!annotation_ids.emplace(a["id"].get<std::int64_t>(), true).second) {
      result.fail(at + "/id", "repeats an earlier annotation id");
      good = false;
    }
    auto image = a.contains("image_id") && is_positive_integer(a["image_id"])
                     ? image_index.find(a["image_id"].get<std::int64_t>())
                     : image_index.end();
    if (image == image_index.end()) {
      result.fail(at + "/image_id", "must be the id of an image of the file");
      good = false;
    }
    auto category = a.contains("category_id") && is_positive_integer(a["category_id"])
                        ? categories.find(a["category_id"].get<std::int64_t>())
                        : categories.end();
    if (category == categories.end()) {
      result.fail(at + "/category_id", "must be the id of a category of the file");
      good = false;
    }
    const json* bbox = a.contains("bbox") ? &a["bbox"] : nullptr;
    bool bbox_shape = bbox && bbox->is_array() && bbox->size() == 4 &&
                      std::all_of(bbox->begin(), bbox->end(), [](const json& v) { return v.is_number(); });
    if (!bbox_shape) {
      result.fail(at + "/bbox", "must be [x, y, width, height], four numbers");
      good = false;
    }
    if (a.contains("iscrowd") && a["iscrowd"] != 0 && a["iscrowd"] != 1) {
      result.fail(at + "/iscrowd", "must be 0 or 1");
      good = false;
    }
    if (!good) continue;
    double x = (*bbox)[0].get<double>(), y = (*bbox)[1].get<double>();
    double w = (*bbox)[2].get<double>(), h = (*bbox)[3].get<double>();
    ReadItem& item = result.items[image->second];
    if (w <= 0 || h <= 0) {
      result.fail(at + "/bbox", "width and height must be positive");
      continue;
    }
    constexpr double kSlack = 0.001;  // docs/task-types.md: float rounding in browsers
    if (x < -kSlack || y < -kSlack || x + w > static_cast<double>(item.width) + kSlack ||
        y + h > static_cast<double>(item.height) + kSlack) {
      result.fail(at + "/bbox", fmt::format("lies outside its image ({} x {})", item.width, item.height));
      continue;
    }
    std::string worker;
    json box = {{"label", category->second}, {"x", x}, {"y", y}, {"w", w}, {"h", h}};
    if (a.contains("attributes") && a["attributes"].is_object()) {
      const json& attributes = a["attributes"];
      if (attributes.contains("worker") && attributes["worker"].is_string()) worker = attributes["worker"];
      if (attributes.contains("confidence") && attributes["confidence"].is_number())
        box["confidence"] = attributes["confidence"];
      if (attributes.contains("workers") && attributes["workers"].is_number_integer())
        box["workers"] = attributes["workers"];
    }
    auto& answers = answer_of[image->second];
    auto slot = answers.find(worker);
    if (slot == answers.end()) {
      slot = answers.emplace(worker, item.answers.size()).first;
      Answer answer{{{"boxes", json::array()}}, std::nullopt};
      if (!worker.empty()) answer.worker = worker;
      item.answers.push_back(std::move(answer));
    }
    json& boxes = item.answers[slot->second].payload["boxes"];
    box["id"] = std::to_string(boxes.size() + 1);
    boxes.push_back(std::move(box));
  }
  // An image without annotations is an answer with no boxes ("nothing to label").
  for (auto& item : result.items) {
    if (item.answers.empty()) item.answers.push_back({{{"boxes", json::array()}}, std::nullopt});
  }
  return std::move(result).done();
}

}  // namespace fairlabel::formats
