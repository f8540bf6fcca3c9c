#!/usr/bin/env bash
# End-to-end: the real `fairlabel serve` binary over real HTTP, driven with
# curl as a new user would, on the embedded SQLite default (and on
# PostgreSQL when FAIRLABEL_E2E_DB is a postgresql:// URL).
#
# Covers: sign-up, login, organisation and project as a requester; a worker
# gets 404/403 problem+json on the requester's things; malformed JSON, wrong
# types, missing fields, a 10 MB body, an unknown route, a logged-out and a
# bogus token each get the right 4xx problem+json; nothing is half-written;
# the server keeps serving; SIGTERM stops it cleanly.
#
# Usage: http_smoke_test.sh PATH/TO/fairlabel
set -euo pipefail
binary="$1"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then kill -9 "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
passes=0
check() {  # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then
    passes=$((passes + 1))
  else
    echo "FAIL: $1: expected [$2], got [$3]"
    failures=$((failures + 1))
  fi
}
contains() {  # contains NAME NEEDLE HAYSTACK
  if [[ "$3" == *"$2"* ]]; then
    passes=$((passes + 1))
  else
    echo "FAIL: $1: [$2] not in [${3:0:400}]"
    failures=$((failures + 1))
  fi
}
json_field() {  # json_field NAME JSON -> first string or number value of "NAME"
  sed -n -E "s/.*\"$1\":(\"([^\"]*)\"|([0-9]+)).*/\2\3/p" <<<"$2" | head -n 1
}

db_args=()
if [[ -n "${FAIRLABEL_E2E_DB:-}" ]]; then db_args=(--db "$FAIRLABEL_E2E_DB"); fi
"$binary" serve --listen 127.0.0.1:0 --data "$work/data" "${db_args[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 200); do
  port="$(sed -n -E 's/.*serving on http:\/\/127\.0\.0\.1:([0-9]+).*/\1/p' "$work/server.log" | head -n 1)"
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.05  # waiting for a real process to bind: the one place this test polls
done
[[ -n "$port" ]] || { echo "server did not start"; cat "$work/server.log"; exit 1; }
base="http://127.0.0.1:$port"

# req METHOD PATH [BODY] [TOKEN] -> sets status, body, ctype
req() {
  local args=(-s -o "$work/body" -w '%{http_code} %{content_type}' -X "$1" "$base$2")
  if [[ -n "${3:-}" ]]; then args+=(-H 'Content-Type: application/json' --data-binary "$3"); fi
  if [[ -n "${4:-}" ]]; then args+=(-H "Authorization: Bearer $4"); fi
  local out
  out="$(curl "${args[@]}")"
  status="${out%% *}"
  ctype="${out#* }"
  body="$(cat "$work/body")"
}

req GET /healthz;  check "healthz" 200 "$status"
req GET /readyz;   check "readyz" 200 "$status"

# --- a requester signs up, logs in, creates an organisation and a project ---
req POST /api/v1/auth/signup '{"email":"ana@example.org","password":"correct horse battery","display_name":"Ana","roles":["requester"]}'
check "requester signup" 201 "$status"
req POST /api/v1/auth/login '{"email":"ana@example.org","password":"correct horse battery"}'
check "requester login" 200 "$status"
requester_token="$(json_field token "$body")"
contains "session token shape" "fls_" "$requester_token"
req POST /api/v1/orgs '{"name":"Acme Vision","slug":"acme-vision"}' "$requester_token"
check "create org" 201 "$status"
org_id="$(json_field id "$body")"
req POST "/api/v1/orgs/$org_id/projects" '{"name":"Pedestrians","task_type":"video_track","instructions":"# Rules"}' "$requester_token"
check "create project" 201 "$status"
project_id="$(json_field id "$body")"
req GET "/api/v1/projects/$project_id" "" "$requester_token"
check "requester reads project" 200 "$status"

# --- a worker cannot see or touch the requester's things ---
req POST /api/v1/auth/signup '{"email":"ben@example.org","password":"another long secret","display_name":"Ben","roles":["worker"],"country":"PH","region":"PH-00"}'
check "worker signup" 201 "$status"
req POST /api/v1/auth/login '{"email":"ben@example.org","password":"another long secret"}'
worker_token="$(json_field token "$body")"
req GET "/api/v1/projects/$project_id" "" "$worker_token"
check "worker reads requester project" 404 "$status"
check "worker 404 is problem+json" "application/problem+json" "$ctype"
req GET "/api/v1/orgs/$org_id/projects" "" "$worker_token"
check "worker lists requester projects" 404 "$status"
req POST /api/v1/orgs '{"name":"Sneaky","slug":"sneaky"}' "$worker_token"
check "worker creates org" 403 "$status"
check "worker 403 is problem+json" "application/problem+json" "$ctype"

# --- bad input as a new user would try it ---
req POST /api/v1/auth/signup '{"email": "x@example.org", "password": '
check "malformed JSON" 400 "$status"
contains "malformed JSON code" '"code":"malformed_json"' "$body"
req POST /api/v1/auth/signup '{"email":42,"password":"long enough pw","display_name":"C","roles":["worker"],"country":"KE"}'
check "wrong type" 422 "$status"
contains "wrong type names the field" '"pointer":"/email"' "$body"
req POST /api/v1/auth/signup '{"email":"dee@example.org"}'
check "missing fields" 422 "$status"
contains "missing password named" '"pointer":"/password"' "$body"
req POST /api/v1/auth/login '{"email":"dee@example.org","password":"long enough pw"}'
check "nothing half-written after a refused sign-up" 401 "$status"
head -c 10485760 /dev/zero | tr '\0' 'a' >"$work/big"
big_status="$(curl -s -o "$work/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $requester_token" --data-binary @"$work/big" "$base/api/v1/orgs/$org_id/projects")"
check "10 MB body" 413 "$big_status"
contains "10 MB body code" '"code":"payload_too_large"' "$(cat "$work/body")"
req GET "/api/v1/orgs/$org_id/projects" "" "$requester_token"
check "list after 413" 200 "$status"
check "still exactly one project" 1 "$(grep -o '"task_type"' <<<"$body" | wc -l | tr -d ' ')"
req GET /api/v1/no/such/route
check "unknown route" 404 "$status"
contains "unknown route code" '"code":"route_not_found"' "$body"
req DELETE /api/v1/orgs
check "wrong method" 405 "$status"
req GET /api/v1/me "" "fls_not-a-real-token"
check "bogus token" 401 "$status"
contains "bogus token code" '"code":"invalid_token"' "$body"
req GET /api/v1/me
check "no token" 401 "$status"
req POST /api/v1/auth/logout "" "$worker_token"
check "logout" 204 "$status"
req GET /api/v1/me "" "$worker_token"
check "logged-out token" 401 "$status"
contains "logged-out token code" '"code":"session_expired"' "$body"

# --- still serving, and counting ---
req GET /healthz;  check "healthz after bad input" 200 "$status"
req GET /metrics
contains "metrics per route" 'fairlabel_http_requests_total{method="POST",route="/api/v1/orgs/{org_id}/projects",status="201"} 1' "$body"

# --- SIGTERM drains and exits 0 ---
kill -TERM "$server_pid"
exit_code=0
wait "$server_pid" || exit_code=$?
server_pid=""
check "exit code after SIGTERM" 0 "$exit_code"
contains "access log has request ids" '"request_id"' "$(cat "$work/server.log")"
if grep -q "$requester_token" "$work/server.log"; then
  echo "FAIL: a session token appears in the server log"
  failures=$((failures + 1))
fi

echo "e2e: $passes passed, $failures failed"
[[ $failures -eq 0 ]]
