#pragma once
//! Versioned platform terms and each worker's acceptance.
//!
//!  - Admins publish a new version (1, 2, 3, …); the newest is in force.
//!    Publishing is audited as a terms change ("terms.published") and every
//!    worker is notified.
//!  - A user accepts the version in force (only that one: accepting an old
//!    version is Error{conflict, "terms_outdated"}); the acceptance — who,
//!    which version, when — is kept and audited ("terms.accepted").
//!    Accepting again is harmless and returns the first acceptance.
//!  - A task claim needs the version in force accepted
//!    (require_terms_accepted, installed in the work service's claim guard
//!    by app/protection_bridge); the assignment records the version, so a
//!    later change never applies to work already done.
//!  - While no terms were ever published, nothing is required (existing
//!    databases and the demo work as before).

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/roles.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "store/database.h"

namespace fairlabel::protection {

struct TermsVersion {
  std::int64_t version = 0;
  std::string text;
  std::int64_t published_by = 0;
  Timestamp published_at = 0;
};

struct TermsAcceptance {
  std::int64_t user_id = 0;
  std::int64_t version = 0;
  Timestamp accepted_at = 0;
};

class TermsService {
 public:
  TermsService(store::Database& db, const Clock& clock, const audit::AuditLog& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  //! Admins only; the text is 1 to 100 000 characters.
  TermsVersion publish(const accounts::Principal& caller, const std::string& text);
  //! The version in force, if any was published. Public.
  std::optional<TermsVersion> current();
  //! The caller accepts `version`, which must be the one in force.
  TermsAcceptance accept(const accounts::Principal& caller, std::int64_t version);
  //! The caller's acceptance of the version in force, if given.
  std::optional<TermsAcceptance> current_acceptance(const accounts::Principal& caller);

 private:
  store::Database& db_;
  const Clock& clock_;
  const audit::AuditLog& audit_;
};

//! In a claim's transaction: the version in force if the user accepted it,
//! nothing when no terms were ever published; otherwise throws
//! Error{forbidden, "terms_not_accepted"} naming the version to accept.
std::optional<std::int64_t> require_terms_accepted(store::Connection& c, std::int64_t user_id);

}  // namespace fairlabel::protection
