#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang, ASan + UBSan, in
# build-sanitize/ by scripts/sanitize-build.sh)
# and runs each for a bounded time, starting from its checked-in seed corpus
# fuzz/corpus/<target>/ (and its dictionary fuzz/dictionaries/<name>.dict).
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default 20; targets run one after the other (one
#                       process each: the machine is shared)
#   TARGET              e.g. fuzz_import_csv; default: every target
#
# Prints one line per target: executions, new corpus inputs, findings.
# Exits non-zero if any target found something; each finding (the input
# that crashed, leaked, timed out or broke an invariant) is left in
# build-sanitize/findings/ with the target's log; reproduce it with
#   build-sanitize/fuzz/<target> build-sanitize/findings/<file>
# Inputs the fuzzer found interesting are kept in build-sanitize/corpus/<target>/
# (not checked in; copy the useful ones to fuzz/corpus/<target>/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
build_dir=build-sanitize
all_targets=(fuzz_task_documents fuzz_json_body fuzz_settings_document fuzz_money_amount
             fuzz_import_jsonl fuzz_import_csv fuzz_answers_csv fuzz_http_request)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")

build_start=$SECONDS
scripts/sanitize-build.sh "${targets[@]}"
echo "fuzz: targets built in $((SECONDS - build_start)) s; fuzzing each for $seconds s"

mkdir -p "$build_dir/findings"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
summary=()
failed=0
for target in "${targets[@]}"; do
  corpus="$build_dir/corpus/$target"
  seeds="fuzz/corpus/$target"
  log="$build_dir/findings/$target.log"
  mkdir -p "$corpus"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$build_dir/findings/$target-")
  dictionary="fuzz/dictionaries/${target#fuzz_}.dict"
  [[ -f "$dictionary" ]] && args+=(-dict="$dictionary")
  before=$(find "$build_dir/findings" -name "$target-*" | wc -l)
  corpus_before=$(find "$corpus" -type f | wc -l)
  status=0
  "$build_dir/fuzz/$target" "${args[@]}" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  found=$(( $(find "$build_dir/findings" -name "$target-*" | wc -l) - before ))
  new_inputs=$(( $(find "$corpus" -type f | wc -l) - corpus_before ))
  if ((status != 0 || found > 0)); then
    failed=1
    line="$target: ${executions:-?} executions, FOUND $found finding(s) (exit $status); log: $log"
    grep -m 3 -E "ERROR: |fuzz finding:|runtime error:|terminate called" "$log" | sed 's/^/    /' >&2 || true
  else
    line="$target: ${executions:-?} executions, $new_inputs new corpus inputs, no findings"
    rm -f "$log"
  fi
  echo "$line"
  summary+=("$line")
done

echo "== fuzz summary ($seconds s per target)"
printf '%s\n' "${summary[@]}"
if ((failed)); then
  echo "FUZZING FOUND PROBLEMS: inputs in $build_dir/findings/" >&2
  exit 1
fi
