#include "core/error.h"

namespace fairlabel {

void Validation::throw_if_failed(const std::string& what) const {
  if (ok()) return;
  std::string message = what + " has " + std::to_string(errors_.size()) +
                        (errors_.size() == 1 ? " invalid field" : " invalid fields") + ": " + errors_.front().pointer +
                        " " + errors_.front().message;
  if (errors_.size() > 1) message += " (and more: see errors)";
  throw Error::invalid("validation_failed", message, errors_);
}

}  // namespace fairlabel
