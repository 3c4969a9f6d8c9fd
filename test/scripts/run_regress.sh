#!/usr/bin/env bash
# Runs the pg_regress suite (test/sql + expected/, in the order of
# test/schedule) against a temporary PostgreSQL instance.
#   run_regress.sh OUTDIR [EXTENSION]
# The extension (default: vector) must already be installed. PostgreSQL
# refuses to run as root, so as root the suite runs as user postgres from a
# postgres-owned copy in /tmp; results and diffs are copied to OUTDIR.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: run_regress.sh OUTDIR [EXTENSION]}
extension=${2:-vector}
bindir=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
pg_regress=${PG_REGRESS:-$("$bindir/pg_config" --pgxs | sed 's#/src/makefiles/pgxs.mk##')/src/test/regress/pg_regress}

# Every test file must be scheduled, and every scheduled test must exist.
listed=$(sed -n 's/^test: *//p' "$src/test/schedule" | tr ' ' '\n' | sed '/^$/d' | sort)
present=$(cd "$src/test/sql" && ls *.sql | sed 's/\.sql$//' | sort)
if [ "$listed" != "$present" ]; then
  echo "test/schedule and test/sql disagree:"
  diff <(echo "$listed") <(echo "$present") || true
  exit 1
fi

rundir=$(mktemp -d /tmp/pgvec-regress.XXXXXX)
trap 'rm -rf "$rundir"' EXIT
mkdir -p "$rundir/sql" "$rundir/expected" "$out"
cp "$src"/test/sql/*.sql "$rundir/sql/"
cp "$src"/expected/*.out "$rundir/expected/"
cp "$src/test/schedule" "$rundir/schedule"
cat > "$rundir/temp.conf" <<'CONF'
max_parallel_workers_per_gather = 2
max_parallel_maintenance_workers = 2
jit = off
CONF

run=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres: "$rundir"
  run=(runuser -u postgres --)
fi

status=0
(cd "$rundir" && "${run[@]}" "$pg_regress" --inputdir=. --outputdir=. --bindir="$bindir" \
   --temp-instance=./tmp_check --temp-config=./temp.conf --no-locale --encoding=UTF8 \
   --load-extension="$extension" --schedule=./schedule --dbname=contrib_regression) || status=$?

rm -rf "$out/results"
cp -r "$rundir/results" "$out/" 2>/dev/null || true
cp "$rundir"/regression.* "$out/" 2>/dev/null || true
if [ "$status" != 0 ] && [ -f "$rundir/regression.diffs" ]; then
  echo "==== regression.diffs ===="
  head -c 60000 "$rundir/regression.diffs"
fi
exit "$status"
