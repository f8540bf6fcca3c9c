#include "cli/commands.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "core/error.h"
#include "store/database.h"

namespace fairlabel::cli {

void DatabaseOptions::add_to(CLI::App& command) {
  command.add_option("--data", data_dir, "Folder for the SQLite file and media")->capture_default_str();
  command.add_option("--db", db_url, "PostgreSQL URL (postgresql://user@host:port/db); default: SQLite in --data");
}

app::AppConfig DatabaseOptions::app_config() const {
  app::AppConfig config;
  config.data_dir = data_dir;
  config.database_url =
      app::database_url_from_flags(db_url.empty() ? std::nullopt : std::optional<std::string>(db_url), data_dir);
  return config;
}

int run(int argc, char** argv) {
  CLI::App root{"fairlabel: a data-annotation work platform that pays fairly"};
  root.require_subcommand(1);
  add_serve_command(root);
  add_migrate_command(root);
  add_user_command(root);
  add_demo_command(root);
  add_aggregate_command(root);
  add_ledger_command(root);
  add_audit_command(root);
  add_report_command(root);
  add_import_command(root);
  add_export_command(root);
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return root.exit(e);
  } catch (const Error& e) {
    std::cerr << "fairlabel: " << e.what() << "\n";
    for (const auto& field : e.field_errors()) std::cerr << "  " << field.pointer << ": " << field.message << "\n";
    return 1;
  } catch (const store::StoreError& e) {
    std::cerr << "fairlabel: database error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "fairlabel: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace fairlabel::cli
