#!/usr/bin/env bash
# Benchmark: requests/s of a trivial authenticated GET (/api/v1/me: bearer
# token lookup + user load from the database) next to the hello-world route
# (/api/v1/hello) of the same server, measured in the same run with wrk on
# loopback. Rounds alternate between the two routes so that machine noise
# hits both alike; the medians and their ratio are printed.
#
# Usage: bench/http_auth_get.sh [BUILD_DIR] [--db URL]
# Env:   ROUNDS (default 5), DURATION (default 10s), CONNECTIONS (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
shift || true
rounds="${ROUNDS:-5}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$build_dir/fairlabel" serve --listen 127.0.0.1:0 --data "$work/data" "$@" >"$work/server.log" 2>/dev/null &
server_pid=$!
port=""
for _ in $(seq 1 200); do
  port="$(sed -n -E 's/.*serving on http:\/\/127\.0\.0\.1:([0-9]+).*/\1/p' "$work/server.log" | head -n 1)"
  [[ -n "$port" ]] && break
  sleep 0.05
done
[[ -n "$port" ]] || { echo "server did not start"; exit 1; }
base="http://127.0.0.1:$port"
curl -sf -X POST -H 'Content-Type: application/json' "$base/api/v1/auth/signup" \
  -d '{"email":"bench@example.org","password":"bench password 1","display_name":"Bench","roles":["worker"],"country":"PH"}' >/dev/null
token="$(curl -sf -X POST -H 'Content-Type: application/json' "$base/api/v1/auth/login" \
  -d '{"email":"bench@example.org","password":"bench password 1"}' | sed -n -E 's/.*"token":"([^"]*)".*/\1/p')"

run_wrk() {  # run_wrk PATH [HEADER] -> requests/s
  local args=(-t2 "-c$connections" "-d$duration" --latency)
  [[ -n "${2:-}" ]] && args+=(-H "$2")
  wrk "${args[@]}" "$base$1" | tee -a "$work/wrk.log" | awk '/Requests\/sec/ {print $2}'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

hello=() auth=()
for r in $(seq 1 "$rounds"); do
  hello+=("$(run_wrk /api/v1/hello)")
  auth+=("$(run_wrk /api/v1/me "Authorization: Bearer $token")")
  echo "round $r: hello ${hello[-1]} req/s, authenticated GET ${auth[-1]} req/s"
done
non2xx="$(grep -c 'Non-2xx' "$work/wrk.log" || true)"
hello_median="$(printf '%s\n' "${hello[@]}" | median)"
auth_median="$(printf '%s\n' "${auth[@]}" | median)"
echo "median hello-world GET:     $hello_median req/s"
echo "median authenticated GET:   $auth_median req/s"
echo "ratio authenticated/hello:  $(awk -v a="$auth_median" -v h="$hello_median" 'BEGIN {printf "%.2f", a/h}')"
echo "runs with non-2xx responses: $non2xx"
grep -A4 'Latency Distribution' "$work/wrk.log" | tail -n 5 | sed 's/^/last run latency: /'
