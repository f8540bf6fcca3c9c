#include "protection/announcements.h"

#include <algorithm>

#include "core/error.h"
#include "orgs/organisations.h"

namespace fairlabel::protection {
namespace {

using accounts::Principal;
using accounts::Role;
using store::Connection;
using store::TxMode;

constexpr const char* kAnnouncementColumns = "id, scope, project_id, title, body, language, author_id, published_at";

Announcement from_row(const store::Row& row) {
  return {row.integer(0), row.text(1),          row.optional_integer(2), row.text(3),
          row.text(4),    row.optional_text(5), row.integer(6),          row.integer(7)};
}

}  // namespace

Announcement AnnouncementService::publish(const Principal& caller, const NewAnnouncement& in) {
  Validation v;
  if (in.scope == "team" || in.scope == "site") {
    v.fail("/scope", "fairlabel has no teams or sites yet; use project or all_workers");
  } else if (in.scope != "project" && in.scope != "all_workers") {
    v.fail("/scope", "must be project or all_workers");
  }
  if (in.scope == "project" && !in.project_id) v.fail("/project_id", "a project announcement names the project");
  if (in.scope == "all_workers" && in.project_id) v.fail("/project_id", "only a project announcement names a project");
  if (in.title.empty() || in.title.size() > 200) v.fail("/title", "must be 1 to 200 characters");
  if (in.body.empty() || in.body.size() > 20'000) v.fail("/body", "must be 1 to 20000 characters");
  if (in.language && (in.language->empty() || in.language->size() > 35))
    v.fail("/language", "must be a language tag such as en or fil");
  v.throw_if_failed();
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    if (in.scope == "all_workers") {
      if (!caller.is_admin() && !caller.has(Role::council))
        throw Error::forbidden("only admins and the worker council announce to all workers");
    } else if (!caller.is_admin()) {
      if (!caller.has(Role::requester))
        throw Error::forbidden("only admins and the project's requesters announce to a project's workers");
      auto project = c.execute("SELECT org_id FROM projects WHERE id = $1", {*in.project_id});
      if (project.empty()) throw Error::not_found("project " + std::to_string(*in.project_id));
      try {
        orgs::OrganisationService::require_access(c, caller, project.single().integer(0), orgs::OrgAccess::edit);
      } catch (const Error&) {
        throw Error::not_found("project " + std::to_string(*in.project_id));
      }
    } else if (c.execute("SELECT 1 FROM projects WHERE id = $1", {*in.project_id}).empty()) {
      throw Error::not_found("project " + std::to_string(*in.project_id));
    }
    auto id = c.execute(
                   "INSERT INTO announcements (scope, project_id, title, body, language, author_id, published_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                   {in.scope, in.project_id ? store::Value(*in.project_id) : store::Value(nullptr), in.title, in.body,
                    in.language ? store::Value(*in.language) : store::Value(nullptr), caller.user_id, now})
                  .single()
                  .integer(0);
    audit_.append(c, {caller.user_id,
                      "announcement.published",
                      "announcement:" + std::to_string(id),
                      in.title,
                      {{"scope", in.scope},
                       {"project_id", in.project_id ? nlohmann::json(*in.project_id) : nlohmann::json(nullptr)}}});
    return from_row(
        c.execute(std::string("SELECT ") + kAnnouncementColumns + " FROM announcements WHERE id = $1", {id}).single());
  });
}

std::vector<Announcement> AnnouncementService::for_user(const Principal& caller,
                                                        const std::vector<std::int64_t>& offered_projects, int limit) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    // All-workers announcements and those of projects worked on, newest
    // first; then the offered projects' ones are merged in (a short list:
    // offers are capped), and the newest `limit` kept.
    auto r = c.execute(std::string("SELECT ") + kAnnouncementColumns +
                           " FROM announcements n WHERE n.scope = 'all_workers' OR (n.scope = 'project' AND EXISTS "
                           "(SELECT 1 FROM assignments a WHERE a.project_id = n.project_id AND a.worker_id = $1)) "
                           "ORDER BY n.id DESC LIMIT $2",
                       {caller.user_id, std::int64_t{limit}});
    std::vector<Announcement> out;
    for (const auto& row : r.rows) out.push_back(from_row(row));
    for (auto project_id : offered_projects) {
      auto p =
          c.execute(std::string("SELECT ") + kAnnouncementColumns +
                        " FROM announcements WHERE scope = 'project' AND project_id = $1 ORDER BY id DESC LIMIT $2",
                    {project_id, std::int64_t{limit}});
      for (const auto& row : p.rows) {
        auto a = from_row(row);
        if (std::none_of(out.begin(), out.end(), [&](const Announcement& x) { return x.id == a.id; }))
          out.push_back(std::move(a));
      }
    }
    std::sort(out.begin(), out.end(), [](const Announcement& x, const Announcement& y) { return x.id > y.id; });
    if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
    return out;
  });
}

}  // namespace fairlabel::protection
