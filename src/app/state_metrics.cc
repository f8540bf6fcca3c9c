#include "app/state_metrics.h"

#include <string>
#include <vector>

namespace fairlabel::app {
namespace {

using Samples = std::vector<http::Metrics::Sample>;

//! Runs a query whose rows are (label value as text, numbers…) and turns
//! column `value_column` into samples labelled `label`.
Samples grouped(store::Database& db, const char* label, const char* sql, int value_column = 1) {
  auto result = store::transact(db, store::TxMode::read, [&](store::Connection& c) { return c.execute(sql); });
  Samples samples;
  for (const auto& row : result.rows) {
    samples.push_back({{{label, row.text(0)}}, static_cast<double>(row.integer(value_column))});
  }
  return samples;
}

}  // namespace

void register_state_metrics(http::Metrics& metrics, store::Database& db) {
  metrics.add_gauge_family("fairlabel_task_slots_open", "Task slots waiting for a worker, per project.", [&db] {
    return grouped(
        db, "project",
        "SELECT CAST(project_id AS TEXT), COUNT(*) FROM task_slots WHERE assignment_id IS NULL GROUP BY project_id "
        "ORDER BY project_id");
  });
  metrics.add_gauge_family(
      "fairlabel_assignments_leased", "Assignments leased to a worker (or sent back for redo).", [&db] {
        return grouped(db, "project",
                       "SELECT CAST(project_id AS TEXT), COUNT(*) FROM assignments WHERE status IN ('leased', "
                       "'redo') GROUP BY project_id ORDER BY project_id");
      });
  metrics.add_gauge_family(
      "fairlabel_reviews_waiting", "Reviews open and not yet claimed by a reviewer, per project.", [&db] {
        return grouped(db, "project",
                       "SELECT CAST(project_id AS TEXT), COUNT(*) FROM reviews WHERE status = 'open' GROUP BY "
                       "project_id ORDER BY project_id");
      });
  static const char* const kHolds =
      "SELECT t.currency, COUNT(*), CAST(SUM(t.amount) AS BIGINT) FROM ledger_holds h JOIN ledger_transfers t ON t.id "
      "= "
      "h.transfer_id WHERE h.state = 'pending' GROUP BY t.currency ORDER BY t.currency";
  metrics.add_gauge_family("fairlabel_holds_outstanding", "Held payments not yet released or voided, per currency.",
                           [&db] { return grouped(db, "currency", kHolds, 1); });
  metrics.add_gauge_family("fairlabel_holds_outstanding_minor",
                           "Total of the outstanding holds in minor units, per currency.",
                           [&db] { return grouped(db, "currency", kHolds, 2); });
  static const char* const kPayouts =
      "SELECT currency, COUNT(*), CAST(SUM(amount) AS BIGINT) FROM payout_items WHERE state = 'pending' GROUP BY "
      "currency ORDER BY "
      "currency";
  metrics.add_gauge_family("fairlabel_payout_items_pending",
                           "Payout items sent to a provider whose result is not yet recorded, per currency.",
                           [&db] { return grouped(db, "currency", kPayouts, 1); });
  metrics.add_gauge_family("fairlabel_payout_items_pending_minor",
                           "Total of the pending payout items in minor units, per currency.",
                           [&db] { return grouped(db, "currency", kPayouts, 2); });
  metrics.add_gauge_family("fairlabel_disputes_open", "Disputes not yet decided, per category.", [&db] {
    return grouped(db, "category",
                   "SELECT category, COUNT(*) FROM disputes WHERE status <> 'decided' GROUP BY category ORDER BY "
                   "category");
  });
}

}  // namespace fairlabel::app
