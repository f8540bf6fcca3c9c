#include "orgs/projects.h"

#include <array>

#include "core/error.h"
#include "orgs/organisations.h"

namespace fairlabel::orgs {
namespace {

using accounts::Principal;
using store::Connection;
using store::TxMode;

constexpr std::array<std::string_view, 6> kTaskTypes = {"video_track", "image_bbox", "image_tags",
                                                        "classification", "text_edit", "text_rank"};
constexpr std::size_t kMaxInstructionsBytes = 200'000;

constexpr const char* kProjectColumns =
    "id, org_id, name, description, instructions, task_type, status, version, created_by, created_at, updated_at";

Project project_from_row(const store::Row& row) {
  return Project{row.integer(0), row.integer(1), row.text(2),    row.text(3),    row.text(4),    row.text(5),
                 row.text(6),    row.integer(7), row.integer(8), row.integer(9), row.integer(10)};
}

std::optional<Project> load(Connection& c, std::int64_t project_id) {
  auto r = c.execute(std::string("SELECT ") + kProjectColumns + " FROM projects WHERE id = $1", {project_id});
  if (r.empty()) return std::nullopt;
  return project_from_row(r.rows.front());
}

//! Loads a project the caller may access at `level`; not_found otherwise,
//! with the same message whether the project is missing or foreign.
Project load_visible(Connection& c, const Principal& caller, std::int64_t project_id, OrgAccess level) {
  auto project = load(c, project_id);
  if (!project) throw Error::not_found("project " + std::to_string(project_id));
  try {
    OrganisationService::require_access(c, caller, project->org_id, level);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::not_found) throw Error::not_found("project " + std::to_string(project_id));
    throw;
  }
  return *project;
}

void validate_text_fields(Validation& v, const std::optional<std::string>& name,
                          const std::optional<std::string>& description,
                          const std::optional<std::string>& instructions) {
  if (name && (name->empty() || name->size() > 200)) v.fail("/name", "must be 1 to 200 characters");
  if (description && description->size() > 2000) v.fail("/description", "must be at most 2000 characters");
  if (instructions && instructions->size() > kMaxInstructionsBytes) {
    v.fail("/instructions", "must be at most 200000 bytes of Markdown");
  }
}

}  // namespace

bool is_known_task_type(const std::string& task_type) {
  for (auto known : kTaskTypes) {
    if (known == task_type) return true;
  }
  return false;
}

Project ProjectService::create(const Principal& caller, std::int64_t org_id, const NewProject& input) {
  Validation v;
  validate_text_fields(v, input.name, input.description, input.instructions);
  if (!is_known_task_type(input.task_type)) {
    v.fail("/task_type",
           "must be one of video_track, image_bbox, image_tags, classification, text_edit, text_rank");
  }
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    // Access first: a non-member learns nothing, not even validation results.
    OrganisationService::require_access(c, caller, org_id, OrgAccess::edit);
    v.throw_if_failed();
    auto id = c.execute("INSERT INTO projects (org_id, name, description, instructions, task_type, created_by, "
                        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                        {org_id, input.name, input.description, input.instructions, input.task_type,
                         caller.user_id, now})
                  .single()
                  .integer(0);
    return *load(c, id);
  });
}

Project ProjectService::get(const Principal& caller, std::int64_t project_id) {
  return store::transact(db_, TxMode::read,
                         [&](Connection& c) { return load_visible(c, caller, project_id, OrgAccess::read); });
}

Page<Project> ProjectService::list(const Principal& caller, std::int64_t org_id, const PageRequest& page) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    OrganisationService::require_access(c, caller, org_id, OrgAccess::read);
    auto r = c.execute(std::string("SELECT ") + kProjectColumns +
                           " FROM projects WHERE org_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                       {org_id, page.after_id, std::int64_t{page.limit} + 1});
    std::vector<Project> rows;
    for (const auto& row : r.rows) rows.push_back(project_from_row(row));
    return make_page(std::move(rows), page.limit, [](const Project& p) { return p.id; });
  });
}

Project ProjectService::update(const Principal& caller, std::int64_t project_id, const ProjectUpdate& update) {
  Validation v;
  validate_text_fields(v, update.name, update.description, update.instructions);
  if (update.status && *update.status != "draft" && *update.status != "paused" && *update.status != "archived") {
    v.fail("/status", *update.status == "active"
                          ? "cannot be set to active by an update: a project goes live through activation, "
                            "which checks that its work is funded"
                          : "must be one of draft, paused, archived");
  }
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    Project current = load_visible(c, caller, project_id, OrgAccess::edit);
    v.throw_if_failed();
    if (update.expected_version && *update.expected_version != current.version) {
      throw Error(ErrorKind::conflict, "version_mismatch",
                  "the project changed since version " + std::to_string(*update.expected_version) +
                      "; it is now at version " + std::to_string(current.version));
    }
    // The version check and bump happen in one statement, so two concurrent
    // updates cannot both succeed against the same version.
    auto changed = c.execute(
        "UPDATE projects SET name = $2, description = $3, instructions = $4, status = $5, "
        "version = version + 1, updated_at = $6 WHERE id = $1 AND version = $7",
        {project_id, update.name.value_or(current.name), update.description.value_or(current.description),
         update.instructions.value_or(current.instructions), update.status.value_or(current.status), clock_.now(),
         current.version});
    if (changed.affected_rows != 1) {
      throw Error(ErrorKind::conflict, "version_mismatch", "the project changed concurrently; read it and retry");
    }
    return *load(c, project_id);
  });
}

}  // namespace fairlabel::orgs
