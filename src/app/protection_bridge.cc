#include "app/protection_bridge.h"

#include "protection/retaliation.h"

namespace fairlabel::app {

void connect_protection(work::WorkService& work, const audit::AuditLog& audit, const Clock& clock) {
  work.set_decision_hook([&audit, &clock](store::Connection& c, const work::WorkDecision& decision) {
    audit.append(c, {decision.actor_id, decision.action, decision.subject, decision.reason, decision.detail});
    if (decision.action == "verdict.reject" && decision.worker_id) {
      protection::flag_rejection_if_recent_dispute(c, audit, *decision.worker_id,
                                                   decision.detail.value("review_id", std::int64_t{0}),
                                                   decision.actor_id, clock.now());
    }
  });
}

}  // namespace fairlabel::app
