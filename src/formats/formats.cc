#include "formats/formats.h"

#include "core/error.h"
#include "formats/coco.h"
#include "formats/cvat_video.h"
#include "formats/label_studio.h"
#include "formats/mot.h"
#include "formats/text_jsonl.h"
#include "formats/voc.h"
#include "formats/yolo.h"

namespace fairlabel::formats {

namespace {

constexpr std::pair<Format, std::string_view> kNames[] = {
    {Format::coco, "coco"},
    {Format::yolo, "yolo"},
    {Format::voc, "voc"},
    {Format::mot, "mot"},
    {Format::cvat_video, "cvat-video"},
    {Format::jsonl, "jsonl"},
    {Format::label_studio, "label-studio"},
};

//! Adapts one concrete writer (they share add/finish but no base class, so
//! each stays a plain class with its own header).
template <typename Writer>
class Adapter final : public ExportWriter {
 public:
  template <typename... Args>
  explicit Adapter(OutputTree* single_file_tree, Args&&... args)
      : tree_(single_file_tree), writer_(std::forward<Args>(args)...) {}
  void add(const ExportItem& item) override { writer_.add(item); }
  void finish() override {
    writer_.finish();
    if (tree_) tree_->finish();
  }

 private:
  OutputTree* tree_;  // set for single-file formats: the writer does not own the tree
  Writer writer_;
};

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  for (const auto& [format, format_name] : kNames)
    if (format_name == name) return format;
  return std::nullopt;
}

std::string_view format_name(Format format) {
  for (const auto& [candidate, name] : kNames)
    if (candidate == format) return name;
  return "";
}

std::string format_names() {
  std::string out;
  for (const auto& [format, name] : kNames) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

bool is_single_file(Format format) {
  return format == Format::coco || format == Format::jsonl || format == Format::label_studio;
}

std::string single_file_name(Format format) {
  switch (format) {
    case Format::coco: return "annotations/instances_default.json";
    case Format::jsonl: return "export.jsonl";
    case Format::label_studio: return "label_studio.json";
    default: return "";
  }
}

void check_format_fits(Format format, std::string_view task_type) {
  bool fits = false;
  switch (format) {
    case Format::coco:
    case Format::yolo:
    case Format::voc: fits = task_type == "image_bbox"; break;
    case Format::mot:
    case Format::cvat_video: fits = task_type == "video_track"; break;
    case Format::label_studio:
      fits = task_type == "image_bbox" || task_type == "classification" || task_type == "image_tags" ||
             task_type == "text_edit" || task_type == "video_track" || task_type == "text_rank";
      break;
    case Format::jsonl: fits = true; break;
  }
  if (!fits)
    throw Error::invalid("format_not_for_task_type", "the " + std::string(format_name(format)) +
                                                         " format cannot hold " + std::string(task_type) + " tasks");
}

std::unique_ptr<ExportWriter> make_writer(Format format, OutputTree& tree, const ExportHeader& header,
                                          bool provenance) {
  check_format_fits(format, header.task_type);
  switch (format) {
    case Format::coco:
      return std::make_unique<Adapter<CocoWriter>>(&tree, tree.begin_file(single_file_name(format)), header,
                                                   provenance);
    case Format::jsonl:
      return std::make_unique<Adapter<TextJsonlWriter>>(&tree, tree.begin_file(single_file_name(format)), header,
                                                        provenance);
    case Format::label_studio:
      return std::make_unique<Adapter<LabelStudioWriter>>(&tree, tree.begin_file(single_file_name(format)), header,
                                                          provenance);
    case Format::yolo: return std::make_unique<Adapter<YoloWriter>>(nullptr, tree, header, provenance);
    case Format::voc: return std::make_unique<Adapter<VocWriter>>(nullptr, tree, header, provenance);
    case Format::mot: return std::make_unique<Adapter<MotWriter>>(nullptr, tree, header, provenance);
    case Format::cvat_video: return std::make_unique<Adapter<CvatVideoWriter>>(nullptr, tree, header, provenance);
  }
  throw Error(ErrorKind::internal, "unknown_format", "unknown export format");
}

}  // namespace fairlabel::formats
