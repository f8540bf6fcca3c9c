// Worker protection over HTTP: disputes, sanctions, held rejections, a
// worker's notices and announcements, the platform terms, an admin's hold
// decisions, the audit log and the transparency report. The
// rules live in src/protection, src/audit and src/report; this file only
// translates.
#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/error.h"
#include "protection/dispute_categories.h"
#include "protection/notifications.h"
#include "report/period.h"
#include "report/transparency_report.h"

namespace fairlabel::api {
namespace {

using accounts::Principal;
using accounts::Role;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

json opt_json(const std::optional<std::int64_t>& v) {
  return v ? json(*v) : json(nullptr);
}
json opt_json(const std::optional<std::string>& v) {
  return v ? json(*v) : json(nullptr);
}
json time_json(const std::optional<Timestamp>& t) {
  return t ? json(format_rfc3339(*t)) : json(nullptr);
}

json dispute_json(const protection::Dispute& d) {
  json messages = json::array();
  for (const auto& m : d.messages) {
    messages.push_back({{"id", m.id}, {"author_id", m.author_id}, {"body", m.body}, {"at", format_rfc3339(m.at)}});
  }
  return {{"id", d.id},
          {"worker_id", d.worker_id},
          {"category", d.category},
          {"hold_id", opt_json(d.hold_id)},
          {"assignment_id", opt_json(d.assignment_id)},
          {"sanction_id", opt_json(d.sanction_id)},
          {"summary", d.summary},
          {"status", d.status},
          {"opened_at", format_rfc3339(d.opened_at)},
          {"answer_due_at", format_rfc3339(d.answer_due_at)},
          {"decision_due_at", format_rfc3339(d.decision_due_at)},
          {"first_answer_at", time_json(d.first_answer_at)},
          {"escalated_at", time_json(d.escalated_at)},
          {"escalation", opt_json(d.escalation)},
          {"outcome", opt_json(d.outcome)},
          {"decided_by", opt_json(d.decided_by)},
          {"decided_at", time_json(d.decided_at)},
          {"decision_rule", opt_json(d.decision_rule)},
          {"decision_reason", opt_json(d.decision_reason)},
          {"amount_minor", opt_json(d.amount)},
          {"currency", opt_json(d.currency)},
          {"transfer_id", opt_json(d.transfer_id)},
          {"messages", messages}};
}

json sanction_json(const protection::Sanction& s) {
  return {{"id", s.id},
          {"worker_id", s.worker_id},
          {"level", s.level},
          {"project_id", opt_json(s.project_id)},
          {"reason_code", s.reason_code},
          {"evidence", s.evidence},
          {"notice", s.notice},
          {"language", s.language},
          {"state", s.state},
          {"immediate_basis", opt_json(s.immediate_basis)},
          {"proposed_by", s.proposed_by},
          {"proposed_at", format_rfc3339(s.proposed_at)},
          {"answer_due_at", format_rfc3339(s.answer_due_at)},
          {"lapses_at", time_json(s.lapses_at)},
          {"worker_answer", opt_json(s.worker_answer)},
          {"answered_at", time_json(s.answered_at)},
          {"retaliation_flag", s.retaliation_flag},
          {"retaliation_dispute", opt_json(s.retaliation_dispute)},
          {"approved_by", opt_json(s.approved_by)},
          {"decided_by", opt_json(s.decided_by)},
          {"decided_at", time_json(s.decided_at)},
          {"decision_reason", opt_json(s.decision_reason)}};
}

json audit_entry_json(const audit::AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", format_rfc3339(e.at)},
          {"actor_id", opt_json(e.actor_id)},
          {"action", e.action},
          {"subject", e.subject},
          {"reason", e.reason},
          {"detail", json::parse(e.detail, nullptr, false)},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

json held_rejection_json(const work::HeldRejection& h) {
  return {{"review_id", h.review_id},
          {"assignment_id", h.assignment_id},
          {"project_id", h.project_id},
          {"worker_id", h.worker_id},
          {"reviewer_id", h.reviewer_id},
          {"reason_code", h.reason_code},
          {"clause", h.clause},
          {"comment", opt_json(h.comment)},
          {"evidence", h.evidence},
          {"fraud", h.fraud},
          {"why_held", h.why_held},
          {"state", h.state},
          {"held_at", format_rfc3339(h.held_at)},
          {"review_deadline_at", format_rfc3339(h.review_deadline_at)},
          {"decided_by", opt_json(h.decided_by)},
          {"decided_at", time_json(h.decided_at)},
          {"decision_reason", opt_json(h.decision_reason)}};
}

json announcement_json(const protection::Announcement& a) {
  return {{"id", a.id},
          {"scope", a.scope},
          {"project_id", opt_json(a.project_id)},
          {"title", a.title},
          {"body", a.body},
          {"language", opt_json(a.language)},
          {"author_id", a.author_id},
          {"published_at", format_rfc3339(a.published_at)}};
}

json terms_json(const std::optional<protection::TermsVersion>& t) {
  if (!t) return {{"version", nullptr}, {"text", nullptr}, {"published_at", nullptr}, {"acceptance_required", false}};
  return {{"version", t->version},
          {"text", t->text},
          {"published_at", format_rfc3339(t->published_at)},
          {"acceptance_required", true}};
}

json acceptance_json(const protection::TermsAcceptance& a) {
  return {{"user_id", a.user_id}, {"version", a.version}, {"accepted_at", format_rfc3339(a.accepted_at)}};
}

int limit_param(const Request& request) {
  auto page = page_request(request);
  return static_cast<int>(page.limit);
}

void require_any(const Principal& caller, std::initializer_list<Role> roles, const std::string& what) {
  for (auto role : roles) {
    if (caller.has(role)) return;
  }
  throw Error::forbidden(what);
}

//! ?from=YYYY-MM-DD&to=YYYY-MM-DD (to exclusive), both required.
std::pair<Timestamp, Timestamp> period_params(const Request& request) {
  // Plain values and flags rather than optionals: GCC 12 reports
  // -Wmaybe-uninitialized through optional<int64_t> here (a false positive).
  Validation v;
  auto parse = [&](const char* name) -> std::pair<bool, Timestamp> {
    auto text = request.query_param(name);
    auto day = text ? report::parse_day(*text) : std::nullopt;
    return {day.has_value(), day.value_or(Timestamp{})};
  };
  auto [has_from, from] = parse("from");
  auto [has_to, to] = parse("to");
  if (!has_from) v.fail("/from", "a start day as YYYY-MM-DD is required");
  if (!has_to) v.fail("/to", "an end day (exclusive) as YYYY-MM-DD is required");
  if (has_from && has_to && to <= from) v.fail("/to", "must be after from");
  if (has_from && has_to && to - from > 400 * kMicrosPerDay) v.fail("/to", "a report covers at most 400 days");
  v.throw_if_failed("the query");
  return {from, to};
}

}  // namespace

void add_protection_routes(http::Router& router, Services& services) {
  auto& db = services.db;
  auto& disputes = services.disputes;
  auto& sanctions = services.sanctions;

  // The published categories and their deadlines. Public.
  add_public(router, Method::get, "/api/v1/dispute-categories", [](Request&) {
    json items = json::array();
    for (const auto& c : protection::dispute_categories()) {
      items.push_back({{"name", c.name},
                       {"covers", c.covers},
                       {"first_answer_hours", c.first_answer_hours},
                       {"decision_hours", c.decision_hours},
                       {"decided_for_worker_when_late", c.decided_for_worker_when_late},
                       {"links", c.links}});
    }
    return Response::json(200, {{"items", items}, {"deadline_rule", protection::kDeadlineRule}});
  });

  // ---- disputes --------------------------------------------------------------
  add_authed(router, services, Method::post, "/api/v1/disputes", [&](Request& request, const Principal& caller) {
    JsonBody body = JsonBody::parse(request);
    protection::NewDispute in;
    in.category = body.string("category", Required::yes, 40).value_or("");
    in.hold_id = body.integer("hold_id", Required::no);
    in.assignment_id = body.integer("assignment_id", Required::no);
    in.sanction_id = body.integer("sanction_id", Required::no);
    in.summary = body.string("summary", Required::yes, 4000).value_or("");
    body.finish();
    return Response::json(201, dispute_json(disputes.open(caller, in)));
  });
  add_authed(router, services, Method::get, "/api/v1/disputes", [&](Request& request, const Principal& caller) {
    json items = json::array();
    for (const auto& d : disputes.list(caller, limit_param(request))) items.push_back(dispute_json(d));
    return Response::json(200, {{"items", items}});
  });
  add_authed(
      router, services, Method::get, "/api/v1/disputes/{dispute_id}", [&](Request& request, const Principal& caller) {
        return Response::json(200, dispute_json(disputes.get(caller, path_id(request, "dispute_id", "dispute"))));
      });
  add_authed(router, services, Method::post, "/api/v1/disputes/{dispute_id}/messages",
             [&](Request& request, const Principal& caller) {
               auto id = path_id(request, "dispute_id", "dispute");
               JsonBody body = JsonBody::parse(request);
               auto text = body.string("body", Required::yes, 8000).value_or("");
               body.finish();
               return Response::json(201, dispute_json(disputes.post_message(caller, id, text)));
             });
  add_authed(router, services, Method::post, "/api/v1/disputes/{dispute_id}/decision",
             [&](Request& request, const Principal& caller) {
               auto id = path_id(request, "dispute_id", "dispute");
               JsonBody body = JsonBody::parse(request);
               protection::DisputeDecision in;
               in.outcome = body.string("outcome", Required::yes, 20).value_or("");
               in.rule = body.string("rule", Required::yes, 400).value_or("");
               in.reason = body.string("reason", Required::yes, 4000).value_or("");
               body.finish();
               return Response::json(200, dispute_json(disputes.decide(caller, id, in)));
             });

  // ---- sanctions ---------------------------------------------------------------
  add_authed(router, services, Method::post, "/api/v1/sanctions", [&](Request& request, const Principal& caller) {
    JsonBody body = JsonBody::parse(request);
    protection::NewSanction in;
    in.worker_id = body.integer("worker_id", Required::yes).value_or(0);
    in.level = body.string("level", Required::yes, 40).value_or("");
    in.project_id = body.integer("project_id", Required::no);
    in.reason_code = body.string("reason_code", Required::yes, 80).value_or("");
    in.evidence = body.string("evidence", Required::yes, 8000).value_or("");
    in.notice = body.string("notice", Required::no, 8000).value_or("");
    in.answer_days = static_cast<int>(body.integer("answer_days", Required::no).value_or(7));
    in.immediate_basis = body.string("immediate_basis", Required::no, 20);
    body.finish();
    return Response::json(201, sanction_json(sanctions.propose(caller, in)));
  });
  add_authed(router, services, Method::get, "/api/v1/sanctions", [&](Request& request, const Principal& caller) {
    json items = json::array();
    for (const auto& s : sanctions.list(caller, limit_param(request))) items.push_back(sanction_json(s));
    return Response::json(200, {{"items", items}});
  });
  add_authed(
      router, services, Method::get, "/api/v1/sanctions/{sanction_id}", [&](Request& request, const Principal& caller) {
        return Response::json(200, sanction_json(sanctions.get(caller, path_id(request, "sanction_id", "sanction"))));
      });
  add_authed(router, services, Method::post, "/api/v1/sanctions/{sanction_id}/answer",
             [&](Request& request, const Principal& caller) {
               auto id = path_id(request, "sanction_id", "sanction");
               JsonBody body = JsonBody::parse(request);
               auto text = body.string("answer", Required::yes, 8000).value_or("");
               body.finish();
               return Response::json(200, sanction_json(sanctions.answer(caller, id, text)));
             });
  add_authed(router, services, Method::post, "/api/v1/sanctions/{sanction_id}/approval",
             [&](Request& request, const Principal& caller) {
               auto id = path_id(request, "sanction_id", "sanction");
               JsonBody::parse(request, true).finish();
               return Response::json(200, sanction_json(sanctions.approve(caller, id)));
             });
  add_authed(router, services, Method::post, "/api/v1/sanctions/{sanction_id}/decision",
             [&](Request& request, const Principal& caller) {
               auto id = path_id(request, "sanction_id", "sanction");
               JsonBody body = JsonBody::parse(request);
               auto decision = body.string("decision", Required::yes, 20).value_or("");
               auto reason = body.string("reason", Required::yes, 4000).value_or("");
               if (body.validation().ok() && decision != "confirm" && decision != "refuse") {
                 body.validation().fail("/decision", "must be confirm or refuse");
               }
               body.finish();
               return Response::json(200, sanction_json(sanctions.decide(caller, id, decision == "confirm", reason)));
             });

  // ---- held rejections (anti-retaliation) -----------------------------------------
  add_authed(router, services, Method::get, "/api/v1/held-rejections", [&](Request& request, const Principal& caller) {
    auto state = request.query_param("state").value_or("pending");
    if (state != "pending" && state != "all") {
      throw Error::invalid("validation_failed", "invalid query", {{"/state", "must be pending or all"}});
    }
    json items = json::array();
    for (const auto& h : services.work.held_rejections(caller, state == "pending", limit_param(request)))
      items.push_back(held_rejection_json(h));
    return Response::json(200, {{"items", items}});
  });
  add_authed(router, services, Method::post, "/api/v1/held-rejections/{review_id}/decision",
             [&](Request& request, const Principal& caller) {
               auto id = path_id(request, "review_id", "held rejection");
               JsonBody body = JsonBody::parse(request);
               auto decision = body.string("decision", Required::yes, 20).value_or("");
               auto reason = body.string("reason", Required::yes, 4000).value_or("");
               if (body.validation().ok() && decision != "approve" && decision != "refuse") {
                 body.validation().fail("/decision", "must be approve or refuse");
               }
               body.finish();
               return Response::json(200, held_rejection_json(services.work.decide_held_rejection(
                                              caller, id, decision == "approve", reason)));
             });

  // ---- announcements ----------------------------------------------------------------
  add_authed(router, services, Method::post, "/api/v1/announcements", [&](Request& request, const Principal& caller) {
    JsonBody body = JsonBody::parse(request);
    protection::NewAnnouncement in;
    in.scope = body.string("scope", Required::yes, 40).value_or("");
    in.project_id = body.integer("project_id", Required::no);
    in.title = body.string("title", Required::yes, 200).value_or("");
    in.body = body.string("body", Required::yes, 20'000).value_or("");
    in.language = body.string("language", Required::no, 35);
    body.finish();
    return Response::json(201, announcement_json(services.announcements.publish(caller, in)));
  });
  add_authed(router, services, Method::get, "/api/v1/me/announcements", [&](Request& request, const Principal& caller) {
    // Project announcements reach the workers the project is offered
    // to now, besides those who worked on it.
    std::vector<std::int64_t> offered;
    if (caller.has(Role::worker)) {
      for (const auto& offer : services.work.offers(caller)) offered.push_back(offer.project_id);
    }
    json items = json::array();
    for (const auto& a : services.announcements.for_user(caller, offered, limit_param(request)))
      items.push_back(announcement_json(a));
    return Response::json(200, {{"items", items}});
  });

  // ---- platform terms ---------------------------------------------------------------
  add_public(router, Method::get, "/api/v1/terms",
             [&](Request&) { return Response::json(200, terms_json(services.terms.current())); });
  add_authed(router, services, Method::post, "/api/v1/terms", [&](Request& request, const Principal& caller) {
    JsonBody body = JsonBody::parse(request);
    auto text = body.string("text", Required::yes, 100'000).value_or("");
    body.finish();
    return Response::json(201, terms_json(services.terms.publish(caller, text)));
  });
  add_authed(router, services, Method::get, "/api/v1/me/terms-acceptance", [&](Request&, const Principal& caller) {
    auto current = services.terms.current();
    auto given = services.terms.current_acceptance(caller);
    return Response::json(200, {{"current_version", current ? json(current->version) : json(nullptr)},
                                {"accepted", given ? acceptance_json(*given) : json(nullptr)},
                                {"acceptance_required", current.has_value() && !given}});
  });
  add_authed(router, services, Method::post, "/api/v1/me/terms-acceptance",
             [&](Request& request, const Principal& caller) {
               JsonBody body = JsonBody::parse(request);
               auto version = body.integer("version", Required::yes).value_or(0);
               body.finish();
               return Response::json(200, acceptance_json(services.terms.accept(caller, version)));
             });

  // ---- notices -------------------------------------------------------------------
  add_authed(router, services, Method::get, "/api/v1/me/notices", [&](Request& request, const Principal& caller) {
    auto list = store::transact(db, store::TxMode::read, [&](store::Connection& c) {
      return protection::notifications_of(c, services.pay.ledger(), caller.user_id, limit_param(request));
    });
    json items = json::array();
    for (const auto& n : list) {
      items.push_back({{"id", n.id ? json(n.id) : json(nullptr)},
                       {"kind", n.kind},
                       {"subject", n.subject},
                       {"language", n.language},
                       {"body", n.body},
                       {"created_at", format_rfc3339(n.created_at)}});
    }
    return Response::json(200, {{"items", items}});
  });

  // ---- an admin's decision on a hold (a money decision: audited, appealable) ----------
  add_authed(router, services, Method::post, "/api/v1/holds/{hold_id}/void",
             [&](Request& request, const Principal& caller) {
               auto id = path_id(request, "hold_id", "hold");
               JsonBody body = JsonBody::parse(request);
               auto reason = body.string("reason", Required::yes, 4000).value_or("");
               body.finish();
               if (!caller.is_admin()) throw Error::forbidden("only an admin decides on a hold");
               auto hold = store::transact(db, store::TxMode::write, [&](store::Connection& c) {
                 auto h = services.pay.ledger().void_hold(c, id, caller.user_id, reason);
                 services.audit.append(c, {caller.user_id,
                                           "hold.voided",
                                           "hold:" + std::to_string(id),
                                           reason,
                                           {{"amount", h.pending.amount},
                                            {"currency", std::string(h.pending.currency.code())},
                                            {"worker_id", opt_json(h.worker_id)}}});
                 if (h.worker_id) {
                   protection::notify(
                       c, services.clock.now(), *h.worker_id, "payment_voided", "hold:" + std::to_string(id),
                       {{"message", "A held payment was not released: " + reason + ". You can dispute this decision."},
                        {"hold_id", id},
                        {"amount_minor", h.pending.amount},
                        {"currency", std::string(h.pending.currency.code())},
                        {"reason", reason}});
                 }
                 return h;
               });
               return Response::json(200, {{"hold_id", hold.pending.id},
                                           {"state", money::to_string(hold.state)},
                                           {"decided_by", opt_json(hold.decided_by)},
                                           {"decision_reason", opt_json(hold.decision_reason)}});
             });

  // ---- audit log ------------------------------------------------------------------------
  add_authed(router, services, Method::get, "/api/v1/audit", [&](Request& request, const Principal& caller) {
    require_any(caller, {Role::admin, Role::auditor}, "only admins and auditors read the audit log");
    std::int64_t after = 0;
    if (auto text = request.query_param("after")) {
      try {
        after = std::stoll(*text);
      } catch (const std::exception&) {
        throw Error::invalid("validation_failed", "invalid query", {{"/after", "expected a sequence number"}});
      }
    }
    auto entries = store::transact(db, store::TxMode::read, [&](store::Connection& c) {
      return audit::AuditLog::entries(c, after, limit_param(request));
    });
    json items = json::array();
    for (const auto& e : entries) items.push_back(audit_entry_json(e));
    return Response::json(200, {{"items", items}});
  });
  add_authed(router, services, Method::get, "/api/v1/audit/verify", [&](Request&, const Principal& caller) {
    require_any(caller, {Role::admin, Role::auditor}, "only admins and auditors verify the audit log");
    auto broken =
        store::transact(db, store::TxMode::read, [](store::Connection& c) { return audit::AuditLog::verify(c); });
    if (!broken) return Response::json(200, {{"intact", true}});
    return Response::json(200, {{"intact", false},
                                {"first_bad_entry", broken->seq},
                                {"problem", broken->problem},
                                {"message", broken->message}});
  });

  // ---- the transparency report -----------------------------------------------------------------
  add_authed(router, services, Method::get, "/api/v1/reports/transparency",
             [&](Request& request, const Principal& caller) {
               require_any(caller, {Role::admin, Role::auditor, Role::council},
                           "the transparency report is for admins, auditors and the worker council");
               // Named copies, not a structured binding: clang 14 cannot capture those.
               const auto period = period_params(request);
               const auto from = period.first, to = period.second;
               auto rep = store::transact(db, store::TxMode::read, [&](store::Connection& c) {
                 return report::build_report(c, services.pay, from, to);
               });
               return Response::json(200, report::report_json(rep));
             });
  add_authed(router, services, Method::get, "/api/v1/reports/regulator-export",
             [&](Request& request, const Principal& caller) {
               require_any(caller, {Role::admin, Role::auditor}, "the regulator export is for admins and auditors");
               // Named copies, not a structured binding: clang 14 cannot capture those.
               const auto period = period_params(request);
               const auto from = period.first, to = period.second;
               auto data = store::transact(db, store::TxMode::read,
                                           [&](store::Connection& c) { return report::regulator_export(c, from, to); });
               return Response::text(200, report::regulator_export_csv(data), "text/csv; charset=utf-8");
             });
}

}  // namespace fairlabel::api
