// WorkService, worker side: offers, claims (leases), heartbeats, drafts and
// submissions.
#include <algorithm>

#include "core/error.h"
#include "work/task_rules.h"
#include "work/training.h"
#include "work/work_flow.h"
#include "work/work_service.h"
#include "work/worker_skill.h"

namespace fairlabel::work {

using accounts::Principal;
using accounts::Role;
using nlohmann::json;
using store::Connection;
using store::TxMode;
using namespace detail;

namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

//! Why the worker may not work on the project, or nullopt if they may.
std::optional<std::string> ineligibility(const Eligibility& e, const WorkerFacts& w) {
  if (!e.countries.empty() && !contains(e.countries, w.country)) {
    return w.country.empty() ? "this project needs a country in your profile"
                             : "this project is not open to workers in " + w.country;
  }
  if (!e.regions.empty() && !contains(e.regions, w.region)) {
    return w.region.empty() ? "this project needs a region in your profile"
                            : "this project is not open to workers in " + w.region;
  }
  for (const auto& q : e.qualifications) {
    if (!contains(w.qualifications, q)) return "this project needs the qualification \"" + q + "\"";
  }
  return std::nullopt;
}

void require_worker(const Principal& caller) {
  if (!caller.has(Role::worker)) throw Error::forbidden("only workers claim tasks");
}

Assignment load_own(Connection& c, const Principal& caller, std::int64_t assignment_id) {
  auto a = find_assignment(c, assignment_id);
  if (!a || a->worker_id != caller.user_id) throw Error::not_found("assignment " + std::to_string(assignment_id));
  return *a;
}

//! The lease is live: leased and not past its expiry (redo windows count too).
void require_live(Connection& c, const Assignment& a, Timestamp now) {
  if (a.status != "leased" && a.status != "redo") {
    throw Error(ErrorKind::conflict, "assignment_closed",
                "assignment " + std::to_string(a.id) + " is " + a.status + "; it takes no more work");
  }
  if (a.status == "leased" && now >= a.lease_expires_at) {
    expire_leases(c, now, a.project_id);
    throw Error(ErrorKind::conflict, "lease_expired",
                "the lease on assignment " + std::to_string(a.id) + " expired at " +
                    format_rfc3339(a.lease_expires_at) + "; the time you worked is recorded");
  }
}

//! The first open slot of the project the worker may take (never a task
//! they already hold or answered): a contested one (opened by dynamic
//! overlap) or a fresh one, as asked. Returns (slot id, task id).
std::optional<std::pair<std::int64_t, std::int64_t>> open_slot(Connection& c, std::int64_t project_id,
                                                               std::int64_t worker_id, bool contested) {
  // Contested slots are found on the partial index task_slots_contested —
  // named for SQLite, whose planner, lacking statistics, would walk every
  // open slot of the project on task_slots_open instead; PostgreSQL's
  // planner picks the small index itself. Fresh slots are walked in task
  // order on task_slots_open.
  const bool sqlite = c.dialect() == store::Dialect::sqlite;
  std::string sql =
      "SELECT s.id, s.task_id FROM task_slots s " +
      std::string(contested && sqlite ? "INDEXED BY task_slots_contested " : "") +
      "WHERE s.project_id = $1 AND s.assignment_id IS NULL AND s.contested = " + std::string(contested ? "1" : "0") +
      " AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = s.task_id AND a.worker_id = $2) "
      "ORDER BY s.task_id LIMIT 1";
  // Ordered by task only — a task's open slots are interchangeable — so
  // the order is the index's and the first row ends the scan (ordering by
  // slot too made PostgreSQL walk the (task_id, slot_no) index past every
  // taken slot).
  // PostgreSQL: several server processes claim at once; SKIP LOCKED lets
  // each take a different open slot instead of queueing on the same one.
  // SQLite: write transactions are serialised, so the plain query suffices.
  if (!sqlite) sql += " FOR UPDATE SKIP LOCKED";
  auto r = c.execute(sql, {project_id, worker_id});
  if (r.empty()) return std::nullopt;
  return std::pair{r.single().integer(0), r.single().integer(1)};
}

std::int64_t last_heartbeat(Connection& c, std::int64_t assignment_id) {
  return c.execute("SELECT last_heartbeat_at FROM assignments WHERE id = $1", {assignment_id}).single().integer(0);
}

}  // namespace

