#pragma once
//! Reading a tree of export files back (the multi-file formats' readers
//! take path -> contents), and the provenance side file those formats share.

#include <filesystem>
#include <map>
#include <string>

#include "formats/export_item.h"
#include "formats/output_tree.h"

namespace fairlabel::formats {

using FileMap = std::map<std::string, std::string>;

//! Every regular file under `root` by '/'-separated relative path; throws
//! invalid_input "import_unreadable" when it cannot be read.
FileMap read_tree(const std::filesystem::path& root);

//! `file_name` without its last extension ("a/b.jpg" -> "a/b"): the name the
//! per-image formats (YOLO's .txt, VOC's .xml) give an image's labels.
std::string stem_of(const std::string& file_name);

//! `provenance.jsonl` of the multi-file formats: one line per item,
//! {"file_name", "task_id", "provenance": {...}}, written at finish.
class ProvenanceFile {
 public:
  void add(const ExportItem& item);
  void write(OutputTree& tree) const;
  //! file_name -> (task id, provenance), from a tree's provenance.jsonl (if any).
  static std::map<std::string, std::pair<std::int64_t, Provenance>> read(const FileMap& files);

 private:
  std::string lines_;
};

}  // namespace fairlabel::formats
