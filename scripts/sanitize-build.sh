#!/usr/bin/env bash
# Configures and builds build-sanitize/: every library, test and fuzz target
# compiled by clang 14 with AddressSanitizer and UndefinedBehaviorSanitizer
# (findings abort) and libFuzzer's coverage instrumentation. One build serves
# both the sanitizer test stage of scripts/test.sh and scripts/fuzz.sh, so
# CI compiles the code twice (release + this), not three times.
#
# Usage: scripts/sanitize-build.sh [TARGET...]
#   default: every part's test binary and every fuzz target (not the
#   fairlabel binary or the end-to-end tests, which the sanitizer stage skips)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --fuzz >/dev/null
CC=clang-14 CXX=clang++-14 cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
  -DFAIRLABEL_FUZZ=ON -DFAIRLABEL_TESTS=ON -DFAIRLABEL_BENCH=OFF >/dev/null
if (($#)); then
  cmake --build build-sanitize --target "$@" -j "$(nproc)"
else
  cmake --build build-sanitize --target part_tests fuzz_targets -j "$(nproc)"
fi
