// `fairlabel ledger verify`: re-checks every ledger invariant (see
// money/ledger.h) and lists each violation with its offending rows.
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "money/ledger.h"
#include "store/migrations.h"

namespace fairlabel::cli {

void add_ledger_command(CLI::App& root) {
  CLI::App* ledger = root.add_subcommand("ledger", "Inspect the money ledger");
  ledger->require_subcommand(1);
  auto options = std::make_shared<DatabaseOptions>();
  CLI::App* verify = ledger->add_subcommand(
      "verify",
      "Check every ledger invariant (transfers balance, balances sum to zero per currency, escrow and payable never "
      "negative, no transfer changed, holds consistent); exit 1 listing each violation");
  options->add_to(*verify);
  verify->callback([options] {
    app::AppConfig config = options->app_config();
    // Verifying must not create the database it was asked to check.
    const std::string& url = config.database_url;
    if (url.rfind("sqlite:", 0) == 0 && url != "sqlite::memory:" && !std::filesystem::exists(url.substr(7))) {
      throw fairlabel::Error(ErrorKind::not_found, "not_found",
                             "there is no database at " + url.substr(7) + " (check --data or --db)");
    }
    auto db = store::open_database(url, 1);
    if (store::current_schema_version(*db) < 3) {
      throw fairlabel::Error(ErrorKind::precondition, "schema_too_old",
                  "the database has no ledger yet (schema version " + std::to_string(store::current_schema_version(*db)) +
                      "); run `fairlabel migrate` first");
    }
    auto violations = store::transact(*db, store::TxMode::read,
                                      [](store::Connection& c) { return money::Ledger::verify(c); });
    if (violations.empty()) {
      std::cout << "ledger verify: OK, every invariant holds (" << db->describe() << ")\n";
      return;
    }
    std::size_t rows = 0;
    for (const auto& violation : violations) {
      std::cout << "VIOLATION " << violation.invariant << ": " << violation.message << "\n";
      for (const auto& row : violation.rows) std::cout << "  " << row << "\n";
      rows += violation.rows.size();
    }
    std::cout << "ledger verify: " << violations.size() << " invariant(s) violated, " << rows << " offending row(s) ("
              << db->describe() << ")\n";
    throw CLI::RuntimeError(1);
  });
}

}  // namespace fairlabel::cli
