#pragma once
//! Reading one XML file of a multi-file format (Pascal VOC, CVAT for
//! video) into a property tree, with its problems reported the readers'
//! way (read_result.h): not XML → the parser's message and line; the wrong
//! root element → "/<root>".

#include <boost/property_tree/ptree.hpp>
#include <optional>
#include <string>

#include "formats/read_result.h"

namespace fairlabel::formats {

//! The children of the root element `root` of `contents` (the file at
//! `path`), or nothing after recording why in `result`.
std::optional<boost::property_tree::ptree> read_xml_root(const std::string& contents, const std::string& path,
                                                         const std::string& root, ReadResult& result);

}  // namespace fairlabel::formats
