#!/usr/bin/env bash
# Installs what building, running and testing fairlabel needs, from Debian 12
# packages only. Safe to run again: it installs only what is missing, and
# skips `apt-get update` when nothing is.
#
#   --bench     also wrk (benchmarks)
#   --browser   also Chromium (the browser tests drive Debian's /usr/bin/chromium;
#               no test tool ever downloads a browser)
#   --fuzz      also clang 14 and its libFuzzer/sanitizer runtimes
#               (libclang_rt.fuzzer is in libclang-rt-14-dev), for scripts/fuzz.sh
#
# Node.js and npm (for the web UI) are installed from Debian when missing;
# the web build needs Node.js 20.19 or newer (Vite 8, Vitest 4).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates
  libboost-dev libboost-system-dev libsqlite3-dev libpq-dev libsodium-dev libssl-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15
  ffmpeg sqlite3
  python3  # the COCO export check (src/formats/check_coco.py) reads it with Python's json
)
for flag in "$@"; do
  case "$flag" in
    --bench) packages+=(wrk) ;;
    --browser) packages+=(chromium) ;;
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    *) echo "unknown option $flag" >&2; exit 2 ;;
  esac
done
# Node.js may come from elsewhere (NodeSource); only a missing one is installed.
if ! command -v node >/dev/null; then packages+=(nodejs); fi
if ! command -v npm >/dev/null; then packages+=(npm); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_version="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "Node.js $node_version is too old for the web UI build: it needs 20.19 or newer (Debian 12's own nodejs is 18)." >&2
  echo "Install a newer Node.js (e.g. from NodeSource) and run this again." >&2
  exit 1
fi
