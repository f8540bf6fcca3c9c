#include "accounts/roles.h"

namespace fairlabel::accounts {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::worker: return "worker";
    case Role::reviewer: return "reviewer";
    case Role::requester: return "requester";
    case Role::admin: return "admin";
    case Role::auditor: return "auditor";
    case Role::council: return "council";
  }
  return "unknown";
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = {Role::worker, Role::reviewer, Role::requester,
                                          Role::admin,  Role::auditor,  Role::council};
  return roles;
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role role : all_roles()) {
    if (role_name(role) == name) return role;
  }
  return std::nullopt;
}

}  // namespace fairlabel::accounts
