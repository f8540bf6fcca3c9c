#include "protection/retaliation.h"

namespace fairlabel::protection {

std::optional<std::int64_t> recent_dispute(store::Connection& c, std::int64_t worker_id, Timestamp now) {
  auto r = c.execute(
      "SELECT id FROM disputes WHERE worker_id = $1 AND opened_at > $2 AND opened_at <= $3 ORDER BY opened_at DESC, "
      "id DESC LIMIT 1",
      {worker_id, now - kRetaliationWindowUs, now});
  if (r.empty()) return std::nullopt;
  return r.single().integer(0);
}

std::optional<std::int64_t> flag_rejection_if_recent_dispute(store::Connection& c, const audit::AuditLog& audit,
                                                             std::int64_t worker_id, std::int64_t review_id,
                                                             std::optional<std::int64_t> reviewer_id, Timestamp now) {
  auto dispute = recent_dispute(c, worker_id, now);
  if (!dispute) return std::nullopt;
  c.execute(
      "INSERT INTO retaliation_flags (worker_id, kind, subject_id, dispute_id, flagged_at) VALUES ($1, 'rejection', "
      "$2, $3, $4) ON CONFLICT (kind, subject_id) DO NOTHING",
      {worker_id, review_id, *dispute, now});
  audit.append(c, {reviewer_id,
                   "retaliation.flagged",
                   "review:" + std::to_string(review_id),
                   "rejection of a worker who opened a dispute in the last 30 days",
                   {{"worker_id", worker_id}, {"dispute_id", *dispute}, {"kind", "rejection"}}});
  return dispute;
}

void record_rejection_approval(store::Connection& c, std::int64_t review_id, std::int64_t admin_id, Timestamp now) {
  c.execute(
      "UPDATE retaliation_flags SET approved_by = $2, approved_at = $3 WHERE kind = 'rejection' AND subject_id = $1",
      {review_id, admin_id, now});
}

}  // namespace fairlabel::protection
