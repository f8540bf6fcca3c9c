#include "app/demo.h"

#include "demo_content/demo_content.h"

namespace fairlabel::app {
namespace {

using accounts::Role;

struct DemoUser {
  const char* email;
  const char* name;
  Role role;
  const char* country;
  const char* region;
};

constexpr DemoUser kDemoUsers[] = {
    {"worker@demo.fairlabel.dev", "Maria Santos", Role::worker, "PH", "PH-00"},
    {"reviewer@demo.fairlabel.dev", "Wanjiru Kamau", Role::reviewer, "KE", nullptr},
    {"requester@demo.fairlabel.dev", "Demo Vision Lab", Role::requester, nullptr, nullptr},
    {"admin@demo.fairlabel.dev", "Platform Admin", Role::admin, nullptr, nullptr},
    {"auditor@demo.fairlabel.dev", "Labour Auditor", Role::auditor, nullptr, nullptr},
    {"council@demo.fairlabel.dev", "Worker Council", Role::council, "IN", "IN-KA"},
};

accounts::User ensure_user(Application& app, const DemoUser& demo) {
  if (auto existing = app.accounts().find_by_email(demo.email)) return *existing;
  accounts::NewUser input;
  input.email = demo.email;
  input.password = kDemoPassword;
  input.display_name = demo.name;
  input.roles = {demo.role};
  // Reviewers label too, so they count as workers for pay purposes.
  if (demo.role == Role::reviewer) input.roles.insert(Role::worker);
  if (demo.country) input.country = demo.country;
  if (demo.region) input.region = demo.region;
  return app.accounts().create_user(input);
}

//! Pay per task type (US cents) and the requester's time estimate (seconds):
//! every rate clears the floors of the demo's regions.
struct DemoTerms {
  const char* task_type;
  std::int64_t piece_rate_minor;
  std::int64_t estimate_seconds;
};
constexpr DemoTerms kDemoTerms[] = {
    {"video_track", 300, 600}, {"image_bbox", 60, 120}, {"image_tags", 15, 30},
    {"classification", 8, 15}, {"text_edit", 200, 600}, {"text_rank", 80, 180},
};

//! One live project: settings, numbered rules, its tasks, a sandbox deposit
//! covering the batch, activation.
void seed_project(Application& app, const accounts::Principal& owner, std::int64_t org_id,
                  const demo_content::DemoProject& demo) {
  auto project = app.projects().create(owner, org_id,
                                       {demo.name, "Demo project: " + demo.name, demo.instructions, demo.task_type});
  work::WorkSettings settings;
  settings.label_schema = demo.label_schema;
  for (const auto& terms : kDemoTerms) {
    if (demo.task_type == terms.task_type) {
      settings.piece_rate_minor = terms.piece_rate_minor;
      settings.time_estimate_seconds = terms.estimate_seconds;
    }
  }
  settings.currency = "USD";
  settings.overlap = 1;
  settings.max_overlap = 3;
  settings.lease_seconds = 3600;
  settings.review_stages.push_back({"Quality review", 3 * 24 * 3600, {}, false});
  if (demo.task_type == "video_track") {
    // The video project shows two-level review: the requester's own staff last.
    settings.review_stages.push_back({"Requester check", 5 * 24 * 3600, {}, true});
  }
  app.work().put_settings(owner, project.id, settings);
  app.work().publish_rules(owner, project.id,
                           {"Follow the instructions above; when unsure, choose the closest answer.",
                            "Boxes, spans and labels are precise: tight boxes, the exact words, the right class.",
                            "Work that was clearly not attempted (empty, random or copied) may be rejected."});
  std::vector<nlohmann::json> inputs;
  for (const auto& task : demo.tasks) inputs.push_back(task.input);
  app.work().add_tasks(owner, project.id, inputs);
  store::transact(app.database(), store::TxMode::write, [&](store::Connection& c) {
    app.pay().record_deposit_by_reference(c, {project.id, org_id, money::Currency::of("USD")}, 50'000,
                                          "demo-deposit-" + std::to_string(project.id), owner.user_id);
  });
  app.work().activate(owner, project.id);
}

}  // namespace

std::vector<DemoAccount> seed_demo(Application& app) {
  std::vector<DemoAccount> accounts;
  accounts::User requester;
  for (const auto& demo : kDemoUsers) {
    accounts::User user = ensure_user(app, demo);
    if (demo.role == Role::requester) requester = user;
    accounts.push_back({demo.email, std::string(accounts::role_name(demo.role))});
  }

  accounts::Principal owner{requester.id, requester.email, requester.display_name, requester.roles, std::nullopt};
  auto orgs = app.organisations().list(owner, PageRequest{});
  if (orgs.items.empty()) {
    auto org = app.organisations().create(owner, "Demo Vision Lab", "demo-vision-lab");
    for (const auto& demo : demo_content::write_demo_content(app.media())) seed_project(app, owner, org.id, demo);
  }
  return accounts;
}

}  // namespace fairlabel::app
