#pragma once
//! Announcements to workers.
//!
//! Scopes and who may publish (every publication is audited,
//! "announcement.published"):
//!  - `all_workers`: every worker. Admins and the worker council.
//!  - `project`: the workers of one project. Admins, and requesters who are
//!    members of the organisation that owns the project (another
//!    organisation's project answers not_found, as everywhere).
//!  There is no team or site concept in fairlabel yet, so there is no team
//!  scope (Error{invalid_input} names it).
//!
//! Who reads a project announcement: a worker who has worked on the project
//! (any assignment, whatever became of it) or to whom it is offered now (an
//! active project whose eligibility they meet — the caller passes those
//! project ids, as the work service computes offers). All-workers
//! announcements reach everyone signed in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "store/database.h"

namespace fairlabel::protection {

struct NewAnnouncement {
  std::string scope;  //!< project, all_workers
  std::optional<std::int64_t> project_id;
  std::string title;
  std::string body;
  std::optional<std::string> language;  //!< of the text, e.g. "fil"; none: unspecified
};

struct Announcement {
  std::int64_t id = 0;
  std::string scope;
  std::optional<std::int64_t> project_id;
  std::string title, body;
  std::optional<std::string> language;
  std::int64_t author_id = 0;
  Timestamp published_at = 0;
};

class AnnouncementService {
 public:
  AnnouncementService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  //! Checks the fields (all bad ones at once), then the caller's right.
  Announcement publish(const accounts::Principal& caller, const NewAnnouncement& input);
  //! The announcements that reach the caller, newest first: all-workers ones,
  //! and those of projects they worked on or of `offered_projects`.
  std::vector<Announcement> for_user(const accounts::Principal& caller,
                                     const std::vector<std::int64_t>& offered_projects, int limit);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

}  // namespace fairlabel::protection
