#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "core/random.h"

namespace fairlabel::cli {
namespace {

struct UserAddOptions {
  DatabaseOptions database;
  std::string email;
  std::string display_name;
  std::vector<std::string> roles;
  std::string country;
  std::string region;
  std::string language = "en";
  bool password_stdin = false;
};

}  // namespace

void add_user_command(CLI::App& root) {
  CLI::App* user = root.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);
  auto options = std::make_shared<UserAddOptions>();
  CLI::App* add =
      user->add_subcommand("add", "Create a user with any roles (for admins, reviewers, auditors, council)");
  options->database.add_to(*add);
  add->add_option("--email", options->email, "Email address (the login)")->required();
  add->add_option("--name", options->display_name, "Display name (default: the email)");
  add->add_option("--role", options->roles, "worker|reviewer|requester|admin|auditor|council (repeatable)")->required();
  add->add_option("--country", options->country, "ISO 3166-1 alpha-2 country (required for workers)");
  add->add_option("--region", options->region, "ISO 3166-2 region code");
  add->add_option("--language", options->language, "BCP 47 language tag")->capture_default_str();
  add->add_flag("--password-stdin", options->password_stdin,
                "Read the password from standard input (otherwise one is generated and printed)");
  add->callback([options] {
    accounts::NewUser input;
    input.email = options->email;
    input.display_name = options->display_name.empty() ? options->email : options->display_name;
    for (const auto& name : options->roles) {
      auto role = accounts::parse_role(name);
      if (!role) throw Error::invalid("invalid_role", "--role: \"" + name + "\" is not a role");
      input.roles.insert(*role);
    }
    if (!options->country.empty()) input.country = options->country;
    if (!options->region.empty()) input.region = options->region;
    input.language = options->language;
    bool generated = false;
    if (options->password_stdin) {
      std::getline(std::cin, input.password);
    } else {
      input.password = base64url_encode(secure_random_bytes(15));
      generated = true;
    }
    SystemClock clock;
    app::Application application(options->database.app_config(), clock);
    auto created = application.accounts().create_user(input);
    std::cout << "created user " << created.id << " <" << created.email << ">\n";
    if (generated) std::cout << "password: " << input.password << "\n";
  });
}

}  // namespace fairlabel::cli
