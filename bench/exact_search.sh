#!/usr/bin/env bash
# Exact (brute-force) nearest-neighbour search benchmark, run inside PostgreSQL 15.
#
# For every extension named on the command line this script creates a database
# bench_<ext> in one throwaway cluster (or in the server given by PGHOST/PGPORT),
# generates the same deterministic data set in SQL, and times
#     SELECT id FROM items ORDER BY embedding <op> q LIMIT 10
# with no index (sequential scan + top-N sort), serially
# (max_parallel_workers_per_gather = 0), for the operators <-> <=> <#>.
# The loop over the query table runs in a PL/pgSQL function timed with
# clock_timestamp(), so no client round trips are measured.
#
# Usage: bench/exact_search.sh [options]
#   --extensions LIST       comma-separated extension names (default: vector)
#   --with-reference NAME   also run extension NAME (e.g. pgvref) and print
#                           ratios <ext>/<NAME> for every other extension
#   --rows N                rows in items (default 100000)
#   --queries Q             number of query vectors (default 20)
#   --dim D                 dimensions (default 1536)
#   --passes P              timed passes per operator; median reported (default 3)
#   --ops LIST              comma-separated operators (default '<->,<=>,<#>')
#   --items-storage MODE    default|plain|main|external: storage of items.embedding.
#                           default = the type's (EXTERNAL: 1536-d rows go to TOAST and
#                           the de-TOAST dominates the time); plain = inline, one row
#                           per 8 kB page (dim <= ~2000), closer to a kernel comparison
#   --keep                  keep the cluster / databases (prints how to reach them)
#   -h | --help
# Environment:
#   PGHOST (+ PGPORT, PGUSER)  reuse a running server instead of starting one;
#                              bench_<ext> databases are (re)created, dropped at the end
#   PG_CONFIG                  default /usr/lib/postgresql/15/bin/pg_config
#   BENCH_PORT                 port of the throwaway cluster (default 55432)
#
# Runs as root (server commands through `runuser -u postgres`) or as any other user.
# Extensions must already be installed in the PostgreSQL installation; types of
# different "vector" extensions collide, hence one database per extension.
set -euo pipefail

EXTS="vector"
REF=""
ROWS=100000
NQ=20
DIM=1536
PASSES=3
OPS="<->,<=>,<#>"
KEEP=0
STORAGE=default

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --extensions) EXTS="$2"; shift 2 ;;
    --extensions=*) EXTS="${1#*=}"; shift ;;
    --with-reference) REF="$2"; shift 2 ;;
    --with-reference=*) REF="${1#*=}"; shift ;;
    --rows) ROWS="$2"; shift 2 ;;
    --rows=*) ROWS="${1#*=}"; shift ;;
    --queries) NQ="$2"; shift 2 ;;
    --queries=*) NQ="${1#*=}"; shift ;;
    --dim) DIM="$2"; shift 2 ;;
    --dim=*) DIM="${1#*=}"; shift ;;
    --passes) PASSES="$2"; shift 2 ;;
    --passes=*) PASSES="${1#*=}"; shift ;;
    --ops) OPS="$2"; shift 2 ;;
    --ops=*) OPS="${1#*=}"; shift ;;
    --items-storage) STORAGE="$2"; shift 2 ;;
    --items-storage=*) STORAGE="${1#*=}"; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
done

for n in "$ROWS" "$NQ" "$DIM" "$PASSES"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "not a positive integer: $n" >&2; exit 2; }
done
[ "$DIM" -ge 2 ] || { echo "--dim must be >= 2" >&2; exit 2; }
case "$STORAGE" in
  default) STORAGE_SQL="" ;;
  plain|main|external) STORAGE_SQL="ALTER TABLE items ALTER COLUMN embedding SET STORAGE $STORAGE;" ;;
  *) echo "bad --items-storage: $STORAGE" >&2; exit 2 ;;
esac

