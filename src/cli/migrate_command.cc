#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "store/migrations.h"

namespace fairlabel::cli {

void add_migrate_command(CLI::App& root) {
  auto options = std::make_shared<DatabaseOptions>();
  CLI::App* command = root.add_subcommand("migrate", "Apply pending database schema migrations");
  options->add_to(*command);
  command->callback([options] {
    SystemClock clock;
    app::AppConfig config = options->app_config();
    std::filesystem::create_directories(config.data_dir);
    auto db = store::open_database(config.database_url, 1);
    int applied = store::migrate(*db, clock);
    std::cout << "applied " << applied << " migration(s); schema version " << store::current_schema_version(*db) << " ("
              << db->describe() << ")\n";
  });
}

}  // namespace fairlabel::cli
