#include "formats/export_item.h"

#include <algorithm>

#include "core/error.h"

namespace fairlabel::formats {

std::size_t label_index(const std::vector<std::string>& labels, const std::string& label) {
  auto it = std::find(labels.begin(), labels.end(), label);
  if (it == labels.end())
    throw Error::invalid("unknown_label", "the label \"" + label + "\" is not in the project's label schema");
  return static_cast<std::size_t>(it - labels.begin());
}

}  // namespace fairlabel::formats