# extension list: EXTS, then REF (deduplicated, order kept)
declare -a EXT_LIST=()
IFS=',' read -r -a _tmp <<< "$EXTS"
[ -n "$REF" ] && _tmp+=("$REF")
for e in "${_tmp[@]}"; do
  [ -z "$e" ] && continue
  [[ "$e" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "bad extension name: $e" >&2; exit 2; }
  dup=0; for f in "${EXT_LIST[@]+"${EXT_LIST[@]}"}"; do [ "$f" = "$e" ] && dup=1; done
  [ $dup -eq 0 ] && EXT_LIST+=("$e")
done
[ ${#EXT_LIST[@]} -gt 0 ] || { echo "no extensions given" >&2; exit 2; }

IFS=',' read -r -a OP_LIST <<< "$OPS"
for op in "${OP_LIST[@]}"; do
  case "$op" in '<->'|'<=>'|'<#>') ;; *) echo "unsupported operator: $op" >&2; exit 2 ;; esac
done

PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
PGBIN="$("$PG_CONFIG" --bindir)"
PSQL="$PGBIN/psql"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

as_pg() {  # run a server-side binary as the cluster owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

STARTED=0
TMPD=""
SERVER_PID=""
CREATED_DBS=()

cleanup() {
  local rc=$?
  set +e
  if [ "$KEEP" -eq 1 ]; then
    if [ "$STARTED" -eq 1 ]; then
      log "--keep: server left running: PGHOST=$TMPD/sock PGPORT=$PGPORT PGUSER=$PGUSER (data $TMPD/data)"
      log "        stop with: kill -INT $SERVER_PID; then rm -rf $TMPD"
    fi
    exit $rc
  fi
  if [ "$STARTED" -eq 1 ]; then
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
      kill -INT "$SERVER_PID"                       # fast shutdown
      for _ in $(seq 1 120); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$SERVER_PID" 2>/dev/null && kill -QUIT "$SERVER_PID"
    fi
    [ -n "$TMPD" ] && rm -rf "$TMPD"
  else
    for db in "${CREATED_DBS[@]+"${CREATED_DBS[@]}"}"; do
      "$PSQL" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    done
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- server
if [ -n "${PGHOST:-}" ]; then
  export PGHOST PGPORT="${PGPORT:-5432}"
  log "reusing server at PGHOST=$PGHOST PGPORT=$PGPORT"
else
  TMPD="$(mktemp -d /tmp/exact_bench.XXXXXX)"
  mkdir -p "$TMPD/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$TMPD"
  export PGHOST="$TMPD/sock" PGPORT="${BENCH_PORT:-55432}" PGUSER=postgres
  STARTED=1
  log "initdb in $TMPD"
  as_pg "$PGBIN/initdb" -D "$TMPD/data" -U postgres -A trust --no-locale -E UTF8 --no-sync >/dev/null
  # loading-friendly settings: they do not affect the read-only timed scans
  as_pg "$PGBIN/pg_ctl" -D "$TMPD/data" -l "$TMPD/server.log" -w -t 120 -o "\
    -k $TMPD/sock -p $PGPORT -c listen_addresses='' -c jit=off -c shared_buffers=2GB \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=8GB \
    -c wal_level=minimal -c max_wal_senders=0 -c checkpoint_timeout=1h \
    -c maintenance_work_mem=1GB -c max_parallel_workers_per_gather=0" start >/dev/null
  SERVER_PID="$(head -1 "$TMPD/data/postmaster.pid")"
fi

export PGOPTIONS="-c max_parallel_workers_per_gather=0 -c jit=off -c plan_cache_mode=force_generic_plan -c client_min_messages=warning"
q()  { "$PSQL" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

for e in "${EXT_LIST[@]}"; do
  [ "$(q -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = '$e'")" = 1 ] || {
    echo "extension '$e' is not installed in $("$PG_CONFIG" --sharedir)/extension" >&2; exit 1; }
done
[ "$(q -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_prewarm'")" = 1 ] || {
  echo "pg_prewarm (contrib) is not available" >&2; exit 1; }

# ---------------------------------------------------------------- data, per database
# Data: a base table of 512 deterministic random float4 rows (setseed + random(),
# uniform in [-0.5, 0.5)), and item i = slice of base[k1] || slice of base[k2]
# with (k1, k2, offsets) derived from i. Array slicing is done in C, so 100k x 1536
# takes ~3 s instead of ~20 s for per-element random(). Queries are fresh random draws.
H1=$((DIM / 2)); H2=$((DIM - H1)); BLEN=$((H2 + 512))
setup_db() {
  local ext="$1" db="bench_$1"
  q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  CREATED_DBS+=("$db")
  q -d "$db" <<SQL
CREATE EXTENSION $ext;
CREATE EXTENSION pg_prewarm;
SET max_parallel_workers_per_gather = 0;
SELECT setseed(0.4242);
CREATE TABLE bench_base AS
  SELECT k, ARRAY(SELECT (random() - 0.5)::real FROM generate_series(1, $BLEN) WHERE k >= 0) AS a
  FROM generate_series(0, 511) k;
CREATE TABLE bench_qsrc AS
  SELECT qid, ARRAY(SELECT (random() - 0.5)::real FROM generate_series(1, $DIM) WHERE qid >= 0) AS a
  FROM generate_series(1, $NQ) qid;
BEGIN;  -- same transaction as CREATE TABLE + wal_level=minimal: no WAL for the load
CREATE TABLE items (id int, embedding vector($DIM));
$STORAGE_SQL
INSERT INTO items
  SELECT s.i, (b1.a[s.o1 + 1 : s.o1 + $H1] || b2.a[s.o2 + 1 : s.o2 + $H2])::vector($DIM)
  FROM (SELECT i, i % 512 AS k1, (i / 512 + i * 31) % 512 AS k2,
               (i::int8 * 7919) % ($BLEN - $H1 + 1) AS o1,
               (i::int8 * 104729) % ($BLEN - $H2 + 1) AS o2
        FROM generate_series(1, $ROWS) i) s
  JOIN bench_base b1 ON b1.k = s.k1
  JOIN bench_base b2 ON b2.k = s.k2;
COMMIT;
CREATE TABLE queries (id int, v vector($DIM));
ALTER TABLE queries ALTER COLUMN v SET STORAGE PLAIN;  -- inline: no de-TOAST per scanned row
INSERT INTO queries SELECT qid, a::vector($DIM) FROM bench_qsrc;
VACUUM (ANALYZE) items;
VACUUM (ANALYZE) queries;
CHECKPOINT;

CREATE FUNCTION bench_exact(op text, OUT ms_per_query float8, OUT ids_md5 text)
LANGUAGE plpgsql
SET max_parallel_workers_per_gather = 0
SET plan_cache_mode = force_generic_plan
AS \$fn\$
DECLARE
  r record; t0 timestamptz; total float8 := 0; n int := 0; ids int[]; acc text := '';
BEGIN
  FOR r IN SELECT id, v FROM queries ORDER BY id LOOP
    t0 := clock_timestamp();
    IF op = '<->' THEN
      ids := ARRAY(SELECT id FROM items ORDER BY embedding <-> r.v LIMIT 10);
    ELSIF op = '<=>' THEN
      ids := ARRAY(SELECT id FROM items ORDER BY embedding <=> r.v LIMIT 10);
    ELSIF op = '<#>' THEN
      ids := ARRAY(SELECT id FROM items ORDER BY embedding <#> r.v LIMIT 10);
    ELSE
      RAISE EXCEPTION 'unknown operator %', op;
    END IF;
    total := total + 1000 * extract(epoch FROM clock_timestamp() - t0);
    n := n + 1;
    acc := acc || array_to_string(ids, ',') || ';';
  END LOOP;
  ms_per_query := total / n;
  ids_md5 := md5(acc);
END
\$fn\$;
SQL
}

prewarm_db() {
  q -d "bench_$1" >/dev/null <<'SQL'
SELECT pg_prewarm(c.oid::regclass)
FROM pg_class c
WHERE c.relname IN ('items', 'queries')
   OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relname IN ('items', 'queries'))
   OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.reltoastrelid = i.indrelid
                WHERE t.relname IN ('items', 'queries'));
SQL
}

declare -A VERSION FPRINT
T_START=$(date +%s)
for e in "${EXT_LIST[@]}"; do
  log "[$e] generating ${ROWS} x ${DIM} items + ${NQ} queries in database bench_$e"
  t0=$(date +%s.%N)
  setup_db "$e" >/dev/null
  t1=$(date +%s.%N)
  VERSION[$e]="$(q -d "bench_$e" -c "SELECT extversion FROM pg_extension WHERE extname = '$e'")"
  # fingerprint of the generated float data (identical across databases / runs)
  FPRINT[$e]="$(q -d "bench_$e" -c "SELECT left(md5(string_agg(a::text, '|' ORDER BY k) || (SELECT string_agg(a::text, '|' ORDER BY qid) FROM bench_qsrc)), 12) FROM bench_base")"
  sizes="$(q -d "bench_$e" -c "SELECT pg_size_pretty(pg_total_relation_size('items')) || ' (heap ' || pg_size_pretty(pg_relation_size('items')) || ')'")"
  log "[$e] loaded in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s, items $sizes, data fingerprint ${FPRINT[$e]}"
  # plan check: serial sequential scan, no index, no Gather
  plan="$(q -d "bench_$e" -c "EXPLAIN SELECT id FROM items ORDER BY embedding <-> (SELECT v FROM queries LIMIT 1) LIMIT 10")"
  if ! grep -q 'Seq Scan on items' <<<"$plan" || grep -q -E 'Gather|Index' <<<"$plan"; then
    echo "unexpected plan in bench_$e:" >&2; echo "$plan" >&2; exit 1
  fi
done

# ---------------------------------------------------------------- warm-up + timed passes
for e in "${EXT_LIST[@]}"; do
  log "[$e] pg_prewarm + one untimed pass per operator"
  prewarm_db "$e"
  for op in "${OP_LIST[@]}"; do q -d "bench_$e" -c "SELECT bench_exact('$op')" >/dev/null; done
done

declare -A TIMES IDS
for p in $(seq 1 "$PASSES"); do        # passes interleaved across extensions to share machine drift
  for op in "${OP_LIST[@]}"; do
    for e in "${EXT_LIST[@]}"; do
      out="$(q -d "bench_$e" -c "SELECT round(ms_per_query::numeric, 3), ids_md5 FROM bench_exact('$op')")"
      IFS='|' read -r ms md5 <<<"$out"
      TIMES[$e,$op]="${TIMES[$e,$op]:-} $ms"
      IDS[$e,$op]="$md5"
      log "pass $p/$PASSES  $e  $op  $ms ms/query"
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
minmax() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR==1{lo=$1} {hi=$1} END {print lo "-" hi}'; }

# ---------------------------------------------------------------- report
echo
echo "== exact k-NN search (k=10, no index, serial seq scan): ${ROWS} x ${DIM} float4, ${NQ} queries, median of ${PASSES} passes =="
echo "CPU:        $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo "PostgreSQL: $(q -d postgres -c 'SELECT version()')"
echo "settings:   $(q -d postgres -c "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('jit', 'shared_buffers', 'max_parallel_workers_per_gather', 'plan_cache_mode', 'work_mem', 'fsync', 'wal_level')")"
echo "            (items.embedding storage: $STORAGE; queries stored STORAGE PLAIN; data fingerprint ${FPRINT[${EXT_LIST[0]}]})"
echo
hdr="%-10s %-9s %-4s %14s %18s %16s %s\n"
printf "$hdr" extension version op "ms/query(med)" "range" "ratio vs ref" "top-10 ids md5"
for op in "${OP_LIST[@]}"; do
  for e in "${EXT_LIST[@]}"; do
    med="$(echo "${TIMES[$e,$op]}" | median)"
    rng="$(echo "${TIMES[$e,$op]}" | minmax)"
    ratio="-"
    if [ -n "$REF" ] && [ "$e" != "$REF" ]; then
      rmed="$(echo "${TIMES[$REF,$op]}" | median)"
      ratio="$(awk -v a="$med" -v b="$rmed" 'BEGIN {printf "%.2f", a / b}')"
      [ "${IDS[$e,$op]}" = "${IDS[$REF,$op]}" ] && ratio="$ratio (same ids)" || ratio="$ratio (IDS DIFFER)"
    fi
    printf "$hdr" "$e" "${VERSION[$e]}" "$op" "$med" "$rng" "$ratio" "${IDS[$e,$op]:0:12}"
  done
done
echo
echo "ratio = ours / reference ms per query (< 1: ours faster). total wall time $(( $(date +%s) - T_START )) s"
