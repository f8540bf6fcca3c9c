// WorkService, requester side: settings, rules, tasks, activation.
#include <algorithm>

#include "core/error.h"
#include "work/settings_document.h"
#include "work/task_inserter.h"
#include "work/task_rules.h"
#include "work/work_service.h"
#include "work/work_store.h"

namespace fairlabel::work {

using accounts::Principal;
using nlohmann::json;
using orgs::OrgAccess;
using store::Connection;
using store::TxMode;
using namespace detail;

WorkService::WorkService(store::Database& db, const Clock& clock, std::uint64_t seed)
    : db_(db), clock_(clock), random_(seed) {}

WorkSettings WorkService::settings(const Principal& caller, std::int64_t project_id) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    load_project(c, caller, project_id, OrgAccess::read);
    return require_settings(c, project_id);
  });
}

WorkSettings WorkService::put_settings(const Principal& caller, std::int64_t project_id, const WorkSettings& s) {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto project = load_project(c, caller, project_id, OrgAccess::edit);
    validate_label_schema(project.task_type, s.label_schema, "/label_schema");
    // Overlap and pay shape the money escrowed for live work: they change
    // only while the project is not live (pause it first).
    if (project.status == "active") {
      auto current = find_settings(c, project_id);
      if (current && (current->overlap != s.overlap || current->piece_rate_minor != s.piece_rate_minor ||
                      current->currency != s.currency)) {
        throw Error(ErrorKind::precondition, "project_active",
                    "pause project " + std::to_string(project_id) + " before changing its overlap or pay");
      }
    }
    json doc = settings_to_json(s);
    store::Value training = s.training ? store::Value(doc["training"].dump()) : store::Value(nullptr);
    std::vector<store::Value> params = {project_id,
                                        doc["label_schema"].dump(),
                                        s.piece_rate_minor,
                                        s.currency,
                                        s.time_estimate_seconds,
                                        std::int64_t{s.overlap},
                                        std::int64_t{s.max_overlap},
                                        doc["review_stages"].dump(),
                                        std::int64_t{s.gold_share_percent},
                                        doc["eligibility"].dump(),
                                        s.lease_seconds,
                                        training,
                                        now,
                                        std::int64_t{s.confidence_percent}};
    c.execute(
        "INSERT INTO project_settings (project_id, label_schema, piece_rate_minor, currency, time_estimate_seconds, "
        "overlap, max_overlap, review_stages, gold_share_percent, eligibility, lease_seconds, training, updated_at, "
        "confidence_percent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
        "ON CONFLICT (project_id) DO UPDATE SET label_schema = excluded.label_schema, "
        "piece_rate_minor = excluded.piece_rate_minor, currency = excluded.currency, "
        "time_estimate_seconds = excluded.time_estimate_seconds, overlap = excluded.overlap, "
        "max_overlap = excluded.max_overlap, review_stages = excluded.review_stages, "
        "gold_share_percent = excluded.gold_share_percent, eligibility = excluded.eligibility, "
        "lease_seconds = excluded.lease_seconds, training = excluded.training, updated_at = excluded.updated_at, "
        "confidence_percent = excluded.confidence_percent",
        params);
    return *find_settings(c, project_id);
  });
}

