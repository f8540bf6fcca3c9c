#include "money/statement.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "money/csv_cell.h"

namespace fairlabel::money {
namespace {

using Json = nlohmann::ordered_json;

std::optional<std::int64_t> json_int(const Json& j, const char* key) {
  if (j.contains(key) && j[key].is_number_integer()) return j[key].get<std::int64_t>();
  return std::nullopt;
}

std::string json_text(const Json& j, const char* key) {
  if (j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
  return "";
}

std::string minutes(std::int64_t seconds) {
  return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
}

void describe(StatementLine& line, const Transfer& t, Currency currency) {
  Json d = Json::parse(t.detail, nullptr, false);
  if (d.is_discarded() || !d.is_object()) d = Json::object();
  line.project_id = json_int(d, "project_id");
  line.counted_seconds = json_int(d, "counted_seconds");
  if (line.counted_seconds && *line.counted_seconds > 0 && line.amount > 0 &&
      (t.reason == "piece_rate" || t.reason == "rejection_time_pay")) {
    line.rate_per_hour = mul_div(line.amount, 3600, *line.counted_seconds, Rounding::down);
  }
  auto money = [&](std::int64_t minor) { return to_string(Money{minor, currency}); };
  std::string project = line.project_id ? " on project " + std::to_string(*line.project_id) : "";
  if (t.reason == "piece_rate") {
    line.description = "Task accepted" + project + " (assignment " + std::to_string(t.cause.id) + ")";
    if (t.kind == TransferKind::post_pending) line.description = "Held pay released" + project;
    if (d.value("by_deadline", false)) line.description += ", accepted because the review deadline passed";
    if (auto fee = json_int(d, "worker_fee"); fee && *fee > 0) line.description += ", fee withheld " + money(*fee);
  } else if (t.reason == "rejection_time_pay") {
    line.description = "Rejected under clause " + json_text(d, "clause") + project +
                       ": measured time paid at the wage floor (you may appeal)";
  } else if (t.reason == "floor_topup") {
    line.description = "Wage-floor top-up for the pay period (" + json_text(d, "floor_basis") + ")";
  } else if (t.reason == "payout") {
    line.description = "Payout sent to " + json_text(d, "receiver") + " via " + json_text(d, "provider");
  } else if (t.reason == "payout_returned") {
    line.description = "Payout failed and returned to your balance: " + json_text(d, "failure_reason");
  } else {
    line.description = t.reason;
  }
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

Statement build_statement(store::Connection& c, const Ledger& ledger, std::int64_t worker_id, Currency currency,
                          Timestamp from, Timestamp to) {
  if (to <= from) throw Error::invalid("invalid_period", "a statement period must end after it starts");
  Statement s;
  s.worker_id = worker_id;
  s.currency = currency;
  s.from = from;
  s.to = to;
  auto account = ledger.find_account(c, {OwnerKind::worker, worker_id, Purpose::payable, currency});
  if (!account) return s;
  auto opening = c.execute(
      "SELECT COALESCE(SUM(CASE WHEN credit_account = $1 THEN amount ELSE 0 END), 0) - "
      "COALESCE(SUM(CASE WHEN debit_account = $1 THEN amount ELSE 0 END), 0) FROM ledger_transfers "
      "WHERE (debit_account = $1 OR credit_account = $1) AND kind IN ('posted', 'post_pending') AND created_at < $2",
      {account->id, from});
  s.opening_balance = opening.single().integer(0);
  std::int64_t balance = s.opening_balance;
  for (const Transfer& t : ledger.transfers_of_account(c, account->id, from, to)) {
    if (t.kind != TransferKind::posted && t.kind != TransferKind::post_pending) continue;
    StatementLine line;
    line.at = t.created_at;
    line.transfer_id = t.id;
    line.type = t.reason;
    line.amount = t.credit_account == account->id ? t.amount : -t.amount;
    balance = checked_add(balance, line.amount);
    line.balance_after = balance;
    line.cause_kind = t.cause.kind;
    line.cause_id = t.cause.id;
    describe(line, t, currency);
    s.lines.push_back(std::move(line));
  }
  s.closing_balance = balance;
  for (const Hold& h : ledger.holds_of_worker(c, worker_id)) {
    if (!(h.pending.currency == currency)) continue;
    bool touches_period = h.state == HoldState::pending
                              ? h.pending.created_at < to
                              : (h.pending.created_at < to && h.resolved_at.value_or(0) >= from);
    if (!touches_period) continue;
    s.holds.push_back({h.pending.id, h.pending.amount, h.hold_reason, h.release_at, std::string(to_string(h.state)),
                       h.decided_by, h.decision_reason});
  }
  return s;
}

std::string statement_json(const Statement& s) {
  auto amount = [&](std::int64_t minor) {
    return Json{{"minor", minor}, {"value", format_amount({minor, s.currency})}};
  };
  Json lines = Json::array();
  for (const auto& l : s.lines) {
    Json line = {{"at", format_rfc3339(l.at)},
                 {"transfer_id", l.transfer_id},
                 {"type", l.type},
                 {"description", l.description},
                 {"amount", amount(l.amount)},
                 {"balance_after", amount(l.balance_after)},
                 {"cause", {{"kind", l.cause_kind}, {"id", l.cause_id}}}};
    if (l.project_id) line["project_id"] = *l.project_id;
    if (l.counted_seconds) line["counted_seconds"] = *l.counted_seconds;
    if (l.rate_per_hour) line["rate_per_hour"] = amount(*l.rate_per_hour);
    lines.push_back(std::move(line));
  }
  Json holds = Json::array();
  for (const auto& h : s.holds) {
    Json hold = {{"hold_id", h.hold_id},
                 {"amount", amount(h.amount)},
                 {"reason", h.reason},
                 {"release_at", format_rfc3339(h.release_at)},
                 {"state", h.state}};
    if (h.decided_by) hold["decided_by"] = *h.decided_by;
    if (h.decision_reason) hold["decision_reason"] = *h.decision_reason;
    holds.push_back(std::move(hold));
  }
  Json out = {{"worker_id", s.worker_id},
              {"currency", s.currency.code()},
              {"from", format_rfc3339(s.from)},
              {"to", format_rfc3339(s.to)},
              {"opening_balance", amount(s.opening_balance)},
              {"lines", std::move(lines)},
              {"closing_balance", amount(s.closing_balance)},
              {"holds", std::move(holds)}};
  return out.dump(2);
}

std::string statement_csv(const Statement& s) {
  std::string out = "date,type,description,project_id,counted_seconds,rate_per_hour,amount,balance,currency\r\n";
  auto row = [&](const std::string& date, const std::string& type, const std::string& description,
                 const std::string& project, const std::string& seconds, const std::string& rate,
                 const std::string& amount, std::int64_t balance) {
    out += date + "," + csv_cell(type) + "," + csv_cell(description) + "," + project + "," + seconds + "," + rate +
           "," + amount + "," + format_amount({balance, s.currency}) + "," + std::string(s.currency.code()) + "\r\n";
  };
  row(format_rfc3339(s.from), "opening_balance", "Balance at the start of the period", "", "", "", "",
      s.opening_balance);
  for (const auto& l : s.lines) {
    row(format_rfc3339(l.at), l.type, l.description, l.project_id ? std::to_string(*l.project_id) : "",
        l.counted_seconds ? std::to_string(*l.counted_seconds) : "",
        l.rate_per_hour ? format_amount({*l.rate_per_hour, s.currency}) : "", format_amount({l.amount, s.currency}),
        l.balance_after);
  }
  row(format_rfc3339(s.to), "closing_balance", "Balance at the end of the period", "", "", "", "", s.closing_balance);
  return out;
}

std::string statement_html(const Statement& s) {
  auto money = [&](std::int64_t minor) { return html_escape(to_string(Money{minor, s.currency})); };
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>fairlabel statement</title><style>"
      "body{font-family:system-ui,sans-serif;margin:2rem;color:#111}"
      "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;"
      "text-align:left;vertical-align:top}td.amount,th.amount{text-align:right;white-space:nowrap}"
      "@media print{body{margin:0}a{color:inherit}}"
      "</style></head><body>\n";
  out += "<h1>Statement of earnings</h1>\n<p>Worker " + std::to_string(s.worker_id) + " · " +
         html_escape(std::string(s.currency.code())) + " · " + html_escape(format_rfc3339(s.from)) + " to " +
         html_escape(format_rfc3339(s.to)) + "</p>\n";
  out +=
      "<table><thead><tr><th>Date</th><th>What</th><th class=\"amount\">Time</th><th class=\"amount\">Rate/h</th>"
      "<th class=\"amount\">Amount</th><th class=\"amount\">Balance</th></tr></thead><tbody>\n";
  out += "<tr><td>" + html_escape(format_rfc3339(s.from)) +
         "</td><td>Opening balance</td><td></td><td></td><td></td>"
         "<td class=\"amount\">" +
         money(s.opening_balance) + "</td></tr>\n";
  for (const auto& l : s.lines) {
    out += "<tr><td>" + html_escape(format_rfc3339(l.at)) + "</td><td>" + html_escape(l.description) +
           "</td><td class=\"amount\">" + (l.counted_seconds ? html_escape(minutes(*l.counted_seconds)) : "") +
           "</td><td class=\"amount\">" + (l.rate_per_hour ? money(*l.rate_per_hour) : "") +
           "</td><td class=\"amount\">" + money(l.amount) + "</td><td class=\"amount\">" + money(l.balance_after) +
           "</td></tr>\n";
  }
  out += "<tr><td>" + html_escape(format_rfc3339(s.to)) +
         "</td><td><strong>Closing balance</strong></td><td></td>"
         "<td></td><td></td><td class=\"amount\"><strong>" +
         money(s.closing_balance) + "</strong></td></tr>\n";
  out += "</tbody></table>\n";
  if (!s.holds.empty()) {
    out +=
        "<h2>Held pay</h2>\n<p>Held pay is paid to you on its release date unless a decision, shown here with its "
        "reason, stops it. You can appeal any decision.</p>\n<table><thead><tr><th>Amount</th><th>Why it is held</th>"
        "<th>Release date</th><th>State</th><th>Decision</th></tr></thead><tbody>\n";
    for (const auto& h : s.holds) {
      out += "<tr><td class=\"amount\">" + money(h.amount) + "</td><td>" + html_escape(h.reason) + "</td><td>" +
             html_escape(format_rfc3339(h.release_at)) + "</td><td>" + html_escape(h.state) + "</td><td>" +
             (h.decision_reason
                  ? html_escape(*h.decision_reason) + " (by user " + std::to_string(h.decided_by.value_or(0)) + ")"
                  : "") +
             "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace fairlabel::money
