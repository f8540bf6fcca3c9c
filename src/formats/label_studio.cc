#include "formats/label_studio.h"

#include <fmt/format.h>

#include "core/error.h"
#include "formats/json_text.h"
#include "formats/provenance_json.h"

namespace fairlabel::formats {

using nlohmann::json;

namespace {

constexpr int kPercentDecimals = 8;

bool supported(const std::string& type) {
  return type == "image_bbox" || type == "classification" || type == "image_tags" || type == "text_edit";
}

void append_region_head(std::string& out, const std::string& id, const char* type, const std::string& from_name,
                        const char* to_name) {
  out += "{\"id\":";
  append_json_string(out, id);
  out += ",\"type\":\"";
  out += type;
  out += "\",\"from_name\":";
  append_json_string(out, from_name);
  out += ",\"to_name\":\"";
  out += to_name;
  out += '"';
}

}  // namespace

LabelStudioWriter::LabelStudioWriter(std::ostream& out, const ExportHeader& header, bool provenance)
    : out_(out), header_(header), provenance_(provenance) {
  if (!supported(header.task_type))
    throw Error::invalid("format_not_for_task_type",
                         "Label Studio exports image_bbox, classification, image_tags "
                         "and text_edit projects, not " +
                             header.task_type);
  out_ << '[';
}

void LabelStudioWriter::add(const ExportItem& item) {
  std::string text = first_ ? "\n" : ",\n";
  first_ = false;
  const json& input = item.input;
  const std::string& type = header_.task_type;
  fmt::format_to(std::back_inserter(text), "{{\"id\":{},\"data\":{{", item.task_id);
  bool has_image = input.contains("image");
  if (has_image) {
    text += "\"image\":";
    append_json_string(text, header_.media_url_prefix + input["image"]["sha256"].get<std::string>());
  }
  for (const char* key : {"text", "prompt", "response"}) {
    if (!input.contains(key)) continue;
    if (text.back() != '{') text += ',';
    fmt::format_to(std::back_inserter(text), "\"{}\":", key);
    append_json_string(text, input[key].get<std::string>());
  }
  text += "},\"annotations\":[";
  for (std::size_t a = 0; a < item.answers.size(); ++a) {
    const Answer& answer = item.answers[a];
    const json& payload = answer.payload;
    if (a) text += ',';
    fmt::format_to(std::back_inserter(text), "{{\"id\":{},\"result\":[", next_annotation_id_++);
    std::size_t region = 0;
    auto next_region = [&]() {
      if (region++) text += ',';
    };
    if (type == "image_bbox") {
      const double width = input["image"]["width"].get<double>(), height = input["image"]["height"].get<double>();
      for (const json& box : payload.at("boxes")) {
        next_region();
        std::string id = box.contains("id") ? box["id"].get<std::string>() : fmt::format("b{}", region);
        append_region_head(text, id, "rectanglelabels", "label", "image");
        fmt::format_to(std::back_inserter(text), ",\"original_width\":{},\"original_height\":{},\"image_rotation\":0",
                       input["image"]["width"].get<std::int64_t>(), input["image"]["height"].get<std::int64_t>());
        text += ",\"value\":{\"x\":";
        append_rounded(text, box.at("x").get<double>() / width * 100, kPercentDecimals);
        text += ",\"y\":";
        append_rounded(text, box.at("y").get<double>() / height * 100, kPercentDecimals);
        text += ",\"width\":";
        append_rounded(text, box.at("w").get<double>() / width * 100, kPercentDecimals);
        text += ",\"height\":";
        append_rounded(text, box.at("h").get<double>() / height * 100, kPercentDecimals);
        text += ",\"rotation\":0,\"rectanglelabels\":[";
        const std::string& label = box.at("label").get_ref<const std::string&>();
        label_index(header_.labels, label);
        append_json_string(text, label);
        text += "]}";
        if (provenance_ && box.contains("confidence")) {
          text += ",\"score\":";
          append_number(text, box["confidence"].get<double>());
        }
        text += '}';
      }
    } else if (type == "classification") {
      next_region();
      append_region_head(text, "choice", "choices", "choice", has_image ? "image" : "text");
      text += ",\"value\":{\"choices\":[";
      append_json_string(text, payload.at("label").get<std::string>());
      text += "]}}";
    } else if (type == "image_tags") {
      if (!payload.at("tags").empty()) {
        next_region();
        append_region_head(text, "tags", "choices", "tags", "image");
        text += ",\"value\":{\"choices\":";
        text += payload["tags"].dump();
        text += "}}";
      }
    } else if (type == "text_edit") {
      next_region();
      append_region_head(text, "edited", "textarea", "edited", "response");
      text += ",\"value\":{\"text\":[";
      append_json_string(text, payload.at("response").get<std::string>());
      text += "]}}";
      const json scores = payload.value("scores", json::object());
      for (const auto& [criterion, score] : scores.items()) {
        next_region();
        append_region_head(text, criterion, "number", criterion, "response");
        fmt::format_to(std::back_inserter(text), ",\"value\":{{\"number\":{}}}}}", score.get<std::int64_t>());
      }
    }
    text += "],\"was_cancelled\":false,\"ground_truth\":false";
    if (answer.worker) {
      text += ",\"worker\":";
      append_json_string(text, *answer.worker);
    }
    text += '}';
  }
  text += "],\"predictions\":[],\"meta\":{";
  if (provenance_ && item.provenance) {
    text += "\"fairlabel\":";
    append_provenance(text, *item.provenance);
  }
  text += "}}";
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void LabelStudioWriter::finish() {
  out_ << "\n]\n";
  out_.flush();
}

std::string label_studio_config(const ExportHeader& header, const std::vector<std::string>& rubric_ids) {
  std::string xml = "<View>\n";
  auto choices = [&](const char* name, const char* to, const char* choice) {
    fmt::format_to(std::back_inserter(xml), "  <Choices name=\"{}\" toName=\"{}\" choice=\"{}\">\n", name, to, choice);
    for (const auto& label : header.labels) {
      xml += "    <Choice value=\"";
      append_xml_text(xml, label);
      xml += "\"/>\n";
    }
    xml += "  </Choices>\n";
  };
  const std::string& type = header.task_type;
  if (type == "image_bbox") {
    xml += "  <Image name=\"image\" value=\"$image\"/>\n  <RectangleLabels name=\"label\" toName=\"image\">\n";
    for (const auto& label : header.labels) {
      xml += "    <Label value=\"";
      append_xml_text(xml, label);
      xml += "\"/>\n";
    }
    xml += "  </RectangleLabels>\n";
  } else if (type == "classification") {
    xml += "  <Image name=\"image\" value=\"$image\"/>\n";
    choices("choice", "image", "single");
  } else if (type == "image_tags") {
    xml += "  <Image name=\"image\" value=\"$image\"/>\n";
    choices("tags", "image", "multiple");
  } else if (type == "text_edit") {
    xml += "  <Text name=\"prompt\" value=\"$prompt\"/>\n  <Text name=\"response\" value=\"$response\"/>\n";
    xml += "  <TextArea name=\"edited\" toName=\"response\" editable=\"true\" maxSubmissions=\"1\"/>\n";
    for (const auto& id : rubric_ids)
      fmt::format_to(std::back_inserter(xml), "  <Number name=\"{}\" toName=\"response\"/>\n", id);
  }
  xml += "</View>\n";
  return xml;
}

namespace {

std::string file_name_of(const std::string& url) {
  std::string path = url;
  if (auto d = path.find("?d="); d != std::string::npos) {
    path = path.substr(d + 3);
  } else if (auto query = path.find('?'); query != std::string::npos) {
    path = path.substr(0, query);
  }
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

//! One annotation's regions as a payload; problems go to `result`.
std::optional<json> payload_of(const std::string& type, const json& regions, const std::string& at, ReadItem& item,
                               ReadResult& result) {
  if (!regions.is_array()) {
    result.fail(at, "must be an array of regions");
    return std::nullopt;
  }
  std::size_t errors_before = result.errors.size();
  json boxes = json::array(), tags = json::array(), scores = json::object();
  std::optional<std::string> label, edited;
  for (std::size_t r = 0; r < regions.size(); ++r) {
    const json& region = regions[r];
    std::string here = fmt::format("{}/{}", at, r);
    if (!region.is_object() || !region.contains("type") || !region["type"].is_string() || !region.contains("value") ||
        !region["value"].is_object()) {
      result.fail(here, "a region needs a string type and an object value");
      continue;
    }
    const std::string region_type = region["type"];
    const json& value = region["value"];
    if (type == "image_bbox" && region_type == "rectanglelabels") {
      bool good = true;
      for (const char* key : {"original_width", "original_height"}) {
        if (!region.contains(key) || !region[key].is_number_integer() || region[key].get<std::int64_t>() < 1) {
          result.fail(here + "/" + key, "must be a positive integer (the image's size in pixels)");
          good = false;
        }
      }
      double v[4];
      const char* keys[4] = {"x", "y", "width", "height"};
      for (int i = 0; i < 4; ++i) {
        if (!value.contains(keys[i]) || !value[keys[i]].is_number() || value[keys[i]].get<double>() < 0 ||
            value[keys[i]].get<double>() > 100) {
          result.fail(here + "/value/" + keys[i], "must be a percentage 0..100");
          good = false;
        } else {
          v[i] = value[keys[i]].get<double>();
        }
      }
      if (value.contains("rotation") && value["rotation"] != 0) {
        result.fail(here + "/value/rotation", "rotated rectangles cannot be imported");
        good = false;
      }
      const json* names = value.contains("rectanglelabels") ? &value["rectanglelabels"] : nullptr;
      if (!names || !names->is_array() || names->size() != 1 || !(*names)[0].is_string()) {
        result.fail(here + "/value/rectanglelabels", "must hold exactly one label");
        good = false;
      }
      if (!good) continue;
      const auto width = region["original_width"].get<double>(), height = region["original_height"].get<double>();
      item.width = region["original_width"].get<std::int64_t>();
      item.height = region["original_height"].get<std::int64_t>();
      if (v[2] <= 0 || v[3] <= 0 || v[0] + v[2] > 100.0001 || v[1] + v[3] > 100.0001) {
        result.fail(here + "/value", "the rectangle is empty or leaves the image");
        continue;
      }
      json box = {{"id", region.contains("id") && region["id"].is_string() ? region["id"].get<std::string>()
                                                                           : std::to_string(boxes.size() + 1)},
                  {"label", (*names)[0]},
                  {"x", v[0] * width / 100},
                  {"y", v[1] * height / 100},
                  {"w", v[2] * width / 100},
                  {"h", v[3] * height / 100}};
      if (region.contains("score") && region["score"].is_number()) box["confidence"] = region["score"];
      boxes.push_back(std::move(box));
    } else if ((type == "classification" || type == "image_tags") && region_type == "choices") {
      const json* choices = value.contains("choices") ? &value["choices"] : nullptr;
      if (!choices || !choices->is_array() ||
          !std::all_of(choices->begin(), choices->end(), [](const json& c) { return c.is_string(); })) {
        result.fail(here + "/value/choices", "must be an array of strings");
        continue;
      }
      if (type == "classification") {
        if (choices->size() != 1 || label) {
          result.fail(here + "/value/choices", "a classification takes exactly one choice");
          continue;
        }
        label = (*choices)[0].get<std::string>();
      } else {
        for (const auto& c : *choices) tags.push_back(c);
      }
    } else if (type == "text_edit" && region_type == "textarea") {
      const json* texts = value.contains("text") ? &value["text"] : nullptr;
      if (!texts || !texts->is_array() || texts->size() != 1 || !(*texts)[0].is_string() || edited) {
        result.fail(here + "/value/text", "must hold exactly one text (one textarea per annotation)");
        continue;
      }
      edited = (*texts)[0].get<std::string>();
    } else if (type == "text_edit" && (region_type == "number" || region_type == "rating")) {
      const json* number = value.contains(region_type) ? &value[region_type] : nullptr;
      if (!number || !number->is_number_integer() || !region.contains("from_name") ||
          !region["from_name"].is_string()) {
        result.fail(here + "/value/" + region_type, "must be an integer, with the criterion id as from_name");
        continue;
      }
      scores[region["from_name"].get<std::string>()] = *number;
    } else {
      result.fail(here + "/type", "a " + region_type + " region cannot be imported into a " + type + " project");
    }
  }
  if (result.errors.size() != errors_before) return std::nullopt;
  if (type == "image_bbox") return json{{"boxes", boxes}};
  if (type == "image_tags") return json{{"tags", tags}};
  if (type == "classification") {
    if (!label) {
      result.fail(at, "has no choices region: a classification needs one choice");
      return std::nullopt;
    }
    return json{{"label", *label}};
  }
  if (!edited) {
    result.fail(at, "has no textarea region with the edited response");
    return std::nullopt;
  }
  return json{{"response", *edited}, {"scores", scores}};
}

}  // namespace

ReadResult read_label_studio(std::string_view task_type, std::string_view text) {
  ReadResult result;
  const std::string type(task_type);
  if (!supported(type)) {
    result.fail("",
                "Label Studio files can be imported into image_bbox, classification, image_tags and text_edit "
                "projects, not " +
                    type);
    return std::move(result).done();
  }
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    result.fail("", std::string("is not valid JSON: ") + e.what());
    return std::move(result).done();
  }
  if (doc.is_object()) doc = json::array({doc});
  if (!doc.is_array()) {
    result.fail("", "a Label Studio file is a JSON array of tasks");
    return std::move(result).done();
  }
  for (std::size_t t = 0; t < doc.size(); ++t) {
    const json& task = doc[t];
    std::string at = fmt::format("/{}", t);
    if (!task.is_object() || !task.contains("data") || !task["data"].is_object()) {
      result.fail(at + "/data", "a task needs a data object");
      continue;
    }
    ReadItem item;
    item.data = task["data"];
    if (item.data.contains("image")) {
      if (!item.data["image"].is_string()) {
        result.fail(at + "/data/image", "must be a URL or path");
        continue;
      }
      item.file_name = file_name_of(item.data["image"].get<std::string>());
    }
    if (task.contains("id") && task["id"].is_number_integer()) item.task_id = task["id"].get<std::int64_t>();
    if (task.contains("meta") && task["meta"].is_object() && task["meta"].contains("fairlabel")) {
      try {
        item.provenance = provenance_from_json(task["meta"]["fairlabel"]);
      } catch (const Error& e) {
        result.fail(at + "/meta/fairlabel", e.what());
      }
    }
    // Label Studio before 1.0 called annotations "completions".
    const char* annotations_key = task.contains("annotations") ? "annotations" : "completions";
    for (const char* key : {annotations_key, "predictions"}) {
      if (!item.answers.empty() || !task.contains(key)) continue;
      if (!task[key].is_array()) {
        result.fail(at + "/" + key, "must be an array");
        continue;
      }
      for (std::size_t a = 0; a < task[key].size(); ++a) {
        const json& annotation = task[key][a];
        std::string here = fmt::format("{}/{}/{}", at, key, a);
        if (!annotation.is_object()) {
          result.fail(here, "must be an object");
          continue;
        }
        if (annotation.value("was_cancelled", false)) continue;
        if (!annotation.contains("result")) {
          result.fail(here + "/result", "is missing");
          continue;
        }
        auto payload = payload_of(type, annotation["result"], here + "/result", item, result);
        if (!payload) continue;
        Answer answer{std::move(*payload), std::nullopt};
        if (annotation.contains("worker") && annotation["worker"].is_string()) answer.worker = annotation["worker"];
        item.answers.push_back(std::move(answer));
      }
    }
    result.items.push_back(std::move(item));
  }
  return std::move(result).done();
}

}  // namespace fairlabel::formats
