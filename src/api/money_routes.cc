// Money over HTTP: a worker's balances, ledger lines, holds and statements;
// requester escrow (read) and admin-recorded deposits. The rules live in
// src/money; this file only translates.
#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "api/route_helpers.h"
#include "api/routes.h"
#include "core/error.h"
#include "money/statement.h"
#include "money/wage_floor.h"

namespace fairlabel::api {
namespace {

using accounts::Principal;
using http::Method;
using http::Request;
using http::Response;
using money::Currency;

nlohmann::json amount_json(std::int64_t minor, Currency currency) {
  return {{"minor", minor}, {"value", money::format_amount({minor, currency})}, {"currency", currency.code()}};
}

nlohmann::json account_json(const money::Account& a) {
  return {{"purpose", money::to_string(a.key.purpose)},
          {"currency", a.key.currency.code()},
          {"balance", amount_json(a.balance, a.key.currency)},
          {"available", amount_json(a.available(), a.key.currency)},
          {"incoming_held", amount_json(a.pending_credits, a.key.currency)}};
}

nlohmann::json hold_json(const money::Hold& h) {
  nlohmann::json out = {{"hold_id", h.pending.id},
                        {"amount", amount_json(h.pending.amount, h.pending.currency)},
                        {"reason", h.hold_reason},
                        {"release_at", format_rfc3339(h.release_at)},
                        {"state", money::to_string(h.state)}};
  if (h.resolved_at) out["resolved_at"] = format_rfc3339(*h.resolved_at);
  if (h.decided_by) out["decided_by"] = *h.decided_by;
  if (h.decision_reason) out["decision_reason"] = *h.decision_reason;
  return out;
}

//! Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

//! A `YYYY-MM-DD` query parameter as the UTC midnight starting that day.
std::optional<Timestamp> date_param(const Request& request, const char* name, Validation& v) {
  auto text = request.query_param(name);
  if (!text) return std::nullopt;
  const std::string& s = *text;
  bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) shape = shape && s.size() == 10 && std::isdigit(static_cast<unsigned char>(s[i]));
  unsigned month = shape ? static_cast<unsigned>(std::stoi(s.substr(5, 2))) : 0;
  unsigned day = shape ? static_cast<unsigned>(std::stoi(s.substr(8, 2))) : 0;
  if (!shape || month < 1 || month > 12 || day < 1 || day > 31) {
    v.fail(std::string("/") + name, "expected a date as YYYY-MM-DD");
    return std::nullopt;
  }
  return days_from_civil(std::stoi(s.substr(0, 4)), month, day) * kMicrosPerDay;
}

Currency currency_param(const Request& request, Validation& v) {
  auto code = request.query_param("currency").value_or("USD");
  auto currency = Currency::find(code);
  if (!currency) {
    v.fail("/currency", "unknown ISO 4217 currency code");
    return Currency();
  }
  return *currency;
}

}  // namespace

