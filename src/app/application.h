#pragma once
//! The application: one object that owns the database, the domain services
//! and the API, wired together. `fairlabel serve`, the other CLI commands
//! and the integration tests all build one of these, so they run exactly the
//! same code.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "accounts/accounts_service.h"
#include "api/api.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "http/metrics.h"
#include "media/media_store.h"
#include "money/ledger.h"
#include "money/pay_service.h"
#include "money/payout_schedule.h"
#include "money/payouts.h"
#include "orgs/organisations.h"
#include "orgs/projects.h"
#include "protection/announcements.h"
#include "protection/disputes.h"
#include "protection/sanctions.h"
#include "protection/terms.h"
#include "store/database.h"
#include "store/write_batcher.h"
#include "webhooks/webhooks.h"
#include "work/work_service.h"

namespace fairlabel::app {

struct AppConfig {
  //! "sqlite:…" or "postgresql://…"; see store::open_database.
  std::string database_url;
  //! Where media and other files live (the SQLite file too, by default).
  std::filesystem::path data_dir;
  int database_pool_size = 8;
  //! Apply pending migrations when opening (the embedded default does).
  bool migrate = true;
  accounts::PasswordCost password_cost = accounts::PasswordCost::owasp_minimum();
  accounts::SessionPolicy session_policy;
  //! Group commit for write transactions (store/write_batcher.h): many
  //! requests share one durable commit. Off: one commit per request.
  //! Unset: on for SQLite, whose writers are serialised anyway and whose
  //! every commit is an fsync; off for PostgreSQL, whose connections commit
  //! concurrently and whose WAL writer already flushes concurrent commits
  //! together — funnelling them through one connection would serialise
  //! every statement's round trip.
  std::optional<bool> group_commit;
  //! Lets requesters fund their own projects' escrow (demo / sandbox).
  bool sandbox_funding = false;
  //! Seeds the gold-task draw; random unless a test fixes it.
  std::optional<std::uint64_t> work_seed;
  //! Periodic payout batches (money/payout_schedule.h), run from
  //! run_deadlines(); none: payouts are made by hand (`fairlabel ledger payout`).
  std::optional<money::PayoutSchedule> payout_schedule;
  //! Webhooks (webhooks/webhooks.h): whether targets may be private
  //! addresses (`serve --webhooks-allow-private`), the POST deadline, and
  //! how many deliveries one run_deadlines() sends.
  webhooks::WebhookPolicy webhooks;
  //! Whether run_deadlines() also sends due webhook deliveries (tests, one
  //! timer). `serve` sends them from a thread of their own instead, so that
  //! a slow receiver (up to the policy's timeout per delivery) never holds
  //! up lease expiry, review deadlines or hold release.
  bool webhooks_in_deadline_run = true;
};

//! The database URL for the command-line flags: `--db` when given, else the
//! SQLite file DATA_DIR/fairlabel.db.
std::string database_url_from_flags(const std::optional<std::string>& db_flag, const std::filesystem::path& data_dir);

class Application {
 public:
  //! Opens the database (creating data_dir for SQLite) and migrates if told
  //! to. Throws store::StoreError if the database cannot be opened or is at
  //! a newer schema than this binary.
  Application(const AppConfig& config, const Clock& clock);

  //! Runs on a database someone else owns (tests: a fresh database per
  //! test on each backend); `config.database_url` is ignored.
  Application(store::Database& database, const AppConfig& config, const Clock& clock);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  store::Database& database() { return *database_; }
  const Clock& clock() const { return clock_; }
  accounts::AccountsService& accounts() { return *accounts_; }
  orgs::OrganisationService& organisations() { return *organisations_; }
  orgs::ProjectService& projects() { return *projects_; }
  work::WorkService& work() { return *work_; }
  media::MediaStore& media() { return *media_; }
  const money::Ledger& ledger() const { return *ledger_; }
  const money::PayService& pay() const { return *pay_; }
  const audit::AuditLog& audit() const { return *audit_; }
  protection::DisputeService& disputes() { return *disputes_; }
  protection::SanctionService& sanctions() { return *sanctions_; }
  protection::TermsService& terms() { return *terms_; }
  protection::AnnouncementService& announcements() { return *announcements_; }
  webhooks::WebhookService& webhooks() { return *webhooks_; }
  //! Applies what is due at the clock's now (expired leases, review
  //! deadlines, holds whose release date passed, dispute deadlines, lapsing
  //! interim suspensions, the scheduled payout batches of a period that
  //! began, and — unless config.webhooks_in_deadline_run is off — due
  //! webhook deliveries, last and outside any transaction). `serve` runs it
  //! every second; tests after moving the clock.
  work::DeadlineReport run_deadlines();
  //! Sends the webhook deliveries due at the clock's now (network I/O,
  //! outside any transaction); see webhooks::WebhookService::deliver_due.
  webhooks::DeliveryRun deliver_webhooks();
  const money::PayoutService& payouts() const { return *payouts_; }
  http::Metrics& metrics() { return metrics_; }
  api::Api& api() { return *api_; }
  money::PayService& pay() { return *pay_; }

 private:
  void wire(const AppConfig& config);

  const Clock& clock_;
  std::unique_ptr<store::Database> owned_database_;
  store::Database* database_ = nullptr;
  http::Metrics metrics_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<orgs::OrganisationService> organisations_;
  std::unique_ptr<orgs::ProjectService> projects_;
  // Declared after the database: destroyed (drained) before it.
  std::unique_ptr<store::WriteBatcher> batcher_;
  std::unique_ptr<money::Ledger> ledger_;
  std::unique_ptr<money::PayService> pay_;
  std::unique_ptr<money::PayoutService> payouts_;
  std::unique_ptr<money::ScheduledPayouts> scheduled_payouts_;  //!< when config.payout_schedule is set
  std::unique_ptr<work::WorkService> work_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<protection::DisputeService> disputes_;
  std::unique_ptr<protection::SanctionService> sanctions_;
  std::unique_ptr<protection::TermsService> terms_;
  std::unique_ptr<protection::AnnouncementService> announcements_;
  std::unique_ptr<webhooks::WebhookService> webhooks_;
  bool webhooks_in_deadline_run_ = true;
  Timestamp last_webhook_purge_ = 0;  //!< when run_deadlines last purged the webhook log
  std::filesystem::path scratch_media_;  //!< tests without a data dir: removed on destruction
  std::unique_ptr<media::MediaStore> media_;
  std::unique_ptr<api::Api> api_;
};

}  // namespace fairlabel::app
