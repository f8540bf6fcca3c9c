#pragma once
//! Where work meets worker protection. The work service knows nothing of
//! sanctions, terms, disputes or the audit log; this file plugs them into
//! its hooks:
//!  - the decision hook: every review verdict (including the deadline's
//!    auto-accept), every publication of acceptance rules and every step
//!    of a held rejection is written to the audit log in the decision's own
//!    transaction; the worker is notified of a held rejection's every step,
//!    and a second admin's approval is recorded on its retaliation flag;
//!  - the claim guard: a task or review claim is refused while a
//!    suspension, deactivation or (for that project) project removal is in
//!    effect (protection/standing.h), and a task claim needs the platform
//!    terms in force accepted; it returns their version, which the
//!    assignment records (protection/terms.h);
//!  - the rejection gate: a reject verdict on a worker who opened a dispute
//!    in the last 30 days is flagged as possible retaliation (counted in
//!    the transparency report) and held for an admin other than the
//!    reviewer (protection/retaliation.h).

#include "audit/audit_log.h"
#include "core/clock.h"
#include "work/work_service.h"

namespace fairlabel::app {

void connect_protection(work::WorkService& work, const audit::AuditLog& audit, const Clock& clock);

}  // namespace fairlabel::app
