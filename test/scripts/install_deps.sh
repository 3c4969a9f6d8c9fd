#!/usr/bin/env bash
# Installs, with apt-get, whatever the build, the tests and the demo need and
# this Debian 12 machine lacks. Idempotent; needs root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
  g++ cmake ninja-build
  postgresql-15 postgresql-client-15 postgresql-server-dev-15
  libxsimd-dev libeigen3-dev libgtest-dev libbenchmark-dev
  libipc-run-perl python3 python3-psycopg zlib1g-dev
  dataset-fashion-mnist
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing packages (run as root to install): ${missing[*]}" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