RuleVersion WorkService::publish_rules(const Principal& caller, std::int64_t project_id,
                                       const std::vector<std::string>& clause_texts) {
  Validation v;
  if (clause_texts.empty() || clause_texts.size() > 100) v.fail("/clauses", "must hold 1 to 100 clauses");
  for (std::size_t i = 0; i < clause_texts.size(); ++i) {
    if (clause_texts[i].empty() || clause_texts[i].size() > 4000) {
      v.fail("/clauses/" + std::to_string(i) + "/text", "must be 1 to 4000 characters");
    }
  }
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    load_project(c, caller, project_id, OrgAccess::edit);
    v.throw_if_failed();
    auto current = find_rules(c, project_id);
    std::int64_t version = current ? current->version + 1 : 1;
    json clauses = json::array();
    for (std::size_t i = 0; i < clause_texts.size(); ++i) {
      clauses.push_back({{"number", std::to_string(i + 1)}, {"text", clause_texts[i]}});
    }
    c.execute(
        "INSERT INTO rule_versions (project_id, version, clauses, published_by, published_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        {project_id, version, clauses.dump(), caller.user_id, now});
    if (hooks_.decided) {
      // Rules are terms of work: a new version never applies to work
      // claimed under an earlier one (assignments keep their version).
      hooks_.decided(c, {caller.user_id,
                         "rules.published",
                         "project:" + std::to_string(project_id),
                         "acceptance rules version " + std::to_string(version),
                         {{"version", version}, {"clauses", clauses}},
                         std::nullopt});
    }
    return *find_rules(c, project_id, version);
  });
}

std::string WorkService::editable_task_type(const Principal& caller, std::int64_t project_id) {
  return store::transact(db_, TxMode::read,
                         [&](Connection& c) { return load_project(c, caller, project_id, OrgAccess::edit).task_type; });
}

RuleVersion WorkService::current_rules(const Principal& caller, std::int64_t project_id) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    load_project(c, caller, project_id, OrgAccess::read);
    auto rules = find_rules(c, project_id);
    if (!rules) throw Error::not_found("acceptance rules of project " + std::to_string(project_id));
    return *rules;
  });
}

std::vector<std::int64_t> WorkService::add_tasks(const Principal& caller, std::int64_t project_id,
                                                 const std::vector<json>& inputs,
                                                 const std::vector<std::optional<json>>& gold,
                                                 const std::vector<std::optional<json>>& prefill) {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto project = load_project(c, caller, project_id, OrgAccess::edit);
    auto settings = require_settings(c, project_id);
    if (inputs.empty()) throw Error::invalid("no_tasks", "an import must hold at least one task");
    // Validate everything before writing anything: an import is all-or-nothing.
    Validation v;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const std::string at = "/tasks/" + std::to_string(i);
      try {
        validate_task_input(project.task_type, settings.label_schema, inputs[i], at + "/input");
        if (i < gold.size() && gold[i]) {
          validate_submission(project.task_type, settings.label_schema, inputs[i], *gold[i], at + "/gold");
        }
        if (i < prefill.size() && prefill[i]) {
          if (i < gold.size() && gold[i]) v.fail(at + "/prefill", "a gold task cannot be pre-annotated");
          validate_submission(project.task_type, settings.label_schema, inputs[i], *prefill[i], at + "/prefill");
        }
      } catch (const Error& e) {
        for (const auto& field : e.field_errors()) v.fail(field.pointer, field.message);
        if (e.field_errors().empty()) v.fail(at, e.what());
      }
    }
    v.throw_if_failed("the tasks");
    std::vector<std::int64_t> ids;
    ids.reserve(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      bool is_gold = i < gold.size() && gold[i].has_value();
      const bool has_prefill = i < prefill.size() && prefill[i].has_value();
      auto id = c.execute(
                     "INSERT INTO tasks (project_id, input, gold, prefill, created_at) VALUES ($1, $2, $3, $4, $5) "
                     "RETURNING id",
                     {project_id, inputs[i].dump(), is_gold ? store::Value(gold[i]->dump()) : store::Value(nullptr),
                      has_prefill ? store::Value(prefill[i]->dump()) : store::Value(nullptr), now})
                    .single()
                    .integer(0);
      if (!is_gold) {
        for (int slot = 0; slot < settings.overlap; ++slot) {
          c.execute("INSERT INTO task_slots (task_id, project_id, slot_no) VALUES ($1, $2, $3)",
                    {id, project_id, std::int64_t{slot}});
        }
      }
      ids.push_back(id);
    }
    return ids;
  });
}

