#include "formats/xml_file.h"

#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

namespace fairlabel::formats {

namespace pt = boost::property_tree;

std::optional<pt::ptree> read_xml_root(const std::string& contents, const std::string& path, const std::string& root,
                                       ReadResult& result) {
  pt::ptree doc;
  try {
    std::istringstream in(contents);
    pt::read_xml(in, doc);
  } catch (const pt::xml_parser_error& e) {
    result.fail("", std::string("is not valid XML: ") + e.message(), e.line(), path);
    return std::nullopt;
  }
  auto element = doc.get_child_optional(root);
  if (!element) {
    result.fail("/" + root, "the root element must be <" + root + ">", 0, path);
    return std::nullopt;
  }
  return *element;
}

}  // namespace fairlabel::formats
