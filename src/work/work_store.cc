#include "work/work_store.h"

#include <unordered_map>

#include "core/error.h"

namespace fairlabel::work::detail {

using nlohmann::json;
using store::Connection;

std::optional<json> optional_json(const store::Row& row, std::size_t i) {
  if (row.is_null(i)) return std::nullopt;
  return json::parse(row.text(i));
}

std::optional<ProjectRow> find_project(Connection& c, std::int64_t project_id) {
  auto r =
      c.execute("SELECT id, org_id, name, task_type, status, instructions FROM projects WHERE id = $1", {project_id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  return ProjectRow{row.integer(0), row.integer(1), row.text(2), row.text(3), row.text(4), row.text(5)};
}

ProjectRow load_project(Connection& c, const accounts::Principal& caller, std::int64_t project_id,
                        orgs::OrgAccess level) {
  auto project = find_project(c, project_id);
  if (!project) throw Error::not_found("project " + std::to_string(project_id));
  try {
    orgs::OrganisationService::require_access(c, caller, project->org_id, level);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::not_found) throw Error::not_found("project " + std::to_string(project_id));
    throw;
  }
  return *project;
}

namespace {

//! A project's settings as parsed on this thread, with the row they were
//! parsed from. Every claim, heartbeat and submit reads its project's
//! settings in its own transaction; parsing the JSON columns again was most
//! of that (~17,000 instructions under callgrind, three times per work
//! cycle on the group-commit writer). The row is still read each time: only
//! an identical row reuses the earlier parse.
struct ParsedSettingsRow {
  store::Row row;
  WorkSettings settings;
};
constexpr std::size_t kParsedSettingsPerThread = 64;
thread_local std::unordered_map<std::int64_t, ParsedSettingsRow> t_parsed_settings;

bool same_settings_row(const store::Row& a, const store::Row& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a.value(i) != b.value(i)) return false;
  }
  return true;
}

WorkSettings parse_settings_row(const store::Row& row) {
  // Stored settings were validated on the way in, so they are read back
  // without re-validating (this runs on every claim, heartbeat and submit).
  WorkSettings s;
  s.label_schema = json::parse(row.text(0));
  s.piece_rate_minor = row.integer(1);
  s.currency = row.text(2);
  s.time_estimate_seconds = row.integer(3);
  s.overlap = static_cast<int>(row.integer(4));
  s.max_overlap = static_cast<int>(row.integer(5));
  for (const auto& stage : json::parse(row.text(6))) {
    s.review_stages.push_back({stage.at("name").get<std::string>(), stage.at("deadline_seconds").get<std::int64_t>(),
                               stage.at("countries").get<std::vector<std::string>>(),
                               stage.at("org_staff_only").get<bool>()});
  }
  s.gold_share_percent = static_cast<int>(row.integer(7));
  auto eligibility = json::parse(row.text(8));
  s.eligibility = {eligibility.at("countries").get<std::vector<std::string>>(),
                   eligibility.at("regions").get<std::vector<std::string>>(),
                   eligibility.at("qualifications").get<std::vector<std::string>>()};
  s.lease_seconds = row.integer(9);
  s.confidence_percent = static_cast<int>(row.integer(11));
  if (!row.is_null(10)) {
    auto training = json::parse(row.text(10));
    s.training = Training{training.at("pass_percent").get<int>(), training.at("grants").get<std::string>()};
  }
  return s;
}

}  // namespace

