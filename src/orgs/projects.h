#pragma once
//! Projects: a requester organisation's body of labeling work.
//!
//! This is the foundation slice: identity, description, instructions and
//! task type, with create / read / list / update. Later modules hang the
//! label schema, acceptance rules, pay, review stages and tasks on a project.
//!
//! Visibility follows the owning organisation (OrganisationService::
//! require_access): members read, owners and admins change. Workers will
//! see active projects through dispatch, never the requester's drafts.
//!
//! Status: a project starts as `draft`. `paused` and `archived` can be set
//! by an update; `active` cannot — a project goes live only through
//! activation, which checks that its money is escrowed (the money module).
//!
//! Updates are optimistic: a client may pass the `version` it read, and the
//! update fails with version_mismatch if someone changed the project since.

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/roles.h"
#include "core/clock.h"
#include "core/page.h"
#include "store/database.h"

namespace fairlabel::orgs {

//! The task types a project can have (see the work pipeline).
bool is_known_task_type(const std::string& task_type);

struct Project {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string name;
  std::string description;
  std::string instructions;  //!< Markdown
  std::string task_type;
  std::string status;
  std::int64_t version = 0;
  std::int64_t created_by = 0;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

struct NewProject {
  std::string name;
  std::string description;
  std::string instructions;
  std::string task_type;
};

struct ProjectUpdate {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::string> instructions;
  std::optional<std::string> status;
  std::optional<std::int64_t> expected_version;
};

class ProjectService {
 public:
  ProjectService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Project create(const accounts::Principal& caller, std::int64_t org_id, const NewProject& input);
  Project get(const accounts::Principal& caller, std::int64_t project_id);
  Page<Project> list(const accounts::Principal& caller, std::int64_t org_id, const PageRequest& page);
  Project update(const accounts::Principal& caller, std::int64_t project_id, const ProjectUpdate& update);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace fairlabel::orgs
