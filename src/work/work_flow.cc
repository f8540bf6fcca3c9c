#include "work/work_flow.h"

#include <algorithm>

#include "work/task_results.h"

namespace fairlabel::work::detail {

using nlohmann::json;
using store::Connection;

void open_review(Connection& c, const Assignment& a, const WorkSettings& settings, int stage, Timestamp now) {
  const auto& s = settings.review_stages.at(static_cast<std::size_t>(stage));
  c.execute("UPDATE assignments SET status = 'in_review', review_stage = $2 WHERE id = $1",
            {a.id, std::int64_t{stage}});
  c.execute(
      "INSERT INTO reviews (assignment_id, project_id, attempt, stage, status, opened_at, deadline_at) "
      "VALUES ($1, $2, $3, $4, 'open', $5, $6)",
      {a.id, a.project_id, std::int64_t{a.attempt}, std::int64_t{stage}, now,
       now + s.deadline_seconds * kMicrosPerSecond});
  record_event(c, a.id, now, std::nullopt, "review_opened",
               {{"stage", stage},
                {"stage_name", s.name},
                {"attempt", a.attempt},
                {"deadline_at", format_rfc3339(now + s.deadline_seconds * kMicrosPerSecond)}});
}

void stage_accepted(Connection& c, const Assignment& a, const WorkSettings& settings, Timestamp now,
                    const AcceptanceHook& hook, const TaskCompletionHook& completed, bool by_deadline) {
  int next = a.review_stage + 1;
  if (next < static_cast<int>(settings.review_stages.size())) {
    open_review(c, a, settings, next, now);
  } else {
    accept(c, a, settings, now, hook, completed, by_deadline);
  }
}

std::int64_t org_of(Connection& c, std::int64_t project_id) {
  return c.execute("SELECT org_id FROM projects WHERE id = $1", {project_id}).single().integer(0);
}

void accept(Connection& c, const Assignment& a, const WorkSettings& settings, Timestamp now, const AcceptanceHook& hook,
            const TaskCompletionHook& completed, bool by_deadline) {
  c.execute("UPDATE assignments SET status = 'accepted', decided_at = $2 WHERE id = $1", {a.id, now});
  count_acceptance(c, a.project_id);
  record_event(c, a.id, now, std::nullopt, "accepted", {{"attempt", a.attempt}});
  if (hook) {
    Assignment accepted = a;
    accepted.status = "accepted";
    accepted.decided_at = now;
    JudgedWork judged{accepted, settings};
    judged.org_id = org_of(c, a.project_id);
    judged.median_seconds = median_active_seconds(c, a.project_id).value_or(settings.time_estimate_seconds);
    judged.by_deadline = by_deadline;
    hook(c, judged);
  }
  if (!a.is_gold) {
    // PostgreSQL (read committed): lock the task row first (NO KEY: claims
    // inserting assignments hold KEY SHARE on it and must not wait), so two
    // acceptances of its last slots cannot both count before the other
    // commits and leave the task open forever. SQLite serialises writers.
    if (c.dialect() == store::Dialect::postgres) {
      c.execute("SELECT id FROM tasks WHERE id = $1 FOR NO KEY UPDATE", {a.task_id});
    }
    auto task_type = c.execute("SELECT p.task_type FROM projects p WHERE p.id = $1", {a.project_id}).single().text(0);
    auto done = settle_task(c, a.task_id, task_type, settings);
    if (done && completed) {
      done->completed_at = now;
      completed(c, *done);
    }
  }
}

void apply_rejection(Connection& c, const Assignment& a, const WorkSettings& settings, std::int64_t review_id,
                     const std::string& clause, const json& evidence, bool fraud, Timestamp now,
                     const RejectionHook& hook) {
  c.execute("UPDATE assignments SET status = 'rejected', decided_at = $2 WHERE id = $1", {a.id, now});
  release_slot(c, a.id);
  if (!hook) return;
  // Rejected work still pays its measured time at the wage floor (unless
  // fraud is recorded with evidence): the money module decides.
  JudgedWork judged{a, settings};
  judged.org_id = org_of(c, a.project_id);
  judged.median_seconds = median_active_seconds(c, a.project_id).value_or(settings.time_estimate_seconds);
  judged.review_id = review_id;
  judged.clause = clause;
  judged.evidence = evidence.dump();
  judged.fraud = fraud;
  hook(c, judged);
}

void release_slot(Connection& c, std::int64_t assignment_id) {
  c.execute("UPDATE task_slots SET assignment_id = NULL WHERE assignment_id = $1", {assignment_id});
}

std::int64_t counted_active_us(const Assignment&, Timestamp last_heartbeat_at, Timestamp now, bool active) {
  if (!active || now <= last_heartbeat_at) return 0;
  return std::min(now - last_heartbeat_at, kMaxHeartbeatGapUs);
}

int expire_leases(Connection& c, Timestamp now, std::optional<std::int64_t> project_id) {
  // Every claim runs this for its project, and almost always nothing is
  // due: a one-row probe says so for a fraction of what the query below
  // costs (it sorts its rows by id, and SQLite sets the sort up even for
  // none; ~41,000 instructions a claim under callgrind).
  auto any_due = project_id ? c.execute(
                                  "SELECT 1 FROM assignments WHERE status = 'leased' AND lease_expires_at <= $1 "
                                  "AND project_id = $2 LIMIT 1",
                                  {now, *project_id})
                            : c.execute(
                                  "SELECT 1 FROM assignments WHERE status = 'leased' AND lease_expires_at <= $1 "
                                  "LIMIT 1",
                                  {now});
  if (any_due.empty()) return 0;
  auto due = project_id ? c.execute(std::string("SELECT ") + kAssignmentColumns +
                                        " FROM assignments WHERE status = 'leased' AND lease_expires_at <= $1 "
                                        "AND project_id = $2 ORDER BY id LIMIT 500",
                                    {now, *project_id})
                        : c.execute(std::string("SELECT ") + kAssignmentColumns +
                                        " FROM assignments WHERE status = 'leased' AND lease_expires_at <= $1 "
                                        "ORDER BY id LIMIT 500",
                                    {now});
  int expired = 0;
  for (const auto& row : due.rows) {
    Assignment a = assignment_from_row(row);
    auto changed = c.execute(
        "UPDATE assignments SET status = 'expired', decided_at = $2 "
        "WHERE id = $1 AND status = 'leased'",
        {a.id, now});
    if (changed.affected_rows != 1) continue;
    release_slot(c, a.id);
    record_event(
        c, a.id, now, std::nullopt, "lease_expired",
        {{"active_seconds", a.active_us / kMicrosPerSecond}, {"lease_expired_at", format_rfc3339(a.lease_expires_at)}});
    ++expired;
  }
  return expired;
}

std::optional<std::int64_t> median_active_seconds(Connection& c, std::int64_t project_id) {
  auto r = c.execute("SELECT median_seconds FROM project_medians WHERE project_id = $1", {project_id});
  if (r.empty()) return std::nullopt;
  auto median = r.single().integer(0);
  // Under a second is no measure of the work (instant submissions): the
  // requester's estimate stands in, as it does before any work is accepted.
  if (median <= 0) return std::nullopt;
  return median;
}

void count_acceptance(Connection& c, std::int64_t project_id) {
  c.execute(
      "INSERT INTO project_medians (project_id, accepted, median_seconds, refreshed_at_count) "
      "VALUES ($1, 1, 0, 0) ON CONFLICT (project_id) DO UPDATE SET accepted = project_medians.accepted + 1",
      {project_id});
  auto row = c.execute("SELECT accepted, refreshed_at_count FROM project_medians WHERE project_id = $1", {project_id})
                 .single();
  const auto n = row.integer(0), refreshed = row.integer(1);
  if (n > 50 && n * 20 < refreshed * 21) return;  // fresh enough: within 5 % of the answers it was computed on
  auto r = c.execute(
      "SELECT active_us FROM assignments WHERE project_id = $1 AND status = 'accepted' "
      "ORDER BY active_us LIMIT $2 OFFSET $3",
      {project_id, std::int64_t{2 - (n % 2)}, (n - 1) / 2});
  std::int64_t sum = 0;
  for (const auto& cell : r.rows) sum += cell.integer(0);
  auto median = r.rows.empty() ? 0 : sum / static_cast<std::int64_t>(r.rows.size()) / kMicrosPerSecond;
  c.execute("UPDATE project_medians SET median_seconds = $2, refreshed_at_count = $3 WHERE project_id = $1",
            {project_id, median, n});
}

}  // namespace fairlabel::work::detail
