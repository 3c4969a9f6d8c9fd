#!/usr/bin/env bash
# Runs every test from a fresh clone (as root on Debian 12): installs missing
# packages, builds with CMake, installs the extension into PostgreSQL 15 and
# runs ctest: unit tests (plain and under ASan/UBSan), pg_regress, client
# round trips and TAP tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/scripts/install_deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j1
