// `fairlabel audit verify`: walks the hash-chained audit log
// (audit/audit_log.h) and exits 1 naming the first entry that was edited,
// removed or reordered; 0 when the chain is intact.
#include <iostream>
#include <memory>

#include "audit/audit_log.h"
#include "cli/commands.h"
#include "cli/protection_database.h"

namespace fairlabel::cli {

void add_audit_command(CLI::App& root) {
  CLI::App* audit = root.add_subcommand("audit", "Inspect the audit log");
  audit->require_subcommand(1);
  auto options = std::make_shared<DatabaseOptions>();
  CLI::App* verify = audit->add_subcommand(
      "verify", "Check the audit log's hash chain; exit 1 naming the first edited, removed or reordered entry");
  options->add_to(*verify);
  verify->callback([options] {
    auto db = open_protection_database(*options);
    auto result = store::transact(*db, store::TxMode::read, [](store::Connection& c) {
      auto broken = audit::AuditLog::verify(c);
      auto entries = c.execute("SELECT COUNT(*) FROM audit_log").single().integer(0);
      return std::make_pair(broken, entries);
    });
    if (!result.first) {
      std::cout << "audit verify: OK, " << result.second << " entries, chain intact (" << db->describe() << ")\n";
      return;
    }
    std::cout << "audit verify: FAILED at entry " << result.first->seq << " (" << result.first->problem
              << "): " << result.first->message << " (" << db->describe() << ")\n";
    throw CLI::RuntimeError(1);
  });
}

}  // namespace fairlabel::cli
