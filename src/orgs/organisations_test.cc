// Tenancy on both storage backends: who can see and change organisations
// and projects, pagination, and optimistic project updates.
#include <gtest/gtest.h>

#include "accounts/accounts_service.h"
#include "core/error.h"
#include "orgs/organisations.h"
#include "orgs/projects.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace fairlabel::orgs {
namespace {

using accounts::Principal;
using accounts::Role;

class TenancyTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<testing::TestDatabase>(testing::TestDatabase::create(GetParam()));
    store::migrate(db(), clock_);
    accounts_ = std::make_unique<accounts::AccountsService>(db(), clock_, accounts::PasswordCost::test_only_fast());
    orgs_ = std::make_unique<OrganisationService>(db(), clock_);
    projects_ = std::make_unique<ProjectService>(db(), clock_);
    alice_ = make_user("alice@lab.example", Role::requester);
    bob_ = make_user("bob@other.example", Role::requester);
    wendy_ = make_user("wendy@example.org", Role::worker);
    admin_ = make_user("admin@example.org", Role::admin);
    auditor_ = make_user("audit@example.org", Role::auditor);
    org_ = orgs_->create(alice_, "Alice Lab", "alice-lab");
  }
  store::Database& db() { return database_->db(); }

  Principal make_user(const std::string& email, Role role) {
    accounts::NewUser u{email, "a long enough password", email, {role}, std::nullopt, std::nullopt, "en"};
    if (role == Role::worker) u.country = "KE";
    auto user = accounts_->create_user(u);
    return Principal{user.id, user.email, user.display_name, user.roles, std::nullopt};
  }

  ErrorKind kind_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.kind();
    }
    ADD_FAILURE() << "no error thrown";
    return ErrorKind::internal;
  }

  NewProject project(std::string name) { return {std::move(name), "", "# Rules\n1. Be precise.", "image_bbox"}; }

  ManualClock clock_{1'795'888'680LL * kMicrosPerSecond};
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<OrganisationService> orgs_;
  std::unique_ptr<ProjectService> projects_;
  Principal alice_, bob_, wendy_, admin_, auditor_;
  Organisation org_;
};

TEST_P(TenancyTest, CreatorOwnsTheOrganisation) {
  EXPECT_EQ(org_.my_role, "owner");
  EXPECT_EQ(orgs_->get(alice_, org_.id).name, "Alice Lab");
  EXPECT_EQ(orgs_->list(alice_, {}).items.size(), 1u);
}

TEST_P(TenancyTest, OnlyRequestersAndAdminsCreateOrganisations) {
  EXPECT_EQ(kind_of([&] { orgs_->create(wendy_, "Sneaky", "sneaky"); }), ErrorKind::forbidden);
  EXPECT_NO_THROW(orgs_->create(admin_, "Platform", "platform"));
  EXPECT_EQ(kind_of([&] { orgs_->create(bob_, "Dup", "alice-lab"); }), ErrorKind::conflict);
  EXPECT_EQ(kind_of([&] { orgs_->create(bob_, "Bad", "Not A Slug"); }), ErrorKind::invalid_input);
}

TEST_P(TenancyTest, OutsidersSeeNothingAndLearnNothing) {
  auto p = projects_->create(alice_, org_.id, project("Cars"));
  for (const Principal* outsider : {&bob_, &wendy_}) {
    EXPECT_EQ(kind_of([&] { orgs_->get(*outsider, org_.id); }), ErrorKind::not_found);
    EXPECT_EQ(kind_of([&] { projects_->get(*outsider, p.id); }), ErrorKind::not_found);
    EXPECT_EQ(kind_of([&] { projects_->list(*outsider, org_.id, {}); }), ErrorKind::not_found);
    // Even an invalid body reveals nothing to a non-member.
    EXPECT_EQ(kind_of([&] { projects_->create(*outsider, org_.id, {"", "", "", "nope"}); }), ErrorKind::not_found);
    EXPECT_EQ(kind_of([&] { projects_->update(*outsider, p.id, {std::string("Mine")}); }), ErrorKind::not_found);
    EXPECT_TRUE(orgs_->list(*outsider, {}).items.empty());
  }
  // A missing project and a foreign one look the same.
  EXPECT_EQ(kind_of([&] { projects_->get(bob_, 987654); }), ErrorKind::not_found);
}

