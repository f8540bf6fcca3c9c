#pragma once
//! Row mapping and shared queries of the work pipeline (internal to
//! src/work/). Every function runs inside the caller's transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/roles.h"
#include "orgs/organisations.h"
#include "store/database.h"
#include "work/work_types.h"

namespace fairlabel::work::detail {

//! The project columns the pipeline needs.
struct ProjectRow {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string name;
  std::string task_type;
  std::string status;
  std::string instructions;
};

//! The project, if the caller may access it at `level`; not_found otherwise
//! (a foreign project and a missing one look the same).
ProjectRow load_project(store::Connection& c, const accounts::Principal& caller, std::int64_t project_id,
                        orgs::OrgAccess level);
//! The project without an access check (the caller has been checked).
std::optional<ProjectRow> find_project(store::Connection& c, std::int64_t project_id);

std::optional<WorkSettings> find_settings(store::Connection& c, std::int64_t project_id);
//! The settings, or precondition "project_not_configured".
WorkSettings require_settings(store::Connection& c, std::int64_t project_id);

std::optional<RuleVersion> find_rules(store::Connection& c, std::int64_t project_id,
                                      std::optional<std::int64_t> version = std::nullopt);

extern const char* const kAssignmentColumns;
Assignment assignment_from_row(const store::Row& row);
std::optional<Assignment> find_assignment(store::Connection& c, std::int64_t assignment_id);

extern const char* const kReviewColumns;
Verdict verdict_from_row(const store::Row& row);
std::vector<Verdict> verdicts_of(store::Connection& c, std::int64_t assignment_id);
std::vector<WorkEvent> events_of(store::Connection& c, std::int64_t assignment_id);

void record_event(store::Connection& c, std::int64_t assignment_id, Timestamp at, std::optional<std::int64_t> actor,
                  const std::string& kind, const nlohmann::json& detail = nlohmann::json::object());

//! The user's profile country/region and qualifications (eligibility).
struct WorkerFacts {
  std::string country;
  std::string region;
  std::vector<std::string> qualifications;
  std::string status;
};
WorkerFacts worker_facts(store::Connection& c, std::int64_t user_id);

//! JSON columns: stored as text, parsed back on the way out.
std::optional<nlohmann::json> optional_json(const store::Row& row, std::size_t i);

}  // namespace fairlabel::work::detail
