#pragma once
//! Anti-retaliation: a sanction or a rejection of a worker who opened a
//! dispute in the last 30 days is flagged. A flagged sanction needs a second
//! admin's approval (not the proposer's) before it can be decided; a flagged
//! rejection is held by the work service until an admin other than the
//! reviewer approves or refuses it (app/protection_bridge installs the
//! gate). Every flag is counted in the transparency report and written to
//! the audit log; an approval is recorded on the flag.

#include <cstdint>
#include <optional>
#include <string>

#include "audit/audit_log.h"
#include "core/clock.h"
#include "store/database.h"

namespace fairlabel::protection {

inline constexpr std::int64_t kRetaliationWindowUs = 30 * kMicrosPerDay;

//! The worker's most recent dispute opened in (now − 30 days, now], if any.
std::optional<std::int64_t> recent_dispute(store::Connection& c, std::int64_t worker_id, Timestamp now);

//! Flags a rejection (by its review id) of a worker with a recent dispute,
//! in the rejection's own transaction; returns the dispute it was flagged
//! for, if it was.
std::optional<std::int64_t> flag_rejection_if_recent_dispute(store::Connection& c, const audit::AuditLog& audit,
                                                             std::int64_t worker_id, std::int64_t review_id,
                                                             std::optional<std::int64_t> reviewer_id, Timestamp now);

//! Records a second admin's approval of a flagged rejection on its flag.
void record_rejection_approval(store::Connection& c, std::int64_t review_id, std::int64_t admin_id, Timestamp now);

}  // namespace fairlabel::protection
