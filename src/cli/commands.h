#pragma once
//! The `fairlabel` command line.
//!
//!   fairlabel serve   --listen HOST:PORT --data DIR [--db URL] [--demo]
//!   fairlabel migrate --data DIR [--db URL]
//!   fairlabel user add --email E --role R [--role R…] [--password-stdin] …
//!   fairlabel demo seed --data DIR [--db URL]
//!   fairlabel ledger verify --data DIR [--db URL]
//!   fairlabel ledger payout --provider paypal|bank_csv|mpesa --currency C [--minimum M] --out DIR
//!   fairlabel ledger payout-result --item ID (--paid REF | --failed REASON)
//!   fairlabel audit verify --data DIR [--db URL]
//!   fairlabel report --from YYYY-MM-DD --to YYYY-MM-DD [--regulator-export FILE]
//!
//! Each command is one file (serve_command.cc, …) with one add_*_command
//! function. Exit codes: 0 success, 1 the operation failed (message on
//! stderr), 2 bad usage (CLI11's own).

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "app/application.h"

namespace fairlabel::cli {

int run(int argc, char** argv);

//! `--data` and `--db`, which every command that opens the database takes.
struct DatabaseOptions {
  std::filesystem::path data_dir = "var";
  std::string db_url;

  void add_to(CLI::App& command);
  app::AppConfig app_config() const;
};

void add_serve_command(CLI::App& root);
void add_migrate_command(CLI::App& root);
void add_user_command(CLI::App& root);
void add_demo_command(CLI::App& root);
void add_aggregate_command(CLI::App& root);
void add_ledger_command(CLI::App& root);
void add_import_command(CLI::App& root);
void add_audit_command(CLI::App& root);
void add_report_command(CLI::App& root);
void add_export_command(CLI::App& root);

}  // namespace fairlabel::cli
