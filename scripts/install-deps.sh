#!/usr/bin/env bash
# Installs what building, running and testing fairlabel needs, from Debian 12
# packages only. Safe to run again: it installs only what is missing, and
# skips `apt-get update` when nothing is.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates
  libboost-dev libboost-system-dev libsqlite3-dev libpq-dev libsodium-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15
  ffmpeg
)
if [[ "${1:-}" == "--bench" ]]; then packages+=(wrk); fi

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
