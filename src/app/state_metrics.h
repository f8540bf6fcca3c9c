#pragma once
//! The platform's state as Prometheus gauges on /metrics, read from the
//! database at scrape time (one small grouped query per family):
//!
//!   fairlabel_task_slots_open{project}          work waiting for a worker
//!   fairlabel_assignments_leased{project}       work in a worker's hands
//!   fairlabel_reviews_waiting{project}          submissions waiting for a reviewer
//!   fairlabel_holds_outstanding{currency}       held payments not yet released
//!   fairlabel_holds_outstanding_minor{currency} their total, in minor units
//!   fairlabel_payout_items_pending{currency}    payout items sent, result not yet known
//!   fairlabel_payout_items_pending_minor{currency}
//!   fairlabel_disputes_open{category}           disputes not yet decided
//!
//! Amounts are reported for monitoring only (as Prometheus floats, exact up
//! to 2^53 minor units); nothing reads money back from here.

#include "http/metrics.h"
#include "store/database.h"

namespace fairlabel::app {

void register_state_metrics(http::Metrics& metrics, store::Database& db);

}  // namespace fairlabel::app
