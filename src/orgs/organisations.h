#pragma once
//! Organisations: the tenants that requesters act for.
//!
//! Tenancy rule (checked here, not in the HTTP layer): an organisation and
//! everything in it is visible only to its members and to admins and
//! auditors; only its owners and admins may change it. To anyone else it
//! does not exist (not_found), so ids do not leak which tenants exist.

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/roles.h"
#include "core/clock.h"
#include "core/page.h"
#include "store/database.h"

namespace fairlabel::orgs {

struct Organisation {
  std::int64_t id = 0;
  std::string name;
  std::string slug;
  std::int64_t created_by = 0;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::string my_role;  //!< the caller's membership ("owner", "member") or "" for admins/auditors
};

//! read: members, auditors and admins see the organisation's data;
//! edit: members (requester staff) change its projects; manage: owners
//! change the organisation itself. Admins pass every level.
enum class OrgAccess { read, edit, manage };

class OrganisationService {
 public:
  OrganisationService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  //! A requester (or admin) creates an organisation and becomes its owner.
  //! Errors: forbidden (other roles), validation_failed, slug_taken.
  Organisation create(const accounts::Principal& caller, const std::string& name, const std::string& slug);
  Organisation get(const accounts::Principal& caller, std::int64_t org_id);
  //! Organisations the caller belongs to (admins and auditors: all).
  Page<Organisation> list(const accounts::Principal& caller, const PageRequest& page);
  Organisation rename(const accounts::Principal& caller, std::int64_t org_id, const std::string& name);
  //! Adds a user with the requester role as a member. Errors: not_found,
  //! forbidden (not an owner), invalid (user is not a requester).
  void add_member(const accounts::Principal& caller, std::int64_t org_id, std::int64_t user_id,
                  const std::string& member_role);

  //! Throws not_found unless `caller` may access `org_id` at `level`.
  //! Other modules (projects, and later tasks and exports) call this with
  //! the connection of their own transaction.
  static void require_access(store::Connection& c, const accounts::Principal& caller, std::int64_t org_id,
                             OrgAccess level);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace fairlabel::orgs