std::vector<Offer> WorkService::offers(const Principal& caller) {
  require_worker(caller);
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    auto facts = worker_facts(c, caller.user_id);
    auto r = c.execute(
        "SELECT p.id, p.name, p.task_type, "
        "(SELECT COUNT(*) FROM task_slots s WHERE s.project_id = p.id AND s.assignment_id IS NULL "
        " AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = s.task_id AND a.worker_id = $1)) "
        "FROM projects p JOIN project_settings ps ON ps.project_id = p.id "
        "WHERE p.status = 'active' ORDER BY p.id LIMIT 200",
        {caller.user_id});
    std::vector<Offer> out;
    for (const auto& row : r.rows) {
      auto settings = require_settings(c, row.integer(0));
      if (ineligibility(settings.eligibility, facts)) continue;
      Offer offer;
      offer.project_id = row.integer(0);
      offer.name = row.text(1);
      offer.task_type = row.text(2);
      offer.open_slots = row.integer(3);
      offer.piece_rate_minor = settings.piece_rate_minor;
      offer.currency = settings.currency;
      auto median = median_active_seconds(c, offer.project_id);
      offer.median_is_estimate = !median;
      offer.median_seconds = median.value_or(settings.time_estimate_seconds);
      out.push_back(std::move(offer));
    }
    return out;
  });
}

