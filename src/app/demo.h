#pragma once
//! Demo content, so that a newcomer can log in and work at once.
//!
//! Creates (idempotently: a second run changes nothing) one user per role
//! with the password "demo-password" — worker@, reviewer@, requester@,
//! admin@, auditor@ and council@demo.fairlabel.dev — an organisation "Demo
//! Vision Lab" owned by the requester, and one live, funded project per
//! task type (procedurally drawn street scenes, a short video, texts; see
//! demo_content/), each with review stages and numbered acceptance rules. Never run against a production database: it
//! creates accounts with a published password.

#include <string>
#include <vector>

#include "app/application.h"

namespace fairlabel::app {

constexpr const char* kDemoPassword = "demo-password";

struct DemoAccount {
  std::string email;
  std::string role;
};

//! Seeds the demo content; returns the demo accounts.
std::vector<DemoAccount> seed_demo(Application& app);

}  // namespace fairlabel::app
