#include "app/demo.h"

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
    app.projects().create(owner, org.id,
                          {"Pedestrians in street video", "Track every pedestrian through short street clips.",
                           "# Pedestrian tracking\n\n1. Draw a box around each fully or partly visible pedestrian.\n"
                           "2. Keep one track per person for the whole clip.\n",
                           "video_track"});
    app.projects().create(owner, org.id,
                          {"Chatbot answer ranking", "Rank model answers by helpfulness and honesty.",
                           "# Ranking answers\n\n1. Read the prompt and every answer.\n"
                           "2. Rank from best to worst and give a one-sentence reason.\n",
                           "text_rank"});
    app.projects().create(owner, org.id,
                          {"Street objects", "Boxes around cars, bicycles and palm trees.",
                           "# Boxes\n\n1. Tight boxes around each car, bicycle and palm tree.\n", "image_bbox"});
  }
  return accounts;
}

}  // namespace fairlabel::app
