// Ledger throughput: transfers per second posted durably, on SQLite
// (WAL, synchronous=FULL) and PostgreSQL (fsync on, synchronous_commit on),
// batched (many transfers per transaction) and unbatched (one transaction
// each), in one run. Each figure is the median of several timed rounds on a
// fresh database. Prints a Markdown table; see BENCHMARKS.md "## Ledger".
//
//   build/bench/ledger_bench [--rounds N] [--batched N] [--batch-sizes N,M] [--unbatched N]
//                            [--backends sqlite,postgres] [--sqlite-cache-mib N] [--sqlite-pragma TEXT]
//
// --sqlite-cache-mib sets PRAGMA cache_size on the bench's connection, to
// compare page-cache sizes with the store's default (64 MiB);
// --sqlite-pragma runs "PRAGMA TEXT" on it (repeatable), to measure a
// setting before changing the store.
//
// PostgreSQL needs FAIRLABEL_TEST_POSTGRES_URL (scripts/postgres-test-server.sh).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "money/ledger.h"
#include "store/migrations.h"
#include "support/test_databases.h"

namespace {

using namespace fairlabel;
using money::Ledger;

struct Options {
  int rounds = 5;
  int batched = 50'000;                         // transfers per batched round
  std::vector<int> batch_sizes{1'000, 10'000};  // transfers per transaction when batched
  int unbatched = 2'000;                        // transfers per unbatched round
  std::vector<std::string> backends{"sqlite", "postgres"};
  int sqlite_cache_mib = 0;  // 0: the store's default page cache
  std::vector<std::string> sqlite_pragmas;
};

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

struct Accounts {
  std::vector<std::int64_t> escrows;
  std::vector<std::int64_t> payables;
};

enum class Mode { unbatched, batched_post, batched_post_batch };
const char* name(Mode m) {
  switch (m) {
    case Mode::unbatched: return "unbatched: post(), one transaction each";
    case Mode::batched_post: return "batched: post() per transfer";
    case Mode::batched_post_batch: return "batched: post_batch()";
  }
  return "";
}

// Posts `count` transfers, `per_tx` per transaction; returns transfers/s.
// Keys, amounts and accounts vary like real pay: 100 projects, 1000 workers.
struct Rate {
  double wall;  // transfers per second of elapsed time
  double cpu;   // transfers per second of this process's CPU time
};

Rate run(store::Database& db, const Ledger& ledger, const Accounts& a, int count, int per_tx, Mode mode,
         std::int64_t& next_key) {
  double cpu_started = cpu_seconds();
  const auto usd = money::Currency::of("USD");
  auto started = std::chrono::steady_clock::now();
  for (int done = 0; done < count; done += per_tx) {
    int n = std::min(per_tx, count - done);
    std::vector<money::TransferRequest> requests;
    requests.reserve(n);
    for (int i = 0; i < n; ++i) {
      std::int64_t k = next_key + i;
      requests.push_back({"accept:" + std::to_string(k) + ":pay", a.escrows[k % a.escrows.size()],
                          a.payables[(k * 7919) % a.payables.size()], 1 + k % 500, usd, "piece_rate",
                          money::Cause{"assignment", k}, "{}"});
    }
    store::transact(db, store::TxMode::write, [&](store::Connection& c) {
      if (mode == Mode::batched_post_batch) {
        ledger.post_batch(c, requests);
      } else {
        for (const auto& r : requests) ledger.post(c, r);
      }
    });
    next_key += n;
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  return {count / elapsed.count(), count / (cpu_seconds() - cpu_started)};
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--rounds")
      o.rounds = std::atoi(argv[i + 1]);
    else if (flag == "--batched")
      o.batched = std::atoi(argv[i + 1]);
    else if (flag == "--batch-sizes") {
      o.batch_sizes.clear();
      std::stringstream list(argv[i + 1]);
      for (std::string b; std::getline(list, b, ',');) o.batch_sizes.push_back(std::atoi(b.c_str()));
    } else if (flag == "--unbatched")
      o.unbatched = std::atoi(argv[i + 1]);
    else if (flag == "--sqlite-cache-mib")
      o.sqlite_cache_mib = std::atoi(argv[i + 1]);
    else if (flag == "--sqlite-pragma")
      o.sqlite_pragmas.push_back(argv[i + 1]);
    else if (flag == "--backends") {
      o.backends.clear();
      std::stringstream list(argv[i + 1]);
      for (std::string b; std::getline(list, b, ',');) o.backends.push_back(b);
    } else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  SystemClock clock;
  Ledger ledger(clock);
  std::cout << "| backend | mode | transfers per transaction | transfers per round | rounds | median transfers/s | per "
               "CPU-second (client process) | min | max |\n"
               "|---|---|---|---|---|---|---|---|---|\n";
  std::vector<std::pair<Mode, int>> plan;
  for (int size : o.batch_sizes) {
    plan.emplace_back(Mode::batched_post_batch, size);
    plan.emplace_back(Mode::batched_post, size);
  }
  plan.emplace_back(Mode::unbatched, 1);
  for (const auto& backend : o.backends) {
    for (auto [mode, per_tx] : plan) {
      // A fresh database per line, so no line pays for the rows of another.
      auto database = fairlabel::testing::TestDatabase::create(backend, 1);
      store::migrate(database.db(), clock);
      if (backend == "sqlite" && o.sqlite_cache_mib > 0) {
        auto lease = database.db().acquire();
        lease->execute_script("PRAGMA cache_size = -" + std::to_string(o.sqlite_cache_mib * 1024));
      }
      if (backend == "sqlite") {
        auto lease = database.db().acquire();
        for (const auto& pragma : o.sqlite_pragmas) lease->execute_script("PRAGMA " + pragma);
      }
      Accounts a;
      const auto usd = money::Currency::of("USD");
      store::transact(database.db(), store::TxMode::write, [&](store::Connection& c) {
        std::int64_t source = ledger.ensure_account(c, {money::OwnerKind::org, 1, money::Purpose::funding_source, usd});
        for (int p = 1; p <= 100; ++p) {
          std::int64_t escrow = ledger.ensure_account(c, {money::OwnerKind::project, p, money::Purpose::escrow, usd});
          ledger.post(c, {"fund:" + std::to_string(p), source, escrow, 1'000'000'000'000, usd, "deposit",
                          money::Cause{"deposit", p}, "{}"});
          a.escrows.push_back(escrow);
        }
        for (int w = 1; w <= 1000; ++w) {
          a.payables.push_back(ledger.ensure_account(c, {money::OwnerKind::worker, w, money::Purpose::payable, usd}));
        }
      });
      std::int64_t next_key = 0;
      run(database.db(), ledger, a, 2'000, std::min(per_tx, 1'000), mode, next_key);  // warm-up
      std::vector<double> rates, cpu_rates;
      int count = mode == Mode::unbatched ? o.unbatched : o.batched;
      for (int r = 0; r < o.rounds; ++r) {
        Rate rate = run(database.db(), ledger, a, count, per_tx, mode, next_key);
        rates.push_back(rate.wall);
        cpu_rates.push_back(rate.cpu);
      }
      auto violations =
          store::transact(database.db(), store::TxMode::read, [](store::Connection& c) { return Ledger::verify(c); });
      if (!violations.empty()) {
        std::cerr << "ledger verify failed after the " << backend << " " << name(mode) << " run\n";
        return 1;
      }
      std::printf("| %s | %s | %d | %d | %d | %.0f | %.0f | %.0f | %.0f |\n", backend.c_str(), name(mode), per_tx,
                  count, o.rounds, median(rates), median(cpu_rates), *std::min_element(rates.begin(), rates.end()),
                  *std::max_element(rates.begin(), rates.end()));
      std::fflush(stdout);
    }
  }
  std::printf("\nEvery line ran on a fresh database and ended with ledger verify clean.\n");
  return 0;
}
