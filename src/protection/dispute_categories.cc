#include "protection/dispute_categories.h"

namespace fairlabel::protection {

const std::vector<DisputeCategory>& dispute_categories() {
  // Deadlines are platform terms: changing them is a terms change, and a
  // dispute keeps the deadlines it was opened under (they are stored on it).
  static const std::vector<DisputeCategory> categories = {
      {"payment", "a payment that is missing, late or held", 48, 7 * 24, true, "hold_id"},
      {"rejection", "a rejected submission", 48, 10 * 24, true, "assignment_id"},
      {"sanction", "a warning, project removal, suspension or deactivation", 48, 14 * 24, false, "sanction_id"},
      {"other", "anything else about work on the platform", 72, 30 * 24, false, ""},
  };
  return categories;
}

std::optional<DisputeCategory> find_dispute_category(std::string_view name) {
  for (const auto& c : dispute_categories()) {
    if (c.name == name) return c;
  }
  return std::nullopt;
}

}  // namespace fairlabel::protection
