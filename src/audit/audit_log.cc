#include "audit/audit_log.h"

#include <sodium.h>

#include <array>

#include "core/error.h"
#include "core/random.h"

namespace fairlabel::audit {

const char* const kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

namespace {

constexpr const char* kColumns = "seq, at, actor_id, action, subject, reason, detail, prev_hash, hash";

void put_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

AuditEntry entry_from_row(const store::Row& row) {
  AuditEntry e;
  e.seq = row.integer(0);
  e.at = row.integer(1);
  e.actor_id = row.optional_integer(2);
  e.action = row.text(3);
  e.subject = row.text(4);
  e.reason = row.text(5);
  e.detail = row.text(6);
  e.prev_hash = row.text(7);
  e.hash = row.text(8);
  return e;
}

}  // namespace

std::string entry_hash(const AuditEntry& entry) {
  std::string body;
  put_field(body, std::to_string(entry.seq));
  put_field(body, std::to_string(entry.at));
  put_field(body, entry.actor_id ? std::to_string(*entry.actor_id) : std::string("-"));
  put_field(body, entry.action);
  put_field(body, entry.subject);
  put_field(body, entry.reason);
  put_field(body, entry.detail);
  put_field(body, entry.prev_hash);
  std::array<unsigned char, 32> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                     nullptr, 0);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

AuditEntry AuditLog::append(store::Connection& c, const AuditEvent& event) const {
  if (event.action.empty() || event.subject.empty()) {
    throw Error::invalid("invalid_audit_event", "an audit entry needs an action and a subject");
  }
  // Taking the head first locks it: concurrent appenders queue here.
  auto head = c.execute("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").single();
  AuditEntry e;
  e.seq = head.integer(0);
  e.at = clock_.now();
  e.actor_id = event.actor_id;
  e.action = event.action;
  e.subject = event.subject;
  e.reason = event.reason;
  e.detail = event.detail.is_null() ? "{}" : event.detail.dump();
  e.prev_hash = head.text(1);
  e.hash = entry_hash(e);
  c.execute(
      "INSERT INTO audit_log (seq, at, actor_id, action, subject, reason, detail, prev_hash, hash) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {e.seq, e.at, e.actor_id ? store::Value(*e.actor_id) : store::Value(nullptr), e.action, e.subject, e.reason,
       e.detail, e.prev_hash, e.hash});
  c.execute("UPDATE audit_head SET hash = $1 WHERE id = 1", {e.hash});
  return e;
}

std::vector<AuditEntry> AuditLog::entries(store::Connection& c, std::int64_t after_seq, int limit) {
  auto r = c.execute(std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                     {after_seq, static_cast<std::int64_t>(limit)});
  std::vector<AuditEntry> out;
  for (const auto& row : r.rows) out.push_back(entry_from_row(row));
  return out;
}

std::vector<AuditEntry> AuditLog::entries_about(store::Connection& c, const std::string& subject) {
  auto r = c.execute(std::string("SELECT ") + kColumns + " FROM audit_log WHERE subject = $1 ORDER BY seq", {subject});
  std::vector<AuditEntry> out;
  for (const auto& row : r.rows) out.push_back(entry_from_row(row));
  return out;
}

std::optional<ChainBreak> AuditLog::verify(store::Connection& c) {
  // Walk in physical seq order, a page at a time.
  std::string prev = kGenesisHash;
  std::int64_t expected_seq = 1;
  std::int64_t after = 0;
  for (;;) {
    auto page = entries(c, after, 1000);
    for (const auto& e : page) {
      const std::string at = "audit entry " + std::to_string(e.seq) + " (" + e.action + " " + e.subject + ")";
      if (e.seq != expected_seq) {
        return ChainBreak{expected_seq, "removed",
                          "audit entry " + std::to_string(expected_seq) + " is missing (the next entry is " +
                              std::to_string(e.seq) + ")"};
      }
      if (entry_hash(e) != e.hash) {
        return ChainBreak{e.seq, "edited", at + " was edited: its contents no longer match its hash"};
      }
      if (e.prev_hash != prev) {
        // The entry is intact but does not follow its predecessor: moved,
        // or the one before it was replaced wholesale.
        return ChainBreak{
            e.seq, "reordered",
            at + " does not follow entry " + std::to_string(e.seq - 1) + ": entries were reordered or replaced"};
      }
      prev = e.hash;
      ++expected_seq;
      after = e.seq;
    }
    if (page.size() < 1000) break;
  }
  auto head = c.execute("SELECT seq, hash FROM audit_head WHERE id = 1").single();
  if (head.integer(0) != expected_seq - 1 || head.text(1) != prev) {
    return ChainBreak{head.integer(0), "removed",
                      "the log ends at entry " + std::to_string(expected_seq - 1) + " but " +
                          std::to_string(head.integer(0)) + " were written: the newest entries were removed"};
  }
  return std::nullopt;
}

}  // namespace fairlabel::audit
