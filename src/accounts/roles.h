#pragma once
//! Roles and the authenticated caller (Principal).
//!
//! A user holds one or more roles. `worker` and `requester` can be chosen at
//! sign-up; the others are granted by an admin (or `fairlabel user add`).
//! Requesters act for organisations they are members of (see orgs/).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fairlabel::accounts {

enum class Role { worker, reviewer, requester, admin, auditor, council };

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
const std::vector<Role>& all_roles();

//! Who is calling: established by a session token or an API key.
struct Principal {
  std::int64_t user_id = 0;
  std::string email;
  std::string display_name;
  std::set<Role> roles;
  //! Set when the call came with an API key rather than a session.
  std::optional<std::int64_t> api_key_id;

  bool has(Role role) const { return roles.count(role) > 0; }
  bool is_admin() const { return has(Role::admin); }
};

}  // namespace fairlabel::accounts