void add_money_routes(http::Router& router, Services& services) {
  auto& db = services.db;
  auto& clock = services.clock;
  auto& pay = services.pay;
  auto& projects = services.projects;

  // The published pay policy: the cap on counted time, the fees, the floor
  // reserve. Public: workers decide on it before they sign up.
  add_public(router, Method::get, "/api/v1/pay-policy", [&pay](Request&) {
    const auto& p = pay.policy();
    return Response::json(200, {{"time_cap_multiple_of_median", p.time_cap_multiple},
                                {"requester_fee_bps", p.requester_fee_bps},
                                {"worker_fee_bps", p.worker_fee_bps},
                                {"floor_reserve_bps", p.floor_reserve_bps}});
  });

  // The legal minimum wage used as the floor for a region, with its source:
  // ?country=PH&region=PH-00[&date=YYYY-MM-DD]. Public.
  add_public(router, Method::get, "/api/v1/wage-floors", [&clock](Request& request) {
    Validation v;
    auto country = request.query_param("country").value_or("");
    if (country.size() != 2) v.fail("/country", "an ISO 3166-1 alpha-2 country code is required");
    Timestamp at = date_param(request, "date", v).value_or(clock.now());
    v.throw_if_failed("the query");
    auto floor = money::WageTable::builtin().floor_for(country, request.query_param("region").value_or(""), at);
    if (!floor) throw Error::not_found("a minimum wage for " + country);
    const auto& b = floor->basis;
    return Response::json(200, {{"country", b.country},
                                {"region", b.region},
                                {"region_code", b.region_code},
                                {"category", b.category},
                                {"amount", amount_json(b.amount.minor, b.amount.currency)},
                                {"unit", b.unit == money::WageUnit::hour    ? "hour"
                                         : b.unit == money::WageUnit::day   ? "day"
                                         : b.unit == money::WageUnit::month ? "month"
                                                                            : "month14"},
                                {"hours_per_day", b.hours_per_day},
                                {"hours_per_month", b.hours_per_month},
                                {"per_hour", amount_json(floor->per_hour(), floor->currency)},
                                {"effective_from", b.effective_from},
                                {"effective_to", b.effective_to},
                                {"instrument", b.instrument},
                                {"status", b.status},
                                {"source", b.source}});
  });

  // The caller's own balances: every payable account, any currency.
  add_authed(router, services, Method::get, "/api/v1/me/balances", [&](Request&, const Principal& caller) {
    auto accounts = store::transact(db, store::TxMode::read, [&](store::Connection& c) {
      return pay.ledger().accounts_of_owner(c, money::OwnerKind::worker, caller.user_id);
    });
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : accounts) {
      if (a.key.purpose == money::Purpose::payable) items.push_back(account_json(a));
    }
    return Response::json(200, {{"items", std::move(items)}});
  });

  add_authed(router, services, Method::get, "/api/v1/me/holds", [&](Request&, const Principal& caller) {
    auto holds = store::transact(db, store::TxMode::read,
                                 [&](store::Connection& c) { return pay.ledger().holds_of_worker(c, caller.user_id); });
    nlohmann::json items = nlohmann::json::array();
    for (const auto& h : holds) items.push_back(hold_json(h));
    return Response::json(200, {{"items", std::move(items)}});
  });

  // The caller's statement (and, at /ledger, the same lines as JSON only):
  // ?currency=USD&from=YYYY-MM-DD&to=YYYY-MM-DD (to exclusive; default: the
  // last 30 days through today) &format=json|csv|html.
  auto statement = [&](Request& request, const Principal& caller, bool lines_only) {
    Validation v;
    Currency currency = currency_param(request, v);
    Timestamp now = clock.now();
    Timestamp tomorrow = (now / kMicrosPerDay + 1) * kMicrosPerDay;
    Timestamp to = date_param(request, "to", v).value_or(tomorrow);
    Timestamp from = date_param(request, "from", v).value_or(to - 30 * kMicrosPerDay);
    std::string format = lines_only ? "json" : request.query_param("format").value_or("json");
    if (format != "json" && format != "csv" && format != "html") v.fail("/format", "expected json, csv or html");
    if (v.ok() && to <= from) v.fail("/to", "must be after from");
    if (v.ok() && to - from > 400 * kMicrosPerDay) v.fail("/to", "a statement covers at most 400 days");
    v.throw_if_failed("the query");
    auto s = store::transact(db, store::TxMode::read, [&](store::Connection& c) {
      return money::build_statement(c, pay.ledger(), caller.user_id, currency, from, to);
    });
    if (format == "csv") return Response::text(200, money::statement_csv(s), "text/csv; charset=utf-8");
    if (format == "html") return Response::text(200, money::statement_html(s), "text/html; charset=utf-8");
    auto body = nlohmann::json::parse(money::statement_json(s));
    if (lines_only) body = {{"currency", body["currency"]}, {"from", body["from"]}, {"to", body["to"]}, {"lines", body["lines"]}};
    return Response::json(200, body);
  };
  add_authed(router, services, Method::get, "/api/v1/me/statement",
             [statement](Request& request, const Principal& caller) { return statement(request, caller, false); });
  add_authed(router, services, Method::get, "/api/v1/me/ledger",
             [statement](Request& request, const Principal& caller) { return statement(request, caller, true); });

  // Escrow of a project: whoever may see the project (its organisation's
  // requesters, admins) sees its escrow.
  add_authed(router, services, Method::get, "/api/v1/projects/{project_id}/escrow",
             [&](Request& request, const Principal& caller) {
               auto project = projects.get(caller, path_id(request, "project_id", "project"));
               auto accounts = store::transact(db, store::TxMode::read, [&](store::Connection& c) {
                 return pay.ledger().accounts_of_owner(c, money::OwnerKind::project, project.id);
               });
               nlohmann::json items = nlohmann::json::array();
               for (const auto& a : accounts) items.push_back(account_json(a));
               return Response::json(200, {{"project_id", project.id}, {"items", std::move(items)}});
             });

  // An admin records money received from a requester into a project's
  // escrow. Idempotent by (project, reference).
  add_authed(router, services, Method::post, "/api/v1/projects/{project_id}/deposits",
             [&](Request& request, const Principal& caller) {
               auto project = projects.get(caller, path_id(request, "project_id", "project"));
               if (!caller.is_admin()) {
                 if (!services.sandbox_funding) throw Error::forbidden("only an admin records deposits");
                 services.work.editable_task_type(caller, project.id);  // the project's own requesters
               }
               JsonBody body = JsonBody::parse(request);
               auto amount_text = body.string("amount", Required::yes, 40).value_or("");
               auto currency_code = body.string("currency", Required::yes, 3).value_or("");
               auto reference = body.string("reference", Required::yes, 120).value_or("");
               body.finish();
               Validation v;
               auto currency = Currency::find(currency_code);
               if (!currency) v.fail("/currency", "unknown ISO 4217 currency code");
               std::int64_t amount = 0;
               if (currency) {
                 try {
                   amount = money::parse_amount(amount_text, *currency).minor;
                   if (amount <= 0) v.fail("/amount", "must be positive");
                 } catch (const Error& e) {
                   v.fail("/amount", e.what());
                 }
               }
               v.throw_if_failed();
               auto transfer = store::transact(db, store::TxMode::write, [&](store::Connection& c) {
                 money::ProjectRef ref{project.id, project.org_id, *currency};
                 return pay.record_deposit_by_reference(c, ref, amount, reference, caller.user_id);
               });
               return Response::json(201, {{"transfer_id", transfer.id},
                                           {"project_id", project.id},
                                           {"reference", reference},
                                           {"amount", amount_json(transfer.amount, transfer.currency)},
                                           {"recorded_at", format_rfc3339(transfer.created_at)}});
             });
}

}  // namespace fairlabel::api
