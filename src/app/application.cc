#include "app/application.h"

#include <cstring>

#include <spdlog/spdlog.h>

#include "app/pay_bridge.h"
#include "app/payout_recipients.h"
#include "app/protection_bridge.h"
#include "app/state_metrics.h"
#include "core/random.h"
#include "store/migrations.h"
#include "webhooks/events.h"

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

Application::~Application() {
  if (!scratch_media_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(scratch_media_, ignored);
  }
  if (batcher_) {
    database_->set_write_batcher(nullptr);
    batcher_.reset();
  }
}

void Application::wire(const AppConfig& config) {
  if (config.migrate) store::migrate(*database_, clock_);
  if (config.group_commit.value_or(database_->dialect() == store::Dialect::sqlite)) {
    batcher_ = std::make_unique<store::WriteBatcher>(*database_);
    database_->set_write_batcher(batcher_.get());
  }
  accounts_ =
      std::make_unique<accounts::AccountsService>(*database_, clock_, config.password_cost, config.session_policy);
  organisations_ = std::make_unique<orgs::OrganisationService>(*database_, clock_);
  projects_ = std::make_unique<orgs::ProjectService>(*database_, clock_);
  std::uint64_t seed = 0;
  auto bytes = secure_random_bytes(sizeof seed);
  std::memcpy(&seed, bytes.data(), sizeof seed);
  work_ = std::make_unique<work::WorkService>(*database_, clock_, config.work_seed.value_or(seed));
  ledger_ = std::make_unique<money::Ledger>(clock_);
  money::PaySettings pay_settings;
  pay_settings.exchange_rates = reference_exchange_rates();
  pay_ = std::make_unique<money::PayService>(*ledger_, clock_, pay_settings);
  connect_pay(*work_, *pay_);
  audit_ = std::make_unique<audit::AuditLog>(clock_);
  disputes_ = std::make_unique<protection::DisputeService>(*database_, clock_, *ledger_, *audit_);
  sanctions_ = std::make_unique<protection::SanctionService>(*database_, clock_, *audit_);
  terms_ = std::make_unique<protection::TermsService>(*database_, clock_, *audit_);
  announcements_ = std::make_unique<protection::AnnouncementService>(*database_, clock_, *audit_);
  connect_protection(*work_, *audit_, clock_);
  webhooks_ = std::make_unique<webhooks::WebhookService>(*database_, clock_, config.webhooks);
  webhooks_in_deadline_run_ = config.webhooks_in_deadline_run;
  // A completed task's webhook events commit with its result (the outbox).
  work_->set_task_completion_hook([](store::Connection& c, const work::CompletedTask& t) {
    webhooks::task_completed(c, t.project_id, t.task_id, t.result, t.confidence_ppm, t.completed_at);
  });
  payouts_ = std::make_unique<money::PayoutService>(*ledger_, clock_);
  if (config.payout_schedule) {
    scheduled_payouts_ =
        std::make_unique<money::ScheduledPayouts>(*payouts_, *config.payout_schedule, recipient_from_profile);
  }
  auto media_root = config.data_dir / "media";
  if (config.data_dir.empty()) {
    // Tests run without a data folder: media go to a private temporary one.
    scratch_media_ = std::filesystem::temp_directory_path() / ("fairlabel-media-" + hex_encode(secure_random_bytes(8)));
    media_root = scratch_media_;
  }
  media_ = std::make_unique<media::MediaStore>(media_root);
  api_ = std::make_unique<api::Api>(api::Services{*database_, clock_, *accounts_, *organisations_, *projects_, *work_,
                                                  *media_, metrics_, *pay_, config.sandbox_funding, *audit_, *disputes_,
                                                  *sanctions_, *terms_, *announcements_, *webhooks_});
  register_state_metrics(metrics_, *database_);
}

work::DeadlineReport Application::run_deadlines() {
  auto report = work_->run_deadlines();
  // Disputes first: one undecided by its deadline is decided for the worker
  // and posts its hold now, even when the hold's own release date is later.
  disputes_->run_deadlines();
  sanctions_->run_deadlines();
  // Holds whose release date passed post now: silence pays the worker.
  store::transact(*database_, store::TxMode::write,
                  [&](store::Connection& c) { ledger_->release_due_holds(c, clock_.now()); });
  if (scheduled_payouts_) {
    for (const auto& run : scheduled_payouts_->run_due(*database_, clock_.now())) {
      const auto& batch = run.batch;
      spdlog::info("scheduled payout {} {} for the period from {}: {} item(s){}, {} deferred",
                   money::to_string(run.payout.provider), run.payout.currency.code(), format_rfc3339(run.period_start),
                   batch.items.size(),
                   batch.id != 0 ? " in batch " + std::to_string(batch.id) + " (" + batch.sender_batch_id + ")" : "",
                   batch.deferred.size());
    }
  }
  // The webhook delivery log keeps 30 days; forgetting older finished
  // deliveries is a scan, so it runs about once an hour, not every tick.
  if (clock_.now() - last_webhook_purge_ >= kMicrosPerHour) {
    last_webhook_purge_ = clock_.now();
    if (int purged = webhooks_->purge_finished(); purged > 0)
      spdlog::info("webhooks: forgot {} finished deliveries older than 30 days", purged);
  }
  // Last: sending may wait on receivers (up to the policy's timeout each).
  if (webhooks_in_deadline_run_) deliver_webhooks();
  return report;
}

webhooks::DeliveryRun Application::deliver_webhooks() {
  auto sent = webhooks_->deliver_due();
  if (sent.failed > 0 || sent.reclaimed > 0) {
    spdlog::info("webhooks: {} delivered, {} to retry, {} failed for good, {} taken back from a stopped sender",
                 sent.delivered, sent.retrying, sent.failed, sent.reclaimed);
  }
  return sent;
}

}  // namespace fairlabel::app
