#pragma once
// Prepares a database for the process-level tests: a live classification
// project with `tasks` tasks of the given overlap and `workers` workers
// (w0@example.org …, password "a long enough password"), written through
// the Application with fast password hashes so that setup takes no time.
// With `reviewers` > 0 the project has one review stage (deadline a week)
// and reviewers r0@example.org … exist.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/application.h"

namespace fairlabel::testing {

inline std::int64_t prepare_live_project(store::Database& db, int tasks, int overlap, int workers, int reviewers = 0) {
  SystemClock clock;
  app::AppConfig config;
  config.password_cost = accounts::PasswordCost::test_only_fast();
  config.group_commit = false;
  app::Application app(db, config, clock);
  auto requester = app.accounts().create_user(
      {"req@example.org", "a long enough password", "Requester", {accounts::Role::requester}, "PH", std::nullopt});
  accounts::Principal r{requester.id, requester.email, requester.display_name, requester.roles, std::nullopt};
  auto org = app.organisations().create(r, "Process Lab", "process-lab");
  auto project = app.projects().create(r, org.id, {"Items", "", "", "classification"});
  work::WorkSettings settings;
  settings.label_schema = {{"labels", {{{"name", "yes"}}, {{"name", "no"}}}}};
  settings.piece_rate_minor = 10;
  settings.overlap = overlap;
  settings.max_overlap = overlap;
  if (reviewers > 0) settings.review_stages = {{"QA", 7 * 86400, {}, false}};
  app.work().put_settings(r, project.id, settings);
  app.work().publish_rules(r, project.id, {"Answer honestly."});
  std::vector<nlohmann::json> inputs;
  for (int i = 0; i < tasks; ++i) inputs.push_back({{"text", "item " + std::to_string(i)}});
  app.work().add_tasks(r, project.id, inputs);
  // Fund the escrow (a deposit recorded as an admin would) so the batch can go live.
  store::transact(app.database(), store::TxMode::write, [&](store::Connection& c) {
    app.pay().record_deposit_by_reference(c, {project.id, org.id, money::Currency::of("USD")},
                                          std::int64_t{tasks} * 10 * 3 * 2 + 100'000, "deposit-1", requester.id);
  });
  app.work().activate(r, project.id);
  for (int i = 0; i < workers; ++i) {
    app.accounts().create_user({"w" + std::to_string(i) + "@example.org",
                                "a long enough password",
                                "W",
                                {accounts::Role::worker},
                                "PH",
                                std::nullopt});
  }
  for (int i = 0; i < reviewers; ++i) {
    app.accounts().create_user({"r" + std::to_string(i) + "@example.org",
                                "a long enough password",
                                "R",
                                {accounts::Role::reviewer},
                                "PH",
                                std::nullopt});
  }
  return project.id;
}

}  // namespace fairlabel::testing