WorkService::AddedTasks WorkService::add_tasks_streamed(const Principal& caller, std::int64_t project_id,
                                                        const std::function<void(const TaskSink&)>& produce) {
  const Timestamp now = clock_.now();
  return store::transact(db_, TxMode::write, [&](Connection& c) {
    auto project = load_project(c, caller, project_id, OrgAccess::edit);
    auto settings = require_settings(c, project_id);
    TaskInserter inserter(c, project_id, settings.overlap, now);
    TaskSink sink{[&](const json& input) { validate_task_input(project.task_type, settings.label_schema, input); },
                  [&](const json& input) { inserter.add(input.dump()); }};
    produce(sink);
    inserter.flush();
    if (inserter.count() == 0) throw Error::invalid("no_tasks", "an import must hold at least one task");
    return AddedTasks{inserter.count(), inserter.first_id(), inserter.last_id()};
  });
}

Page<Task> WorkService::tasks(const Principal& caller, std::int64_t project_id, const PageRequest& page) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    load_project(c, caller, project_id, OrgAccess::read);
    auto r = c.execute(
        "SELECT t.id, t.input, t.gold IS NOT NULL, t.status, t.result, t.confidence_ppm, "
        "(SELECT COUNT(*) FROM task_slots s WHERE s.task_id = t.id), "
        "(SELECT COUNT(*) FROM task_slots s WHERE s.task_id = t.id AND s.assignment_id IS NOT NULL) "
        "FROM tasks t WHERE t.project_id = $1 AND t.id > $2 ORDER BY t.id LIMIT $3",
        {project_id, page.after_id, std::int64_t{page.limit} + 1});
    std::vector<Task> rows;
    for (const auto& row : r.rows) {
      Task t;
      t.id = row.integer(0);
      t.project_id = project_id;
      t.input = json::parse(row.text(1));
      t.is_gold = row.integer(2) != 0;
      t.status = row.text(3);
      t.result = optional_json(row, 4);
      t.confidence_ppm = row.optional_integer(5);
      t.slots = static_cast<int>(row.integer(6));
      t.slots_taken = static_cast<int>(row.integer(7));
      rows.push_back(std::move(t));
    }
    return make_page(std::move(rows), page.limit, [](const Task& t) { return t.id; });
  });
}

Page<Assignment> WorkService::project_assignments(const Principal& caller, std::int64_t project_id,
                                                  const PageRequest& page) {
  return store::transact(db_, TxMode::read, [&](Connection& c) {
    load_project(c, caller, project_id, OrgAccess::read);
    auto r = c.execute(std::string("SELECT ") + kAssignmentColumns +
                           " FROM assignments WHERE project_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                       {project_id, page.after_id, std::int64_t{page.limit} + 1});
    std::vector<Assignment> rows;
    for (const auto& row : r.rows) rows.push_back(assignment_from_row(row));
    return make_page(std::move(rows), page.limit, [](const Assignment& a) { return a.id; });
  });
}

void WorkService::activate(const Principal& caller, std::int64_t project_id) {
  const Timestamp now = clock_.now();
  store::transact(db_, TxMode::write, [&](Connection& c) {
    auto project = load_project(c, caller, project_id, OrgAccess::edit);
    if (project.status == "archived") {
      throw Error(ErrorKind::precondition, "project_archived", "an archived project cannot go live");
    }
    auto settings = require_settings(c, project_id);
    if (!find_rules(c, project_id)) {
      throw Error(ErrorKind::precondition, "rules_missing",
                  "publish the acceptance rules before the project goes live: rejections must cite them");
    }
    if (c.execute("SELECT 1 FROM tasks WHERE project_id = $1 LIMIT 1", {project_id}).empty()) {
      throw Error(ErrorKind::precondition, "no_tasks", "import tasks before the project goes live");
    }
    if (activation_guard_) activation_guard_(c, project_id, settings);
    c.execute("UPDATE projects SET status = 'active', version = version + 1, updated_at = $2 WHERE id = $1",
              {project_id, now});
  });
}

}  // namespace fairlabel::work
