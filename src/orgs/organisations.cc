#include "orgs/organisations.h"

#include <regex>

#include "core/error.h"

namespace fairlabel::orgs {
namespace {

using accounts::Principal;
using accounts::Role;
using store::Connection;
using store::TxMode;

constexpr const char* kOrgColumns = "o.id, o.name, o.slug, o.created_by, o.created_at, o.updated_at";

Organisation org_from_row(const store::Row& row) {
  Organisation o;
  o.id = row.integer(0);
  o.name = row.text(1);
  o.slug = row.text(2);
  o.created_by = row.integer(3);
  o.created_at = row.integer(4);
  o.updated_at = row.integer(5);
  if (row.size() > 6 && !row.is_null(6)) o.my_role = row.text(6);
  return o;
}

bool sees_all_orgs(const Principal& p) { return p.has(Role::admin) || p.has(Role::auditor); }

void validate_name(Validation& v, const std::string& name) {
  if (name.empty() || name.size() > 200) v.fail("/name", "must be 1 to 200 characters");
}

Organisation load(Connection& c, const Principal& caller, std::int64_t org_id) {
  auto r = c.execute(std::string("SELECT ") + kOrgColumns +
                         ", m.member_role FROM organisations o "
                         "LEFT JOIN org_members m ON m.org_id = o.id AND m.user_id = $2 WHERE o.id = $1",
                     {org_id, caller.user_id});
  if (r.empty()) throw Error::not_found("organisation " + std::to_string(org_id));
  return org_from_row(r.rows.front());
}

}  // namespace

void OrganisationService::require_access(Connection& c, const Principal& caller, std::int64_t org_id,
                                         OrgAccess level) {
  if (caller.is_admin()) return;
  if (level == OrgAccess::read && caller.has(Role::auditor)) return;
  auto r = c.execute("SELECT member_role FROM org_members WHERE org_id = $1 AND user_id = $2",
                     {org_id, caller.user_id});
  // Requester membership is what grants access; a member who lost the
  // requester role keeps nothing.
  bool allowed = !r.empty() && caller.has(Role::requester) &&
                 (level != OrgAccess::manage || r.rows.front().text(0) == "owner");
  if (!allowed) {
    if (level == OrgAccess::edit && caller.has(Role::auditor)) {
      throw Error::forbidden("auditors read organisation " + std::to_string(org_id) + " but do not change it");
    }
    if (!r.empty() && caller.has(Role::requester)) {
      throw Error::forbidden("only an owner of organisation " + std::to_string(org_id) + " may change it");
    }
    throw Error::not_found("organisation " + std::to_string(org_id));
  }
}

Organisation OrganisationService::create(const Principal& caller, const std::string& name, const std::string& slug) {
  if (!caller.has(Role::requester) && !caller.is_admin()) {
    throw Error::forbidden("only requesters and admins can create organisations");
  }
  Validation v;
  validate_name(v, name);
  static const std::regex slug_pattern(R"(^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$)");
  if (!std::regex_match(slug, slug_pattern)) {
    v.fail("/slug", "must be 1 to 64 lowercase letters, digits and inner hyphens, such as \"acme-vision\"");
  }
  v.throw_if_failed();
  const Timestamp now = clock_.now();
  try {
    auto id = store::transact(db_, TxMode::write, [&](Connection& c) {
      auto org_id = c.execute("INSERT INTO organisations (name, slug, created_by, created_at, updated_at) "
                              "VALUES ($1, $2, $3, $4, $4) RETURNING id",
                              {name, slug, caller.user_id, now})
                        .single()
                        .integer(0);
      c.execute("INSERT INTO org_members (org_id, user_id, member_role, added_at) VALUES ($1, $2, 'owner', $3)",
                {org_id, caller.user_id, now});
      return org_id;
    });
    return get(caller, id);
  } catch (const store::StoreError& e) {
    if (e.kind() == store::StoreErrorKind::unique_violation) {
      throw Error(ErrorKind::conflict, "slug_taken", "an organisation with this slug exists already",
                  {{"/slug", "is already taken"}});
    }
    throw;
  }
}

Organisation OrganisationService::get(const Principal& caller, std::int64_t org_id) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    require_access(c, caller, org_id, OrgAccess::read);
    return load(c, caller, org_id);
  });
}

Page<Organisation> OrganisationService::list(const Principal& caller, const PageRequest& page) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    store::Result r;
    if (sees_all_orgs(caller)) {
      r = c.execute(std::string("SELECT ") + kOrgColumns +
                        ", m.member_role FROM organisations o "
                        "LEFT JOIN org_members m ON m.org_id = o.id AND m.user_id = $1 "
                        "WHERE o.id > $2 ORDER BY o.id LIMIT $3",
                    {caller.user_id, page.after_id, std::int64_t{page.limit} + 1});
    } else if (caller.has(Role::requester)) {
      r = c.execute(std::string("SELECT ") + kOrgColumns +
                        ", m.member_role FROM organisations o "
                        "JOIN org_members m ON m.org_id = o.id AND m.user_id = $1 "
                        "WHERE o.id > $2 ORDER BY o.id LIMIT $3",
                    {caller.user_id, page.after_id, std::int64_t{page.limit} + 1});
    }
    std::vector<Organisation> rows;
    for (const auto& row : r.rows) rows.push_back(org_from_row(row));
    return make_page(std::move(rows), page.limit, [](const Organisation& o) { return o.id; });
  });
}

Organisation OrganisationService::rename(const Principal& caller, std::int64_t org_id, const std::string& name) {
  Validation v;
  validate_name(v, name);
  v.throw_if_failed();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    require_access(c, caller, org_id, OrgAccess::manage);
    c.execute("UPDATE organisations SET name = $2, updated_at = $3 WHERE id = $1", {org_id, name, clock_.now()});
    return load(c, caller, org_id);
  });
}

void OrganisationService::add_member(const Principal& caller, std::int64_t org_id, std::int64_t user_id,
                                     const std::string& member_role) {
  if (member_role != "owner" && member_role != "member") {
    throw Error::invalid("validation_failed", "member_role must be \"owner\" or \"member\"",
                         {{"/member_role", "must be \"owner\" or \"member\""}});
  }
  store::transact(db_, TxMode::write, [&](Connection& c) {
    require_access(c, caller, org_id, OrgAccess::manage);
    auto role = c.execute("SELECT 1 FROM user_roles WHERE user_id = $1 AND role = 'requester'", {user_id});
    if (role.empty()) {
      throw Error::invalid("not_a_requester", "only users with the requester role can join an organisation",
                           {{"/user_id", "is not a requester"}});
    }
    c.execute("INSERT INTO org_members (org_id, user_id, member_role, added_at) VALUES ($1, $2, $3, $4) "
              "ON CONFLICT (org_id, user_id) DO UPDATE SET member_role = excluded.member_role",
              {org_id, user_id, member_role, clock_.now()});
  });
}

}  // namespace fairlabel::orgs
