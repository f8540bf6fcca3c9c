#!/usr/bin/env bash
# `fairlabel export` end to end: a format that fits the project writes the
# file (or folder) and says how many tasks; one that does not fit, an
# unknown project or an existing output path is an error that writes
# nothing. Usage: export_cli_test.sh PATH/TO/fairlabel
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
# The demo's projects: 1 classification, 3 image_bbox (src/app/demo.cc order).
bbox="$(sqlite3 "$work/data/fairlabel.db" "SELECT id FROM projects WHERE task_type = 'image_bbox' LIMIT 1")"
check "jsonl export of a classification project" \
  bash -c "'$bin' export --data '$work/data' --project 1 --format jsonl --provenance --out '$work/c.jsonl' | grep -q 'exported'"
check "the jsonl file exists" test -f "$work/c.jsonl"
check "label-studio export" \
  bash -c "'$bin' export --data '$work/data' --project 1 --format label-studio --out '$work/ls.json' && python3 -c 'import json,sys; assert isinstance(json.load(open(sys.argv[1])), list)' '$work/ls.json'"
check "coco export of the boxes project is valid JSON" \
  bash -c "'$bin' export --data '$work/data' --project $bbox --format coco --out '$work/coco.json' && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"categories\"]' '$work/coco.json'"
check "yolo export writes a folder with data.yaml" \
  bash -c "'$bin' export --data '$work/data' --project $bbox --format yolo --out '$work/yolo' && test -f '$work/yolo/data.yaml'"
check "a format that does not fit is refused" \
  bash -c "! '$bin' export --data '$work/data' --project 1 --format coco --out '$work/no.json' 2>/dev/null"
check "and writes nothing" bash -c "test ! -e '$work/no.json' && test ! -e '$work/no.json.partial'"
check "an existing output is refused" \
  bash -c "! '$bin' export --data '$work/data' --project 1 --format jsonl --out '$work/c.jsonl' 2>/dev/null"
check "an unknown project is an error" \
  bash -c "! '$bin' export --data '$work/data' --project 999 --format jsonl --out '$work/x.jsonl' 2>/dev/null"
echo "export e2e: $passed passed, $failed failed"
((failed == 0))
