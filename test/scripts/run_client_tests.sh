#!/usr/bin/env bash
# Client round trips against a throwaway server: psycopg (text and binary
# parameters/results, COPY BINARY).
#   run_client_tests.sh OUTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=${1:?usage: run_client_tests.sh OUTDIR}
mkdir -p "$out"
dir=$(mktemp -d /tmp/pgvec-client.XXXXXX)
port=$((20000 + RANDOM % 20000))
cleanup() { "$here/pg_tmp_cluster.sh" stop "$dir"; cp "$dir/server.log" "$out/" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
"$here/pg_tmp_cluster.sh" start "$dir" "$port"
export PGHOST="$dir/sock" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
"${PG_BINDIR:-/usr/lib/postgresql/15/bin}/psql" -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION vector"
/usr/bin/python3 "$src/test/client/test_psycopg.py" 2>&1 | tee "$out/psycopg.log"
exit "${PIPESTATUS[0]}"
