#!/usr/bin/env bash
# Configures and builds fairlabel into build/ (the binary is build/fairlabel),
# and the web UI into web/dist (served by `fairlabel serve`).
# Usage: scripts/build.sh [BUILD_DIR] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
shift || true
# -g1: line tables and function names (backtraces, profiles) without full
# debug info, which took about a third of the compile time.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"

# The web UI: `npm ci` only when package-lock.json changed since the last
# install (it wipes node_modules), then the production build (hashed assets
# and their .gz variants in web/dist). Safe to run again.
(
  cd web
  lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [[ ! -f node_modules/.fairlabel-lock-sha256 || "$(cat node_modules/.fairlabel-lock-sha256)" != "$lock_sum" ]]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_sum" >node_modules/.fairlabel-lock-sha256
  fi
  npm run --silent build
)
