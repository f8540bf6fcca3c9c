#include "protection/terms.h"

#include "core/error.h"
#include "protection/notifications.h"

namespace fairlabel::protection {
namespace {

using accounts::Principal;
using accounts::Role;
using store::Connection;
using store::TxMode;

std::optional<TermsVersion> load_current(Connection& c) {
  auto r =
      c.execute("SELECT version, text, published_by, published_at FROM platform_terms ORDER BY version DESC LIMIT 1");
  if (r.empty()) return std::nullopt;
  const auto& row = r.single();
  return TermsVersion{row.integer(0), row.text(1), row.integer(2), row.integer(3)};
}

std::optional<TermsAcceptance> load_acceptance(Connection& c, std::int64_t user_id, std::int64_t version) {
  auto r =
      c.execute("SELECT accepted_at FROM terms_acceptances WHERE user_id = $1 AND version = $2", {user_id, version});
  if (r.empty()) return std::nullopt;
  return TermsAcceptance{user_id, version, r.single().integer(0)};
}

}  // namespace

TermsVersion TermsService::publish(const Principal& caller, const std::string& text) {
  Validation v;
  if (text.empty() || text.size() > 100'000) v.fail("/text", "must be 1 to 100000 characters");
  v.throw_if_failed();
  if (!caller.is_admin()) throw Error::forbidden("only admins publish the platform terms");
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto previous = load_current(c);
    const std::int64_t version = previous ? previous->version + 1 : 1;
    try {
      c.execute("INSERT INTO platform_terms (version, text, published_by, published_at) VALUES ($1, $2, $3, $4)",
                {version, text, caller.user_id, now});
    } catch (const store::StoreError& e) {
      // Two admins publishing at once: the second finds the version taken.
      if (e.kind() == store::StoreErrorKind::unique_violation)
        throw Error::conflict("terms_changed", "another version was published meanwhile; publish again");
      throw;
    }
    audit_.append(c, {caller.user_id,
                      "terms.published",
                      "terms:" + std::to_string(version),
                      "platform terms version " + std::to_string(version) + " published",
                      {{"version", version}, {"previous_version", previous ? previous->version : 0}}});
    auto workers = c.execute("SELECT user_id FROM user_roles WHERE role = 'worker' ORDER BY user_id");
    for (const auto& row : workers.rows) {
      notify(c, now, row.integer(0), "terms_published", "terms:" + std::to_string(version),
             {{"message", "New platform terms (version " + std::to_string(version) +
                              ") were published. Accept them before your next claim; work you already did stays "
                              "under the terms in force when you claimed it."},
              {"version", version}});
    }
    return TermsVersion{version, text, caller.user_id, now};
  });
}

std::optional<TermsVersion> TermsService::current() {
  return store::transact(db_, TxMode::read, [](Connection& c) { return load_current(c); });
}

TermsAcceptance TermsService::accept(const Principal& caller, std::int64_t version) {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto in_force = load_current(c);
    if (!in_force) throw Error::not_found("platform terms");
    if (version != in_force->version) {
      throw Error::conflict("terms_outdated", "version " + std::to_string(version) + " is not in force; version " +
                                                  std::to_string(in_force->version) + " is");
    }
    if (auto given = load_acceptance(c, caller.user_id, version)) return *given;
    // Two requests of the same worker at once: the first insert wins.
    auto inserted = c.execute(
        "INSERT INTO terms_acceptances (user_id, version, accepted_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, "
        "version) DO NOTHING",
        {caller.user_id, version, now});
    auto given = *load_acceptance(c, caller.user_id, version);
    if (inserted.affected_rows == 1) {
      audit_.append(c, {caller.user_id,
                        "terms.accepted",
                        "user:" + std::to_string(caller.user_id),
                        "accepted platform terms version " + std::to_string(version),
                        {{"version", version}}});
    }
    return given;
  });
}

std::optional<TermsAcceptance> TermsService::current_acceptance(const Principal& caller) {
  return store::transact(db_, TxMode::read, [&](Connection& c) -> std::optional<TermsAcceptance> {
    auto in_force = load_current(c);
    if (!in_force) return std::nullopt;
    return load_acceptance(c, caller.user_id, in_force->version);
  });
}

std::optional<std::int64_t> require_terms_accepted(Connection& c, std::int64_t user_id) {
  auto in_force = load_current(c);
  if (!in_force) return std::nullopt;
  if (!load_acceptance(c, user_id, in_force->version)) {
    throw Error(ErrorKind::forbidden, "terms_not_accepted",
                "the platform terms changed: accept version " + std::to_string(in_force->version) +
                    " before claiming work (work you already did stays under the terms you claimed it under)");
  }
  return in_force->version;
}

}  // namespace fairlabel::protection
