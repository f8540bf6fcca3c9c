#include <iostream>
#include <memory>

#include "app/demo.h"
#include "cli/commands.h"

namespace fairlabel::cli {

void add_demo_command(CLI::App& root) {
  CLI::App* demo = root.add_subcommand("demo", "Demo content for trying the platform out");
  demo->require_subcommand(1);
  auto options = std::make_shared<DatabaseOptions>();
  CLI::App* seed = demo->add_subcommand("seed", "Create demo accounts, an organisation and projects (idempotent)");
  options->add_to(*seed);
  seed->callback([options] {
    SystemClock clock;
    app::Application application(options->app_config(), clock);
    for (const auto& account : app::seed_demo(application)) {
      std::cout << account.role << "\t" << account.email << "\tpassword: " << app::kDemoPassword << "\n";
    }
  });
}

}  // namespace fairlabel::cli