TEST_P(TenancyTest, AdminsChangeAndAuditorsOnlyRead) {
  auto p = projects_->create(alice_, org_.id, project("Cars"));
  EXPECT_NO_THROW(projects_->get(auditor_, p.id));
  EXPECT_EQ(orgs_->list(auditor_, {}).items.size(), 1u);
  EXPECT_EQ(kind_of([&] { orgs_->rename(auditor_, org_.id, "Audited"); }), ErrorKind::not_found);
  EXPECT_EQ(orgs_->rename(admin_, org_.id, "Renamed by admin").name, "Renamed by admin");
}

TEST_P(TenancyTest, MembersReadAndCreateButOnlyOwnersManage) {
  orgs_->add_member(alice_, org_.id, bob_.user_id, "member");
  EXPECT_EQ(orgs_->get(bob_, org_.id).my_role, "member");
  EXPECT_NO_THROW(projects_->create(bob_, org_.id, project("Bob's")));
  EXPECT_EQ(kind_of([&] { orgs_->rename(bob_, org_.id, "Bob Lab"); }), ErrorKind::forbidden);
  EXPECT_EQ(kind_of([&] { orgs_->add_member(bob_, org_.id, alice_.user_id, "member"); }), ErrorKind::forbidden);
  // Workers cannot join a requester organisation.
  EXPECT_EQ(kind_of([&] { orgs_->add_member(alice_, org_.id, wendy_.user_id, "member"); }),
            ErrorKind::invalid_input);
}

TEST_P(TenancyTest, ProjectListPagesByCursor) {
  for (int i = 0; i < 5; ++i) projects_->create(alice_, org_.id, project("P" + std::to_string(i)));
  std::vector<std::string> names;
  PageRequest page{2, 0};
  int pages = 0;
  while (true) {
    auto result = projects_->list(alice_, org_.id, page);
    ++pages;
    for (const auto& p : result.items) names.push_back(p.name);
    if (!result.next_cursor) break;
    page = parse_page_request(std::to_string(page.limit), result.next_cursor);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names, (std::vector<std::string>{"P0", "P1", "P2", "P3", "P4"}));
}

TEST_P(TenancyTest, UpdatesAreOptimisticAndCannotActivate) {
  auto p = projects_->create(alice_, org_.id, project("Cars"));
  EXPECT_EQ(p.status, "draft");
  EXPECT_EQ(p.version, 1);
  ProjectUpdate rename;
  rename.name = "Cars and bikes";
  rename.expected_version = 1;
  clock_.advance(kMicrosPerMinute);
  auto updated = projects_->update(alice_, p.id, rename);
  EXPECT_EQ(updated.version, 2);
  EXPECT_EQ(updated.updated_at, p.created_at + kMicrosPerMinute);
  EXPECT_EQ(kind_of([&] { projects_->update(alice_, p.id, rename); }), ErrorKind::conflict);  // stale version

  ProjectUpdate activate;
  activate.status = "active";
  EXPECT_EQ(kind_of([&] { projects_->update(alice_, p.id, activate); }), ErrorKind::invalid_input);
  EXPECT_EQ(projects_->get(alice_, p.id).status, "draft");
}

TEST_P(TenancyTest, ProjectValidation) {
  try {
    projects_->create(alice_, org_.id, {"", "", "", "audio_transcription"});
    FAIL();
  } catch (const Error& e) {
    ASSERT_EQ(e.field_errors().size(), 2u);
    EXPECT_EQ(e.field_errors()[0].pointer, "/name");
    EXPECT_EQ(e.field_errors()[1].pointer, "/task_type");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, TenancyTest, ::testing::ValuesIn(testing::test_backends()),
                         testing::backend_name);

}  // namespace
}  // namespace fairlabel::orgs
