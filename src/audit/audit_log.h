#pragma once
//! The audit log: an append-only, hash-chained record of every decision that
//! touches a worker's money or standing — money decisions, review verdicts,
//! sanctions, disputes, rule (terms) changes — with who, when and why.
//!
//! Each entry has a sequence number (1, 2, 3, … without gaps), a time, an
//! actor (a user id; none for the platform acting on a deadline), an action
//! ("verdict.reject", "dispute.decided", …), a subject ("assignment:12"), a
//! reason and a JSON detail. Its hash is the hex BLAKE2b-256 of a canonical
//! encoding of all of those plus the previous entry's hash (see entry_hash),
//! so changing, removing or reordering any entry breaks every link after it.
//!
//! Invariants:
//!  - append() runs inside the caller's write transaction, so an entry
//!    exists exactly when the change it records committed;
//!  - the one-row table audit_head holds the last seq and hash; append()
//!    updates it first, which takes its row lock (PostgreSQL) and so
//!    serialises concurrent appenders; verify() compares the chain's end
//!    with it, so removing the newest entries is detected too;
//!  - the database refuses UPDATE and DELETE on audit_log (triggers): that
//!    stops accidents; the chain detects someone who drops the triggers.
//!
//! Thread safety: AuditLog holds no mutable state and may be shared.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace fairlabel::audit {

//! What to record.
struct AuditEvent {
  std::optional<std::int64_t> actor_id;  //!< none: the platform (a deadline, a timer)
  std::string action;                    //!< "verdict.reject", "sanction.proposed", …
  std::string subject;                   //!< "<kind>:<id>", e.g. "dispute:4"
  std::string reason;                    //!< why, in words (may be empty for routine events)
  nlohmann::json detail = nlohmann::json::object();
};

struct AuditEntry {
  std::int64_t seq = 0;
  Timestamp at = 0;
  std::optional<std::int64_t> actor_id;
  std::string action;
  std::string subject;
  std::string reason;
  std::string detail;  //!< the JSON text as stored (hashed as is)
  std::string prev_hash;
  std::string hash;
};

//! The first entry that does not fit the chain, and how.
struct ChainBreak {
  std::int64_t seq = 0;  //!< the entry (or, for a missing tail, the head's seq)
  std::string problem;   //!< "edited", "removed", "reordered", "head_mismatch"
  std::string message;   //!< for people: which entry, what is wrong
};

//! The hash of the chain before its first entry.
extern const char* const kGenesisHash;

//! Hex BLAKE2b-256 of the entry's canonical encoding: every field
//! length-prefixed, in order seq, at, actor, action, subject, reason,
//! detail, prev_hash (so no two different entries encode alike).
std::string entry_hash(const AuditEntry& entry);

class AuditLog {
 public:
  explicit AuditLog(const Clock& clock) : clock_(clock) {}

  //! Appends one entry in the caller's open write transaction and returns
  //! it. Throws Error{invalid_input} for an empty action or subject.
  AuditEntry append(store::Connection& connection, const AuditEvent& event) const;

  //! Entries with seq > after_seq, oldest first, at most `limit`.
  static std::vector<AuditEntry> entries(store::Connection& connection, std::int64_t after_seq, int limit);
  //! Entries about one subject, oldest first.
  static std::vector<AuditEntry> entries_about(store::Connection& connection, const std::string& subject);

  //! Walks the whole chain and returns the first break, or nothing when
  //! every entry is intact, in order and complete. Read-only.
  static std::optional<ChainBreak> verify(store::Connection& connection);

 private:
  const Clock& clock_;
};

}  // namespace fairlabel::audit
