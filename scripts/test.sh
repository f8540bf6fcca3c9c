#!/usr/bin/env bash
# README command 2: build fairlabel and run every test — unit, storage suite
# on SQLite and on a live PostgreSQL 15, integration over real HTTP on
# loopback, and end-to-end tests of the real binary; then the unit and
# integration suites again, built by clang with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-sanitize/, scripts/sanitize-build.sh),
# which must report nothing; then a short bounded run of every fuzz target
# from that same build (scripts/fuzz.sh); then the web UI's
# unit tests (Vitest) and browser tests (playwright-core driving Debian's
# Chromium against the real binary). Every suite runs; the script fails if
# any failed.
#
# PostgreSQL: a private server is started on its own port and data folder
# under the build directory, and stopped when this script exits, whatever
# happens. Set FAIRLABEL_TEST_POSTGRES_URL to use an existing server instead.
#
# --long: the long variants — 200 simulation seeds, 100 kills per backend,
# the 1,000-worker load run on both backends (CI runs the bounded ones).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
long=0
for arg in "$@"; do
  case "$arg" in
    --long) long=1 ;;
    *) echo "usage: scripts/test.sh [--long]" >&2; exit 2 ;;
  esac
done
if ((long)); then
  export FAIRLABEL_SIM_SEEDS=200 FAIRLABEL_KILL_ROUNDS=100
fi
# Each stage's wall time, printed at the end: where CI's minutes go.
stage_times=()
stage_name="install and release build"
stage_start=$SECONDS
stage() {
  stage_times+=("$(printf '%5d s  %s' $((SECONDS - stage_start)) "$stage_name")")
  stage_name="$1"
  stage_start=$SECONDS
  [[ "$1" == done ]] || echo "== $1"
}

scripts/install-deps.sh --browser --fuzz
scripts/build.sh build

if [[ -z "${FAIRLABEL_TEST_POSTGRES_URL:-}" ]]; then
  pg_dir="$root/build/test-postgres"
  pg_port="${FAIRLABEL_TEST_POSTGRES_PORT:-55432}"
  trap 'scripts/postgres-test-server.sh stop "$pg_dir" >/dev/null 2>&1 || true' EXIT
  FAIRLABEL_TEST_POSTGRES_URL="$(scripts/postgres-test-server.sh start "$pg_dir" "$pg_port" | tail -n 1)"
  export FAIRLABEL_TEST_POSTGRES_URL
fi
echo "storage suite backends: SQLite and PostgreSQL at ${FAIRLABEL_TEST_POSTGRES_URL%%\?*}"

status=0
stage "unit, storage, integration and end-to-end tests (build)"
(cd build && ctest --output-on-failure -j "$(nproc)" --timeout 300) || status=1

if ((long)); then
  stage "load: 1,000 workers and 50 reviewers for 30 s on each backend"
  FAIRLABEL_BINARY="$root/build/fairlabel" build/bench/load_generator --seconds 30 || status=1
  load_db="loadtest_$$"
  psql "$FAIRLABEL_TEST_POSTGRES_URL" -qc "CREATE DATABASE $load_db" &&
    FAIRLABEL_BINARY="$root/build/fairlabel" build/bench/load_generator --seconds 30 --db "${FAIRLABEL_TEST_POSTGRES_URL%/*}/$load_db" || status=1
  psql "$FAIRLABEL_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $load_db" || true
fi

stage "unit and integration tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang, build-sanitize)"
# A failed build fails the run but does not stop it: the stages after still
# report what they find.
if scripts/sanitize-build.sh; then
  (cd build-sanitize && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "$(nproc)" --timeout 600 -E '^(e2e|load)\.|^fl_e2e_tests_NOT_BUILT$') || status=1
else
  echo "the sanitizer build failed" >&2
  status=1
fi

# Fuzzing, bounded: every libFuzzer target of fuzz/ for a few seconds, from
# the same build-sanitize/ (see scripts/fuzz.sh). Longer runs:
# FAIRLABEL_FUZZ_SECONDS=300 scripts/test.sh, or scripts/fuzz.sh 300.
stage "fuzzing (${FAIRLABEL_FUZZ_SECONDS:-10} s per target)"
scripts/fuzz.sh "${FAIRLABEL_FUZZ_SECONDS:-10}" || status=1

stage "web unit tests (Vitest)"
(cd web && npx vitest run) || status=1
stage "browser tests (Chromium via playwright-core; screenshots in build/e2e-artifacts)"
(cd web && node e2e/app.e2e.mjs) || status=1
(cd web && node e2e/worker.e2e.mjs) || status=1
(cd web && node e2e/pages.e2e.mjs) || status=1
(cd web && node e2e/protection.e2e.mjs) || status=1
(cd web && node e2e/terms.e2e.mjs) || status=1
(cd web && node e2e/keyboard.e2e.mjs) || status=1
(cd web && node e2e/webhooks.e2e.mjs) || status=1

stage "done"
printf '%s\n' "${stage_times[@]}"
if ((status)); then echo "SOME TESTS FAILED" >&2; fi
exit "$status"
