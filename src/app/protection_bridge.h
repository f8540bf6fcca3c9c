#pragma once
//! Where work meets worker protection: every review verdict (including the
//! deadline's auto-accept) and every publication of acceptance rules is
//! written to the audit log in the decision's own transaction, and a
//! rejection of a worker who opened a dispute in the last 30 days is flagged
//! as possible retaliation (counted in the transparency report).

#include "audit/audit_log.h"
#include "core/clock.h"
#include "work/work_service.h"

namespace fairlabel::app {

void connect_protection(work::WorkService& work, const audit::AuditLog& audit, const Clock& clock);

}  // namespace fairlabel::app
