#include "app/application.h"

#include "store/migrations.h"

namespace fairlabel::app {

std::string database_url_from_flags(const std::optional<std::string>& db_flag, const std::filesystem::path& data_dir) {
  if (db_flag && !db_flag->empty()) return *db_flag;
  return "sqlite:" + (data_dir / "fairlabel.db").string();
}

Application::Application(const AppConfig& config, const Clock& clock) : clock_(clock) {
  if (!config.data_dir.empty()) std::filesystem::create_directories(config.data_dir);
  owned_database_ = store::open_database(config.database_url, config.database_pool_size);
  database_ = owned_database_.get();
  wire(config);
}

Application::Application(store::Database& database, const AppConfig& config, const Clock& clock)
    : clock_(clock), database_(&database) {
  wire(config);
}

void Application::wire(const AppConfig& config) {
  if (config.migrate) store::migrate(*database_, clock_);
  accounts_ = std::make_unique<accounts::AccountsService>(*database_, clock_, config.password_cost,
                                                          config.session_policy);
  organisations_ = std::make_unique<orgs::OrganisationService>(*database_, clock_);
  projects_ = std::make_unique<orgs::ProjectService>(*database_, clock_);
  ledger_ = std::make_unique<money::Ledger>(clock_);
  pay_ = std::make_unique<money::PayService>(*ledger_, clock_, money::PaySettings{});
  api_ = std::make_unique<api::Api>(
      api::Services{*database_, clock_, *accounts_, *organisations_, *projects_, metrics_, *pay_});
}

}  // namespace fairlabel::app
