#include "app/protection_bridge.h"

#include "protection/notifications.h"
#include "protection/retaliation.h"
#include "protection/standing.h"
#include "protection/terms.h"

namespace fairlabel::app {
namespace {

using nlohmann::json;

//! What the worker is told about each step of a held rejection.
std::optional<std::pair<std::string, std::string>> held_rejection_notice(const std::string& action) {
  if (action == "verdict.reject_held") {
    return std::pair{"rejection_held",
                     "A reviewer rejected your work. Because you opened a dispute recently, the rejection only takes "
                     "effect if an admin other than the reviewer approves it; if the review deadline passes first, "
                     "the work is accepted."};
  }
  if (action == "rejection.approved") {
    return std::pair{"rejection_approved",
                     "An admin approved the rejection of your work; your measured time is paid at the wage floor "
                     "and you can dispute the decision."};
  }
  if (action == "rejection.refused") {
    return std::pair{"rejection_refused", "An admin refused the rejection of your work: it counts as accepted."};
  }
  if (action == "rejection.lapsed") {
    return std::pair{"rejection_lapsed",
                     "Nobody decided on the held rejection of your work before the review deadline: it is accepted."};
  }
  return std::nullopt;
}

}  // namespace

void connect_protection(work::WorkService& work, const audit::AuditLog& audit, const Clock& clock) {
  work.set_decision_hook([&audit, &clock](store::Connection& c, const work::WorkDecision& decision) {
    audit.append(c, {decision.actor_id, decision.action, decision.subject, decision.reason, decision.detail});
    if (decision.action == "rejection.approved" && decision.actor_id) {
      protection::record_rejection_approval(c, decision.detail.value("review_id", std::int64_t{0}), *decision.actor_id,
                                            clock.now());
    }
    if (auto notice = held_rejection_notice(decision.action); notice && decision.worker_id) {
      json body = {{"message", notice->second}, {"review_id", decision.detail.value("review_id", std::int64_t{0})}};
      if (decision.action != "verdict.reject_held" && !decision.reason.empty()) body["reason"] = decision.reason;
      protection::notify(c, clock.now(), *decision.worker_id, notice->first, decision.subject, body);
    }
  });
  work.set_claim_guard([](store::Connection& c, std::int64_t user_id, std::int64_t project_id, work::ClaimKind kind) {
    protection::require_good_standing(c, user_id, project_id);
    work::ClaimClearance clearance;
    // The platform terms govern the work a worker claims; reviewing is
    // judged by the project's rules.
    if (kind == work::ClaimKind::task) clearance.terms_version = protection::require_terms_accepted(c, user_id);
    return clearance;
  });
  work.set_rejection_gate([&audit, &clock](store::Connection& c, const work::Assignment& a, std::int64_t review_id,
                                           std::int64_t reviewer_id) -> std::optional<json> {
    auto dispute =
        protection::flag_rejection_if_recent_dispute(c, audit, a.worker_id, review_id, reviewer_id, clock.now());
    if (!dispute) return std::nullopt;
    return json{{"reason", "the worker opened a dispute in the last 30 days"}, {"dispute_id", *dispute}};
  });
}

}  // namespace fairlabel::app
