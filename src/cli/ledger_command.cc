// `fairlabel ledger …`: the operator's tools for money.
//
//   ledger verify          re-checks every ledger invariant (money/ledger.h)
//                          and lists each violation with its offending rows;
//   ledger payout          makes a payout batch for one provider and currency
//                          and writes the provider's files (money/payouts.h);
//   ledger payout-result   records a provider's result for one item.
//
// Recipients come from the workers' profiles (app/payout_recipients.h); a
// deactivated worker is paid like anyone else. `fairlabel serve
// --payout-schedule` makes the same batches periodically (money/payout_schedule.h).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/payout_recipients.h"
#include "webhooks/events.h"
#include "cli/commands.h"
#include "core/error.h"
#include "money/ledger.h"
#include "money/payouts.h"
#include "store/migrations.h"

namespace fairlabel::cli {
namespace {

std::unique_ptr<store::Database> open_existing(const DatabaseOptions& options) {
  app::AppConfig config = options.app_config();
  // Inspecting must not create the database it was asked to check.
  const std::string& url = config.database_url;
  if (url.rfind("sqlite:", 0) == 0 && url != "sqlite::memory:" && !std::filesystem::exists(url.substr(7))) {
    throw fairlabel::Error(ErrorKind::not_found, "not_found",
                           "there is no database at " + url.substr(7) + " (check --data or --db)");
  }
  auto db = store::open_database(url, 1);
  if (store::current_schema_version(*db) < 3) {
    throw fairlabel::Error(ErrorKind::precondition, "schema_too_old",
                           "the database has no ledger yet (schema version " +
                               std::to_string(store::current_schema_version(*db)) + "); run `fairlabel migrate` first");
  }
  return db;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw fairlabel::Error(ErrorKind::internal, "write_failed", "could not write " + path.string());
  std::cout << "wrote " << path.string() << "\n";
}

}  // namespace

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
    auto db = open_existing(*options);
    auto violations =
        store::transact(*db, store::TxMode::read, [](store::Connection& c) { return money::Ledger::verify(c); });
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

  struct PayoutOptions {
    DatabaseOptions database;
    std::string provider;
    std::string currency;
    std::string minimum = "0";
    std::filesystem::path out = ".";
  };
  auto p = std::make_shared<PayoutOptions>();
  CLI::App* payout = ledger->add_subcommand(
      "payout",
      "Make a payout batch of every worker owed at least --minimum in --currency, and write the files "
      "the provider takes (PayPal Payouts request bodies, a bank CSV or an M-Pesa B2C CSV) into --out");
  p->database.add_to(*payout);
  payout->add_option("--provider", p->provider, "paypal, bank_csv or mpesa")->required();
  payout->add_option("--currency", p->currency, "ISO 4217 code, e.g. USD")->required();
  payout->add_option("--minimum", p->minimum, "Smallest balance paid out, in major units (e.g. 10.00)")
      ->capture_default_str();
  payout->add_option("--out", p->out, "Folder for the provider files")->capture_default_str();
  payout->callback([p] {
    auto provider = money::payout_provider_from_string(p->provider);
    auto currency = money::Currency::of(p->currency);
    std::int64_t minimum = money::parse_amount(p->minimum, currency).minor;
    if (!std::filesystem::is_directory(p->out)) {
      throw fairlabel::Error(ErrorKind::invalid_input, "invalid_out", p->out.string() + " is not a folder");
    }
    auto db = open_existing(p->database);
    SystemClock clock;
    money::Ledger ledger(clock);
    money::PayoutService payouts(ledger, clock);
    auto batch = store::transact(*db, store::TxMode::write, [&](store::Connection& c) {
      return payouts.create_batch(c, provider, currency, minimum, [&](std::int64_t worker_id) {
        return app::recipient_from_profile(c, worker_id, provider);
      });
    });
    for (const auto& d : batch.deferred) {
      std::cout << "deferred worker " << d.worker_id << " (" << money::to_string(money::Money{d.available, currency})
                << "): " << d.reason << "\n";
    }
    if (batch.id == 0) {
      std::cout << "nothing to pay out\n";
      return;
    }
    std::int64_t total = 0;
    for (const auto& item : batch.items) total += item.amount.minor;
    std::cout << "payout batch " << batch.id << " (" << batch.sender_batch_id << "): " << batch.items.size()
              << " item(s), " << money::to_string(money::Money{total, currency}) << "\n";
    std::string stem = "payout-batch-" + std::to_string(batch.id);
    if (provider == money::PayoutProvider::paypal) {
      auto requests = money::paypal_payout_requests(batch);
      for (std::size_t i = 0; i < requests.size(); ++i) {
        write_file(p->out / (stem + (requests.size() > 1 ? "-part-" + std::to_string(i + 1) : "") + ".json"),
                   requests[i]);
      }
    } else if (provider == money::PayoutProvider::bank_csv) {
      write_file(p->out / (stem + ".csv"), money::bank_transfer_csv(batch));
    } else {
      write_file(p->out / (stem + "-mpesa.csv"), money::mpesa_b2c_csv(batch));
    }
  });

  struct ResultOptions {
    DatabaseOptions database;
    std::int64_t item = 0;
    std::string paid_ref;
    std::string failed_reason;
  };
  auto r = std::make_shared<ResultOptions>();
  CLI::App* result = ledger->add_subcommand(
      "payout-result",
      "Record a provider's result for one payout item: --paid REF, or --failed REASON (the money "
      "returns to the worker's balance for the next batch). Repeating a result changes nothing.");
  r->database.add_to(*result);
  result->add_option("--item", r->item, "Payout item id (sender_item_id fl-item-<id>)")->required();
  auto* paid = result->add_option("--paid", r->paid_ref, "The provider's reference for a paid item");
  auto* failed = result->add_option("--failed", r->failed_reason, "The provider's reason for a failed item");
  paid->excludes(failed);
  result->callback([r, paid, failed] {
    if (paid->count() == 0 && failed->count() == 0) {
      throw fairlabel::Error(ErrorKind::invalid_input, "invalid_result", "give --paid REF or --failed REASON");
    }
    auto db = open_existing(r->database);
    SystemClock clock;
    money::Ledger ledger(clock);
    money::PayoutService payouts(ledger, clock);
    bool succeeded = paid->count() > 0;
    auto item = store::transact(*db, store::TxMode::write, [&](store::Connection& c) {
      auto recorded = payouts.record_result(c, r->item, succeeded, r->paid_ref, r->failed_reason);
      // The projects' payout.sent webhook events commit with the result.
      if (succeeded) webhooks::payout_item_paid(c, recorded.id, clock.now());
      return recorded;
    });
    std::cout << "payout item " << item.id << " for worker " << item.worker_id << " (" << money::to_string(item.amount)
              << "): " << money::to_string(item.state) << "\n";
  });
}

}  // namespace fairlabel::cli