std::optional<WorkSettings> find_settings(Connection& c, std::int64_t project_id) {
  auto r = c.execute(
      "SELECT label_schema, piece_rate_minor, currency, time_estimate_seconds, overlap, max_overlap, "
      "review_stages, gold_share_percent, eligibility, lease_seconds, training, confidence_percent FROM "
      "project_settings "
      "WHERE project_id = $1",
      {project_id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  auto& parsed = t_parsed_settings;
  if (auto hit = parsed.find(project_id); hit != parsed.end() && same_settings_row(hit->second.row, row)) {
    return hit->second.settings;
  }
  WorkSettings settings = parse_settings_row(row);
  if (parsed.size() >= kParsedSettingsPerThread) parsed.clear();
  parsed.insert_or_assign(project_id, ParsedSettingsRow{row, settings});
  return settings;
}

WorkSettings require_settings(Connection& c, std::int64_t project_id) {
  auto settings = find_settings(c, project_id);
  if (!settings) {
    throw Error(ErrorKind::precondition, "project_not_configured",
                "project " + std::to_string(project_id) + " has no work settings yet");
  }
  return *settings;
}

std::optional<RuleVersion> find_rules(Connection& c, std::int64_t project_id, std::optional<std::int64_t> version) {
  auto r = version ? c.execute(
                         "SELECT version, clauses, published_at FROM rule_versions "
                         "WHERE project_id = $1 AND version = $2",
                         {project_id, *version})
                   : c.execute(
                         "SELECT version, clauses, published_at FROM rule_versions "
                         "WHERE project_id = $1 ORDER BY version DESC LIMIT 1",
                         {project_id});
  if (r.empty()) return std::nullopt;
  RuleVersion rules;
  rules.project_id = project_id;
  rules.version = r.rows.front().integer(0);
  for (const auto& clause : json::parse(r.rows.front().text(1))) {
    rules.clauses.push_back({clause.at("number").get<std::string>(), clause.at("text").get<std::string>()});
  }
  rules.published_at = r.rows.front().integer(2);
  return rules;
}

const char* const kAssignmentColumns =
    "id, task_id, project_id, worker_id, is_gold, status, rules_version, attempt, review_stage, claimed_at, "
    "lease_expires_at, active_us, draft, payload, submitted_at, decided_at, terms_version";

Assignment assignment_from_row(const store::Row& row) {
  Assignment a;
  a.id = row.integer(0);
  a.task_id = row.integer(1);
  a.project_id = row.integer(2);
  a.worker_id = row.integer(3);
  a.is_gold = row.integer(4) != 0;
  a.status = row.text(5);
  a.rules_version = row.integer(6);
  a.attempt = static_cast<int>(row.integer(7));
  a.review_stage = static_cast<int>(row.integer(8));
  a.claimed_at = row.integer(9);
  a.lease_expires_at = row.integer(10);
  a.active_us = row.integer(11);
  a.draft = optional_json(row, 12);
  a.payload = optional_json(row, 13);
  a.submitted_at = row.optional_integer(14);
  a.decided_at = row.optional_integer(15);
  a.terms_version = row.optional_integer(16);
  return a;
}

std::optional<Assignment> find_assignment(Connection& c, std::int64_t assignment_id) {
  auto r = c.execute(std::string("SELECT ") + kAssignmentColumns + " FROM assignments WHERE id = $1", {assignment_id});
  if (r.empty()) return std::nullopt;
  return assignment_from_row(r.rows.front());
}

const char* const kReviewColumns =
    "id, stage, attempt, status, reviewer_id, deadline_at, verdict, reason_code, clause, comment, evidence, "
    "corrected_payload, diff, decided_at";

Verdict verdict_from_row(const store::Row& row) {
  Verdict v;
  v.review_id = row.integer(0);
  v.stage = static_cast<int>(row.integer(1));
  v.attempt = static_cast<int>(row.integer(2));
  v.status = row.text(3);
  v.reviewer_id = row.optional_integer(4);
  v.deadline_at = row.integer(5);
  v.verdict = row.optional_text(6);
  v.reason_code = row.optional_text(7);
  v.clause = row.optional_text(8);
  v.comment = row.optional_text(9);
  v.evidence = optional_json(row, 10).value_or(json::array());
  v.corrected_payload = optional_json(row, 11);
  v.diff = optional_json(row, 12);
  v.decided_at = row.optional_integer(13);
  return v;
}

std::vector<Verdict> verdicts_of(Connection& c, std::int64_t assignment_id) {
  auto r = c.execute(std::string("SELECT ") + kReviewColumns + " FROM reviews WHERE assignment_id = $1 ORDER BY id",
                     {assignment_id});
  std::vector<Verdict> out;
  for (const auto& row : r.rows) out.push_back(verdict_from_row(row));
  return out;
}

std::vector<WorkEvent> events_of(Connection& c, std::int64_t assignment_id) {
  auto r = c.execute("SELECT at, actor_id, kind, detail FROM work_events WHERE assignment_id = $1 ORDER BY id",
                     {assignment_id});
  std::vector<WorkEvent> out;
  for (const auto& row : r.rows) {
    out.push_back({row.integer(0), row.optional_integer(1), row.text(2), json::parse(row.text(3))});
  }
  return out;
}

void record_event(Connection& c, std::int64_t assignment_id, Timestamp at, std::optional<std::int64_t> actor,
                  const std::string& kind, const json& detail) {
  c.execute("INSERT INTO work_events (assignment_id, at, actor_id, kind, detail) VALUES ($1, $2, $3, $4, $5)",
            {assignment_id, at, actor ? store::Value(*actor) : store::Value(nullptr), kind, detail.dump()});
}

WorkerFacts worker_facts(Connection& c, std::int64_t user_id) {
  WorkerFacts facts;
  auto r = c.execute("SELECT country, region, status FROM users WHERE id = $1", {user_id});
  if (!r.empty()) {
    facts.country = r.rows.front().optional_text(0).value_or("");
    facts.region = r.rows.front().optional_text(1).value_or("");
    facts.status = r.rows.front().text(2);
  }
  auto q =
      c.execute("SELECT qualification FROM user_qualifications WHERE user_id = $1 ORDER BY qualification", {user_id});
  for (const auto& row : q.rows) facts.qualifications.push_back(row.text(0));
  return facts;
}

}  // namespace fairlabel::work::detail
