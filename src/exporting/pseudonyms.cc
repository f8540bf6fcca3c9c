#include "exporting/pseudonyms.h"

#include "core/random.h"

namespace fairlabel::exporting {

std::string pseudonym_secret(store::Connection& c, std::int64_t project_id) {
  c.execute("INSERT INTO export_pseudonym_keys (project_id, secret) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            {project_id, hex_encode(secure_random_bytes(32))});
  return c.execute("SELECT secret FROM export_pseudonym_keys WHERE project_id = $1", {project_id}).single().text(0);
}

std::string pseudonym(const std::string& secret, std::int64_t worker_id) {
  return "w-" + hex_encode(sha256(secret + ":" + std::to_string(worker_id))).substr(0, 16);
}

}  // namespace fairlabel::exporting