AssignmentView WorkService::claim(const Principal& caller, std::int64_t project_id) {
  require_worker(caller);
  const Timestamp now = clock_.now();
  // Drawn outside the transaction so a retried transaction draws again from
  // the same sequence position only once per claim.
  std::uint64_t gold_draw;
  {
    std::lock_guard lock(random_mutex_);
    gold_draw = random_.below(100);
  }
  std::int64_t assignment_id = store::transact(db_, TxMode::write, [&](Connection& c) -> std::int64_t {
    auto project = find_project(c, project_id);
    if (!project || project->status != "active") throw Error::not_found("active project " + std::to_string(project_id));
    // Standing first (sanctions in effect, platform terms): the app layer's
    // guard says why in terms the worker can act on.
    ClaimClearance clearance;
    if (claim_guard_) clearance = claim_guard_(c, caller.user_id, project_id, ClaimKind::task);
    auto settings = require_settings(c, project_id);
    auto facts = worker_facts(c, caller.user_id);
    if (facts.status != "active") throw Error::forbidden("your account is " + facts.status);
    if (auto why = ineligibility(settings.eligibility, facts)) {
      throw Error(ErrorKind::forbidden, "not_eligible", *why);
    }
    expire_leases(c, now, project_id);
    // One live lease per worker and project: claiming again returns it.
    auto live = c.execute(
        "SELECT id FROM assignments WHERE project_id = $1 AND worker_id = $2 AND status = 'leased' "
        "ORDER BY id LIMIT 1",
        {project_id, caller.user_id});
    if (!live.empty()) return live.single().integer(0);
    auto rules = find_rules(c, project_id);
    if (!rules) throw Error(ErrorKind::precondition, "rules_missing", "the project has no acceptance rules");

    std::optional<std::int64_t> task_id, slot_id;
    bool is_gold = false;
    // A training project is all gold; elsewhere gold is mixed in at the
    // project's share.
    if (settings.training ||
        (settings.gold_share_percent > 0 && gold_draw < static_cast<std::uint64_t>(settings.gold_share_percent))) {
      auto gold = c.execute(
          "SELECT t.id FROM tasks t WHERE t.project_id = $1 AND t.gold IS NOT NULL AND NOT EXISTS "
          "(SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.worker_id = $2) "
          "ORDER BY t.id LIMIT 1",
          {project_id, caller.user_id});
      if (!gold.empty()) {
        task_id = gold.single().integer(0);
        is_gold = true;
      }
    }
    if (!task_id) {
      // Skill steers routing (worker_skill.h): contested slots — opened by
      // dynamic overlap because the first answers disagreed — go first to
      // workers whose gold estimate reaches the project's confidence
      // threshold; everyone else gets fresh slots first and contested ones
      // only when no fresh slot is left, so nobody is starved of work.
      const bool trusted = skill_of(c, project_id, caller.user_id).reaches(settings.confidence_percent);
      auto slot = open_slot(c, project_id, caller.user_id, trusted);
      if (!slot) slot = open_slot(c, project_id, caller.user_id, !trusted);
      if (!slot) {
        throw Error(ErrorKind::conflict, "no_task_available",
                    "project " + std::to_string(project_id) + " has no task left for you right now");
      }
      slot_id = slot->first;
      task_id = slot->second;
    }
    std::int64_t id;
    try {
      id = c.execute(
                // The draft starts from the task's pre-annotation, if any.
                "INSERT INTO assignments (task_id, project_id, worker_id, slot_id, is_gold, status, rules_version, "
                "claimed_at, lease_expires_at, last_heartbeat_at, terms_version, draft) "
                "VALUES ($1, $2, $3, $4, $5, 'leased', $6, $7, $8, $7, $9, (SELECT prefill FROM tasks WHERE id = $1)) "
                "RETURNING id",
                {*task_id, project_id, caller.user_id, slot_id ? store::Value(*slot_id) : store::Value(nullptr),
                 std::int64_t{is_gold ? 1 : 0}, rules->version, now, now + settings.lease_seconds * kMicrosPerSecond,
                 clearance.terms_version ? store::Value(*clearance.terms_version) : store::Value(nullptr)})
               .single()
               .integer(0);
    } catch (const store::StoreError& e) {
      if (e.kind() == store::StoreErrorKind::unique_violation) {
        throw Error(ErrorKind::conflict, "claim_in_progress", "another claim of yours is in progress; try again");
      }
      throw;
    }
    if (slot_id) {
      // The conditional update is what guarantees one slot, one worker.
      auto taken =
          c.execute("UPDATE task_slots SET assignment_id = $2 WHERE id = $1 AND assignment_id IS NULL", {*slot_id, id});
      if (taken.affected_rows != 1) {
        throw store::StoreError(store::StoreErrorKind::retryable, "slot taken concurrently");
      }
    }
    record_event(c, id, now, caller.user_id, "claimed",
                 {{"rules_version", rules->version},
                  {"terms_version", clearance.terms_version ? json(*clearance.terms_version) : json(nullptr)},
                  {"lease_expires_at", format_rfc3339(now + settings.lease_seconds * kMicrosPerSecond)}});
    return id;
  });
  return assignment(caller, assignment_id);
}

AssignmentView WorkService::assignment(const Principal& caller, std::int64_t assignment_id) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    auto a = find_assignment(c, assignment_id);
    if (!a) throw Error::not_found("assignment " + std::to_string(assignment_id));
    if (a->worker_id != caller.user_id) {
      // The requester's organisation, auditors and admins see it; so does a
      // reviewer who holds or held one of its reviews.
      bool reviewer = !c.execute("SELECT 1 FROM reviews WHERE assignment_id = $1 AND reviewer_id = $2 LIMIT 1",
                                 {assignment_id, caller.user_id})
                           .empty();
      if (!reviewer) {
        try {
          load_project(c, caller, a->project_id, orgs::OrgAccess::read);
        } catch (const Error& e) {
          if (e.kind() == ErrorKind::not_found || e.kind() == ErrorKind::forbidden) {
            throw Error::not_found("assignment " + std::to_string(assignment_id));
          }
          throw;
        }
      }
    }
    auto project = *find_project(c, a->project_id);
    auto settings = require_settings(c, a->project_id);
    AssignmentView view;
    view.assignment = *a;
    view.task_type = project.task_type;
    view.input = json::parse(c.execute("SELECT input FROM tasks WHERE id = $1", {a->task_id}).single().text(0));
    view.label_schema = settings.label_schema;
    view.instructions = project.instructions;
    view.rules = *find_rules(c, a->project_id, a->rules_version);
    view.verdicts = verdicts_of(c, a->id);
    view.events = events_of(c, a->id);
    return view;
  });
}

