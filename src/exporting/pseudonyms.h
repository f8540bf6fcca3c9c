#pragma once
//! Worker pseudonyms for exports: "w-" + 16 hex digits of
//! SHA-256(project secret ":" worker id). The secret is 32 random bytes per
//! project (table export_pseudonym_keys), so a pseudonym is stable across a
//! project's exports, different in every other project, and cannot be
//! turned back into a user id by trying ids without the secret.

#include <cstdint>
#include <string>

#include "store/database.h"

namespace fairlabel::exporting {

//! The project's secret, created if it has none (needs a write transaction).
std::string pseudonym_secret(store::Connection& c, std::int64_t project_id);

std::string pseudonym(const std::string& secret, std::int64_t worker_id);

}  // namespace fairlabel::exporting
