// `fairlabel report --from YYYY-MM-DD --to YYYY-MM-DD`: the transparency
// report (report/transparency_report.h) as JSON on stdout, computed from the
// data; `--regulator-export FILE` also writes the regional aggregate CSV
// (no group under 10 workers).
#include <fstream>
#include <iostream>
#include <memory>

#include "app/pay_bridge.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/protection_database.h"
#include "core/error.h"
#include "money/ledger.h"
#include "money/pay_service.h"
#include "report/period.h"
#include "report/transparency_report.h"

namespace fairlabel::cli {

void add_report_command(CLI::App& root) {
  struct ReportOptions {
    DatabaseOptions database;
    std::string from, to;
    std::string regulator_export;
  };
  auto o = std::make_shared<ReportOptions>();
  CLI::App* report = root.add_subcommand(
      "report", "The transparency report for a period (JSON on stdout), against the five Fairwork principles");
  o->database.add_to(*report);
  report->add_option("--from", o->from, "First day of the period, YYYY-MM-DD (UTC)")->required();
  report->add_option("--to", o->to, "Day after the period, YYYY-MM-DD (exclusive)")->required();
  report->add_option("--regulator-export", o->regulator_export,
                     "Also write earnings and hours by region as CSV to this file");
  report->callback([o] {
    auto from = report::parse_day(o->from);
    auto to = report::parse_day(o->to);
    if (!from)
      throw fairlabel::Error::invalid("invalid_from", "--from: expected a date as YYYY-MM-DD, got '" + o->from + "'");
    if (!to) throw fairlabel::Error::invalid("invalid_to", "--to: expected a date as YYYY-MM-DD, got '" + o->to + "'");
    if (*to <= *from) throw fairlabel::Error::invalid("invalid_period", "--to must be after --from");
    auto db = open_protection_database(o->database);
    SystemClock clock;
    money::Ledger ledger(clock);
    money::PaySettings settings;
    settings.exchange_rates = app::reference_exchange_rates();
    money::PayService pay(ledger, clock, settings);
    // The regulator export is one more step after the report's sections.
    auto progress = Progress::on_stderr("report", report::kReportSteps + 1, "steps");
    auto [rep, regional] = store::transact(*db, store::TxMode::read, [&](store::Connection& c) {
      auto built = report::build_report(c, pay, *from, *to, [&](int done) { progress.update(done); });
      auto rows = report::regulator_export(c, *from, *to);
      progress.update(report::kReportSteps + 1);
      return std::make_pair(std::move(built), std::move(rows));
    });
    progress.finish();
    if (!o->regulator_export.empty()) {
      std::ofstream out(o->regulator_export, std::ios::binary | std::ios::trunc);
      out << report::regulator_export_csv(regional);
      out.close();
      if (!out) throw fairlabel::Error(ErrorKind::internal, "write_failed", "could not write " + o->regulator_export);
    }
    std::cout << report::report_json(rep).dump(2) << "\n";
  });
}

}  // namespace fairlabel::cli
