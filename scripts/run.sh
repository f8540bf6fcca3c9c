#!/usr/bin/env bash
# README command 1: build fairlabel and serve it at http://127.0.0.1:8080 on
# the embedded default (SQLite file and media under ./var/), with demo
# accounts and projects. Ctrl-C (or SIGTERM) stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build -DFAIRLABEL_TESTS=OFF -DFAIRLABEL_BENCH=OFF
exec build/fairlabel serve --listen "${FAIRLABEL_LISTEN:-127.0.0.1:8080}" --data var --demo
