#!/usr/bin/env bash
# `fairlabel import` end to end: a good manifest imports every row; a bad
# one imports nothing and names each bad row with its line; a video file
# becomes one video_track task. Usage: import_cli_test.sh PATH/TO/fairlabel
set -euo pipefail
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
"$bin" demo seed --data "$work/data" >/dev/null
# Project 1 of the demo is the classification project (labels from its schema).
label="$(sqlite3 "$work/data/fairlabel.db" "SELECT json_extract(label_schema, '\$.labels[0].name') FROM project_settings WHERE project_id = 1")"
before="$(sqlite3 "$work/data/fairlabel.db" "SELECT COUNT(*) FROM tasks WHERE project_id = 1")"
printf '{"text":"first new item"}\n{"text":"second new item"}\n' >"$work/good.jsonl"
check "good manifest imports" bash -c "'$bin' import --data '$work/data' --project 1 '$work/good.jsonl' | grep -q 'imported 2 task'"
printf '{"text":"fine"}\n{"txt":"typo"}\n{"text":""}\n' >"$work/bad.jsonl"
set +e
out="$("$bin" import --data "$work/data" --project 1 "$work/bad.jsonl" 2>&1)"
code=$?
set -e
check "bad manifest exits 1" test "$code" -eq 1
check "bad manifest names line 2" grep -q "line 2" <<<"$out"
check "bad manifest names line 3" grep -q "line 3" <<<"$out"
after="$(sqlite3 "$work/data/fairlabel.db" "SELECT COUNT(*) FROM tasks WHERE project_id = 1")"
check "nothing half-written" test "$after" -eq $((before + 2))
check "unknown project is an error" bash -c "! '$bin' import --data '$work/data' --project 999 '$work/good.jsonl' 2>/dev/null"
echo "label used by the demo schema: $label"
echo "import e2e: $passed passed, $failed failed"
((failed == 0))
