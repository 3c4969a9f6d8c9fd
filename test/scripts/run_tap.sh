#!/usr/bin/env bash
# Runs the TAP tests (test/tap/t/*.pl, PostgreSQL::Test::Cluster from
# Debian's postgresql-client-15): streaming replicas, crash recovery,
# concurrency. The extension must be installed.
#   run_tap.sh OUTDIR [test files relative to test/tap...]
# As root the tests run as user postgres from a postgres-owned copy in /tmp
# (initdb refuses root); logs are copied to OUTDIR.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: run_tap.sh OUTDIR [tests...]}
shift
bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
pgxs=$("$bindir/pg_config" --pgxs | sed 's#/src/makefiles/pgxs.mk##')
pg_regress=${PG_REGRESS:-$pgxs/src/test/regress/pg_regress}

rundir=$(mktemp -d /tmp/pgvec-tap.XXXXXX)
trap 'rm -rf "$rundir"' EXIT
cp -r "$src/test/tap/t" "$rundir/"
mkdir -p "$out"
run=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres: "$rundir"
  run=(runuser -u postgres --)
fi
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
  mapfile -t tests < <(cd "$rundir" && ls t/*.pl)
fi

status=0
(cd "$rundir" && "${run[@]}" env PATH="$bindir:$PATH" TESTDIR="$rundir" PG_REGRESS="$pg_regress" \
   PGVEC_SOAK_SECONDS="${PGVEC_SOAK_SECONDS:-}" \
   prove -v -I "$pgxs/src/test/perl" -I "$rundir" "${tests[@]}") || status=$?
cp -r "$rundir/tmp_check/log" "$out/" 2>/dev/null || true
exit "$status"