Page<Assignment> WorkService::my_assignments(const Principal& caller, const PageRequest& page) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    auto r = c.execute(std::string("SELECT ") + kAssignmentColumns +
                           " FROM assignments WHERE worker_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                       {caller.user_id, page.after_id, std::int64_t{page.limit} + 1});
    std::vector<Assignment> rows;
    for (const auto& row : r.rows) rows.push_back(assignment_from_row(row));
    return make_page(std::move(rows), page.limit, [](const Assignment& a) { return a.id; });
  });
}

Assignment WorkService::heartbeat(const Principal& caller, std::int64_t assignment_id, bool active) {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto a = load_own(c, caller, assignment_id);
    require_live(c, a, now);
    auto settings = require_settings(c, a.project_id);
    auto counted = counted_active_us(a, last_heartbeat(c, a.id), now, active);
    c.execute(
        "UPDATE assignments SET active_us = active_us + $2, last_heartbeat_at = $3, lease_expires_at = $4 "
        "WHERE id = $1",
        {a.id, counted, now, now + settings.lease_seconds * kMicrosPerSecond});
    return *find_assignment(c, a.id);
  });
}

Assignment WorkService::save_draft(const Principal& caller, std::int64_t assignment_id, const json& draft) {
  const Timestamp now = clock_.now();
  std::string text = draft.dump();
  if (text.size() > 4'000'000) throw Error::invalid("draft_too_large", "a draft must be at most 4 MB of JSON");
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto a = load_own(c, caller, assignment_id);
    require_live(c, a, now);
    c.execute("UPDATE assignments SET draft = $2 WHERE id = $1", {a.id, text});
    return *find_assignment(c, a.id);
  });
}

Assignment WorkService::submit(const Principal& caller, std::int64_t assignment_id, const json& payload) {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto a = load_own(c, caller, assignment_id);
    require_live(c, a, now);
    auto project = *find_project(c, a.project_id);
    auto settings = require_settings(c, a.project_id);
    auto input = json::parse(c.execute("SELECT input FROM tasks WHERE id = $1", {a.task_id}).single().text(0));
    validate_submission(project.task_type, settings.label_schema, input, payload, "/payload");
    auto counted = counted_active_us(a, last_heartbeat(c, a.id), now, true);
    int attempt = a.status == "redo" ? a.attempt + 1 : a.attempt;
    c.execute(
        "UPDATE assignments SET payload = $2, draft = NULL, submitted_at = $3, active_us = active_us + $4, "
        "last_heartbeat_at = $3, attempt = $5, review_stage = 0 WHERE id = $1",
        {a.id, payload.dump(), now, counted, std::int64_t{attempt}});
    record_event(c, a.id, now, caller.user_id, "submitted",
                 {{"attempt", attempt}, {"active_seconds", (a.active_us + counted) / kMicrosPerSecond}});
    a = *find_assignment(c, a.id);
    if (a.is_gold) judge_gold(c, a, project.task_type, settings, input, payload, now);
    if (a.is_gold || settings.review_stages.empty()) {
      // Gold answers are scored against the expected answer for skill and
      // feedback, never by a person; with no review stage the work stands.
      accept(c, a, settings, now, hooks_.accepted, hooks_.completed, false);
    } else {
      open_review(c, a, settings, 0, now);
    }
    return *find_assignment(c, a.id);
  });
}

}  // namespace fairlabel::work
