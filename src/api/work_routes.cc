// The work API: project work settings, rules, tasks and activation for
// requesters; offers, claims, heartbeats, drafts and submissions for
// workers; review claims and verdicts for reviewers. docs/api-work.md.
#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "api/render.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "money/money.h"
#include "work/settings_document.h"

namespace fairlabel::api {

using accounts::Principal;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

namespace {

template <typename T>
json optional_value(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json rules_json(const work::RuleVersion& rules) {
  json clauses = json::array();
  for (const auto& c : rules.clauses) clauses.push_back({{"number", c.number}, {"text", c.text}});
  return {{"project_id", rules.project_id},
          {"version", rules.version},
          {"clauses", clauses},
          {"published_at", format_rfc3339(rules.published_at)}};
}

json assignment_json(const work::Assignment& a) {
  return {{"id", a.id},
          {"task_id", a.task_id},
          {"project_id", a.project_id},
          {"worker_id", a.worker_id},
          {"is_gold", a.is_gold},
          {"status", a.status},
          {"rules_version", a.rules_version},
          {"terms_version", optional_value(a.terms_version)},
          {"attempt", a.attempt},
          {"review_stage", a.review_stage},
          {"claimed_at", format_rfc3339(a.claimed_at)},
          {"lease_expires_at", format_rfc3339(a.lease_expires_at)},
          {"active_seconds", a.active_us / kMicrosPerSecond},
          {"draft", optional_value(a.draft)},
          {"payload", optional_value(a.payload)},
          {"submitted_at", optional_time(a.submitted_at)},
          {"decided_at", optional_time(a.decided_at)}};
}

json verdict_json(const work::Verdict& v) {
  return {{"review_id", v.review_id},
          {"stage", v.stage},
          {"attempt", v.attempt},
          {"status", v.status},
          {"reviewer_id", optional_value(v.reviewer_id)},
          {"deadline_at", format_rfc3339(v.deadline_at)},
          {"verdict", optional_value(v.verdict)},
          {"reason_code", optional_value(v.reason_code)},
          {"clause", optional_value(v.clause)},
          {"comment", optional_value(v.comment)},
          {"evidence", v.evidence},
          {"corrected_payload", optional_value(v.corrected_payload)},
          {"diff", optional_value(v.diff)},
          {"decided_at", optional_time(v.decided_at)}};
}

json assignment_view_json(const work::AssignmentView& view) {
  json out = assignment_json(view.assignment);
  out["task_type"] = view.task_type;
  out["input"] = view.input;
  out["label_schema"] = view.label_schema;
  out["instructions"] = view.instructions;
  out["rules"] = rules_json(view.rules);
  json verdicts = json::array();
  for (const auto& v : view.verdicts) verdicts.push_back(verdict_json(v));
  out["verdicts"] = verdicts;
  json events = json::array();
  for (const auto& e : view.events) {
    events.push_back({{"at", format_rfc3339(e.at)},
                      {"actor_id", optional_value(e.actor_id)},
                      {"kind", e.kind},
                      {"detail", e.detail}});
  }
  out["events"] = events;
  return out;
}

json review_view_json(const work::ReviewView& view) {
  json out = verdict_json(view.review);
  out["id"] = view.review.review_id;
  out["assignment"] = assignment_json(view.assignment);
  out["task_type"] = view.task_type;
  out["input"] = view.input;
  out["label_schema"] = view.label_schema;
  out["rules"] = rules_json(view.rules);
  json earlier = json::array();
  for (const auto& v : view.earlier) earlier.push_back(verdict_json(v));
  out["earlier_verdicts"] = earlier;
  return out;
}

json task_json(const work::Task& t) {
  return {{"id", t.id},
          {"project_id", t.project_id},
          {"input", t.input},
          {"is_gold", t.is_gold},
          {"status", t.status},
          {"result", optional_value(t.result)},
          {"confidence_ppm", optional_value(t.confidence_ppm)},
          {"slots", t.slots},
          {"slots_taken", t.slots_taken}};
}

json offer_json(const work::Offer& o) {
  json out = {{"project_id", o.project_id},
              {"name", o.name},
              {"task_type", o.task_type},
              {"piece_rate_minor", o.piece_rate_minor},
              {"currency", o.currency},
              {"median_seconds", o.median_seconds},
              {"median_is_estimate", o.median_is_estimate},
              {"open_slots", o.open_slots}};
  // Integer arithmetic, rounded down: the rate a worker can expect per hour
  // at the median pace, in the project's currency minor units.
  out["hourly_rate_minor"] = o.median_seconds > 0 ? o.piece_rate_minor * 3600 / o.median_seconds : 0;
  return out;
}

}  // namespace

void add_work_routes(http::Router& router, Services& services) {
  auto& work = services.work;

  // ---- requester ----
  add_authed(router, services, Method::get, "/api/v1/projects/{project_id}/settings",
             [&work](Request& request, const Principal& caller) {
               return Response::json(
                   200, work::settings_to_json(work.settings(caller, path_id(request, "project_id", "project"))));
             });
  add_authed(router, services, Method::put, "/api/v1/projects/{project_id}/settings",
             [&work](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               JsonBody body = JsonBody::parse(request);
               auto settings = work::settings_from_json(body.document());
               return Response::json(200, work::settings_to_json(work.put_settings(caller, project_id, settings)));
             });
  add_authed(router, services, Method::post, "/api/v1/projects/{project_id}/rules",
             [&work](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               JsonBody body = JsonBody::parse(request);
               std::vector<std::string> texts;
               if (auto clauses = body.value("clauses", Required::yes)) {
                 if (!clauses->is_array()) {
                   body.validation().fail("/clauses", "must be an array of {\"text\": …}");
                 } else {
                   for (std::size_t i = 0; i < clauses->size(); ++i) {
                     const auto& c = (*clauses)[i];
                     if (!c.is_object() || c.size() != 1 || !c.contains("text") || !c["text"].is_string()) {
                       body.validation().fail("/clauses/" + std::to_string(i), "must be {\"text\": string}");
                     } else {
                       texts.push_back(c["text"].get<std::string>());
                     }
                   }
                 }
               }
               body.finish();
               return Response::json(201, rules_json(work.publish_rules(caller, project_id, texts)));
             });
  add_authed(router, services, Method::get, "/api/v1/projects/{project_id}/rules",
             [&work](Request& request, const Principal& caller) {
               return Response::json(200,
                                     rules_json(work.current_rules(caller, path_id(request, "project_id", "project"))));
             });
  add_authed(router, services, Method::post, "/api/v1/projects/{project_id}/tasks",
             [&work](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               JsonBody body = JsonBody::parse(request);
               std::vector<json> inputs;
               std::vector<std::optional<json>> gold;
               if (auto tasks = body.value("tasks", Required::yes)) {
                 if (!tasks->is_array()) {
                   body.validation().fail("/tasks", "must be an array of {\"input\": …, \"gold\"?: …}");
                 } else {
                   for (std::size_t i = 0; i < tasks->size(); ++i) {
                     const auto& t = (*tasks)[i];
                     if (!t.is_object() || !t.contains("input")) {
                       body.validation().fail("/tasks/" + std::to_string(i), "must be {\"input\": …, \"gold\"?: …}");
                       continue;
                     }
                     inputs.push_back(t["input"]);
                     gold.push_back(t.contains("gold") && !t["gold"].is_null() ? std::optional<json>(t["gold"])
                                                                               : std::nullopt);
                   }
                 }
               }
               body.finish();
               auto ids = work.add_tasks(caller, project_id, inputs, gold);
               return Response::json(201, {{"imported", ids.size()}, {"task_ids", ids}});
             });
  add_authed(router, services, Method::get, "/api/v1/projects/{project_id}/tasks",
             [&work](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               return Response::json(200, page_json(work.tasks(caller, project_id, page_request(request)), task_json));
             });
  add_authed(router, services, Method::get, "/api/v1/projects/{project_id}/assignments",
             [&work](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               return Response::json(200, page_json(work.project_assignments(caller, project_id, page_request(request)),
                                                    assignment_json));
             });
  add_authed(router, services, Method::post, "/api/v1/projects/{project_id}/activate",
             [&work](Request& request, const Principal& caller) {
               work.activate(caller, path_id(request, "project_id", "project"));
               return Response::json(200, {{"status", "active"}});
             });

  // ---- worker ----
  add_authed(
      router, services, Method::get, "/api/v1/work/projects", [&work, &services](Request&, const Principal& caller) {
        auto user = services.accounts.get_user(caller.user_id);
        money::WorkerRef me{caller.user_id, user.country.value_or(""), user.region.value_or("")};
        json items = json::array();
        for (const auto& offer : work.offers(caller)) {
          json item = offer_json(offer);
          // The worker's legal minimum in the project's currency, beside
          // the rate they can expect: the comparison a worker needs
          // before accepting (null where no floor is known).
          item["local_minimum_hourly_minor"] = nullptr;
          try {
            if (auto floor = services.pay.floor_in(me, money::Currency::of(offer.currency), services.clock.now())) {
              item["local_minimum_hourly_minor"] = floor->per_hour();
              item["local_minimum_basis"] = floor->basis.source;
            }
          } catch (const Error&) {
            // No exchange rate into this currency: shown as unknown.
          }
          items.push_back(std::move(item));
        }
        return Response::json(200, {{"items", items}});
      });
  add_authed(router, services, Method::post, "/api/v1/work/projects/{project_id}/claim",
             [&work](Request& request, const Principal& caller) {
               return Response::json(
                   201, assignment_view_json(work.claim(caller, path_id(request, "project_id", "project"))));
             });
  add_authed(router, services, Method::get, "/api/v1/me/skill", [&work](Request&, const Principal& caller) {
    json items = json::array();
    for (const auto& s : work.my_skill(caller)) {
      items.push_back({{"project_id", s.project_id},
                       {"project_name", s.project_name},
                       {"gold_answered", s.gold_answered},
                       {"gold_correct", s.gold_correct},
                       {"accuracy", s.accuracy},
                       {"estimate", s.posterior_mean},
                       {"interval_95", json::array({s.interval_low, s.interval_high})},
                       {"consensus_answered", s.consensus_answered},
                       {"consensus_agreed", s.consensus_agreed},
                       {"consensus_mean_agreement", s.consensus_mean_agreement},
                       {"how_computed", s.method}});
    }
    return Response::json(200, {{"items", items}});
  });
  add_authed(
      router, services, Method::get, "/api/v1/me/assignments", [&work](Request& request, const Principal& caller) {
        return Response::json(200, page_json(work.my_assignments(caller, page_request(request)), assignment_json));
      });
  add_authed(router, services, Method::get, "/api/v1/assignments/{assignment_id}",
             [&work](Request& request, const Principal& caller) {
               return Response::json(
                   200, assignment_view_json(work.assignment(caller, path_id(request, "assignment_id", "assignment"))));
             });
  add_authed(router, services, Method::post, "/api/v1/assignments/{assignment_id}/heartbeat",
             [&work](Request& request, const Principal& caller) {
               auto id = path_id(request, "assignment_id", "assignment");
               JsonBody body = JsonBody::parse(request, true);
               bool active = body.boolean("active", Required::no).value_or(true);
               body.finish();
               return Response::json(200, assignment_json(work.heartbeat(caller, id, active)));
             });
  add_authed(router, services, Method::put, "/api/v1/assignments/{assignment_id}/draft",
             [&work](Request& request, const Principal& caller) {
               auto id = path_id(request, "assignment_id", "assignment");
               JsonBody body = JsonBody::parse(request);
               auto payload = body.value("payload", Required::yes);
               body.finish();
               return Response::json(200, assignment_json(work.save_draft(caller, id, *payload)));
             });
  add_authed(router, services, Method::post, "/api/v1/assignments/{assignment_id}/submit",
             [&work](Request& request, const Principal& caller) {
               auto id = path_id(request, "assignment_id", "assignment");
               JsonBody body = JsonBody::parse(request);
               auto payload = body.value("payload", Required::yes);
               body.finish();
               return Response::json(200, assignment_json(work.submit(caller, id, *payload)));
             });
  add_authed(router, services, Method::get, "/api/v1/assignments/{assignment_id}/verdicts",
             [&work](Request& request, const Principal& caller) {
               auto view = work.assignment(caller, path_id(request, "assignment_id", "assignment"));
               json items = json::array();
               for (const auto& v : view.verdicts) items.push_back(verdict_json(v));
               return Response::json(200, {{"items", items}});
             });

  // ---- reviewer ----
  add_authed(router, services, Method::post, "/api/v1/review/projects/{project_id}/claim",
             [&work](Request& request, const Principal& caller) {
               auto project_id = path_id(request, "project_id", "project");
               JsonBody body = JsonBody::parse(request, true);
               auto stage = body.integer("stage", Required::no).value_or(0);
               body.finish();
               return Response::json(201,
                                     review_view_json(work.claim_review(caller, project_id, static_cast<int>(stage))));
             });
  add_authed(
      router, services, Method::get, "/api/v1/reviews/{review_id}", [&work](Request& request, const Principal& caller) {
        return Response::json(200, review_view_json(work.review(caller, path_id(request, "review_id", "review"))));
      });
  add_authed(router, services, Method::post, "/api/v1/reviews/{review_id}/verdict",
             [&work](Request& request, const Principal& caller) {
               auto id = path_id(request, "review_id", "review");
               JsonBody body = JsonBody::parse(request);
               work::VerdictInput in;
               in.verdict = body.string("verdict", Required::yes, 40).value_or("");
               in.reason_code = body.string("reason_code", Required::no, 100);
               in.clause = body.string("clause", Required::no, 20);
               in.comment = body.string("comment", Required::no, 4000);
               in.evidence = body.value("evidence", Required::no).value_or(json::array());
               in.corrected_payload = body.value("corrected_payload", Required::no);
               in.fraud = body.boolean("fraud", Required::no).value_or(false);
               body.finish();
               auto verdict = work.decide(caller, id, in);
               // A rejection held for a second admin's approval (the worker
               // disputed recently) is taken, not yet in effect: 202.
               if (verdict.status == "claimed") {
                 json out = verdict_json(verdict);
                 out["held_for_approval"] = true;
                 return Response::json(202, out);
               }
               return Response::json(200, verdict_json(verdict));
             });
}

}  // namespace fairlabel::api
