# shellcheck shell=bash disable=SC2153  # PARAM, BENCH, ... are set by the sourcing script
# Shared body of bench/hnsw_bench.sh and bench/ivfflat_bench.sh: option parsing,
# throwaway cluster, data + ground truth (hnsw_data.py), loading, timed index
# builds, in-server recall / QPS loops over one search parameter, single-row
# INSERTs, md5 checks of the installed libraries, markdown / CSV report and the
# plot (plot_recall_qps.py). Sourced at the top level of the script (it reads and
# shifts the script's arguments and runs the whole benchmark); the script's header
# comment is its --help. The script sets first:
#   BENCH         access method = database prefix (<BENCH>_<ext>), index name
#                 (<dataset>_<BENCH>), results directory (results/<BENCH>-<time>)
#   AM_TITLE      name in titles (HNSW, IVFFlat)
#   PARAM         the swept search parameter as named in the report / CSV
#                 (ef_search, probes); PARAM_SHORT its table-header prefix (ef, probes)
#   PARAM_GUC     its setting (hnsw.ef_search, ivfflat.probes)
#   PARAM_LIST    default sweep (comma-separated); PARAM_MAX largest value accepted
#   CHECK_PARAM   the value used for the recall check before / after the INSERTs
#   DEFAULT_PORT  port of the throwaway cluster unless BENCH_PORT is set
#   SCRIPT_OPTS   the script's own options taking a value, space-separated
# and defines:
#   script_opt OPT VAL   handles one of SCRIPT_OPTS (return 1: unknown option)
#   script_check         validates the script's own values (after --quick defaults)
#   index_with DS        the WITH (...) options of CREATE INDEX for dataset DS
#   index_desc           the index line of the report (e.g. "hnsw m=16 ef_construction=64")

EXTS="vector"
REF=""
DATASETS="fmnist,synth"
FMNIST_ROWS=""
SYNTH_ROWS=""
NQ=""
PASSES=""
BUILDS="parallel,forced,serial"
INSERTS=""
MWM="2GB"
SB="6GB"
SEED=20240611
QUICK=0
OUT=""
CACHE="/var/tmp/hnsw_bench_cache"   # hnsw_data.py output: shared by both scripts
KEEP=0
K=10

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }

is_value_opt() {
  case "$1" in
    --extensions|--with-reference|--datasets|--fmnist-rows|--synth-rows|--queries|--passes|\
    --builds|--inserts|--maintenance-work-mem|--shared-buffers|--seed|--out|--cache) return 0 ;;
  esac
  local o
  for o in $SCRIPT_OPTS; do [ "$1" = "$o" ] && return 0; done
  return 1
}

while [ $# -gt 0 ]; do
  if is_value_opt "$1"; then
    [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
    opt="$1" val="$2"; shift 2
  else
    case "$1" in
      --*=*) opt="${1%%=*}" val="${1#*=}"; shift ;;
      --quick) QUICK=1; shift; continue ;;
      --no-cache) CACHE=""; shift; continue ;;
      --keep) KEEP=1; shift; continue ;;
      -h|--help) usage; exit 0 ;;
      *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
    esac
  fi
  case "$opt" in
    --extensions) EXTS="$val" ;;
    --with-reference) REF="$val" ;;
    --datasets) DATASETS="$val" ;;
    --fmnist-rows) FMNIST_ROWS="$val" ;;
    --synth-rows) SYNTH_ROWS="$val" ;;
    --queries) NQ="$val" ;;
    --passes) PASSES="$val" ;;
    --builds) BUILDS="$val" ;;
    --inserts) INSERTS="$val" ;;
    --maintenance-work-mem) MWM="$val" ;;
    --shared-buffers) SB="$val" ;;
    --seed) SEED="$val" ;;
    --out) OUT="$val" ;;
    --cache) CACHE="$val" ;;
    *) script_opt "$opt" "$val" || { echo "unknown option: $opt (try --help)" >&2; exit 2; } ;;
  esac
done

if [ "$QUICK" -eq 1 ]; then
  : "${FMNIST_ROWS:=20000}" "${SYNTH_ROWS:=20000}" "${NQ:=200}" "${PASSES:=1}" "${INSERTS:=300}"
else
  : "${FMNIST_ROWS:=60000}" "${SYNTH_ROWS:=100000}" "${NQ:=1000}" "${PASSES:=3}" "${INSERTS:=2000}"
fi

for n in "$FMNIST_ROWS" "$SYNTH_ROWS" "$NQ" "$PASSES" "$SEED"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "not a positive integer: $n" >&2; exit 2; }
done
script_check
[[ "$INSERTS" =~ ^[0-9]+$ ]] || { echo "--inserts: not an integer: $INSERTS" >&2; exit 2; }
[ "$FMNIST_ROWS" -le 60000 ] || { echo "--fmnist-rows: at most 60000" >&2; exit 2; }
[ "$NQ" -le 1000 ] || { echo "--queries: at most 1000" >&2; exit 2; }
[[ "$MWM" =~ ^[0-9]+(kB|MB|GB)$ && "$SB" =~ ^[0-9]+(kB|MB|GB)$ ]] || { echo "sizes look like 2GB / 512MB" >&2; exit 2; }
IFS=',' read -r -a PARAMS <<< "$PARAM_LIST"
for pv in "${PARAMS[@]}"; do
  [[ "$pv" =~ ^[1-9][0-9]*$ && "$pv" -le "$PARAM_MAX" ]] || { echo "bad $PARAM: $pv" >&2; exit 2; }
done
IFS=',' read -r -a DS_LIST <<< "$DATASETS"
for ds in "${DS_LIST[@]}"; do
  case "$ds" in fmnist|synth) ;; *) echo "unknown dataset: $ds (fmnist, synth)" >&2; exit 2 ;; esac
done
IFS=',' read -r -a _b <<< "$BUILDS"
BUILD_CASES=()
for c in parallel forced; do for b in "${_b[@]}"; do [ "$b" = "$c" ] && BUILD_CASES+=("$c"); done; done
for b in "${_b[@]}"; do
  case "$b" in parallel|forced|serial) ;; *) echo "unknown build case: $b" >&2; exit 2 ;; esac
done
BUILD_CASES+=(serial)   # always last: the serial index is the one measured

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

HERE="$(cd "$(dirname "$0")" && pwd)"
PY=/usr/bin/python3
PG_CONFIG="${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}"
PGBIN="$("$PG_CONFIG" --bindir)"
PSQL="$PGBIN/psql"
[ -n "$OUT" ] || OUT="$HERE/results/${BENCH}-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$OUT/run.log" >&2; }

as_pg() {  # run a server-side binary as the cluster owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# ---------------------------------------------------------------- python deps
need=()
"$PY" -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
"$PY" -c 'import matplotlib' 2>/dev/null || need+=(python3-matplotlib)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "missing Debian packages (run as root to install): ${need[*]}" >&2; exit 1; fi
  log "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
fi

STARTED=0
TMPD=""
SERVER_PID=""
CREATED_DBS=()
SAMPLER_PID=""

cleanup() {
  local rc=$?
  set +e
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
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
    [ -f "$TMPD/server.log" ] && cp "$TMPD/server.log" "$OUT/server.log" 2>/dev/null
  else
    for db in "${CREATED_DBS[@]+"${CREATED_DBS[@]}"}"; do
      "$PSQL" -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    done
  fi
  [ -n "$TMPD" ] && rm -rf "$TMPD"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- server
TMPD="$(mktemp -d "/tmp/${BENCH}_bench.XXXXXX")"
if [ -n "${PGHOST:-}" ]; then
  export PGHOST PGPORT="${PGPORT:-5432}"
  log "reusing server at PGHOST=$PGHOST PGPORT=$PGPORT (its settings are not controlled here)"
else
  mkdir -p "$TMPD/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$TMPD"
  export PGHOST="$TMPD/sock" PGPORT="${BENCH_PORT:-$DEFAULT_PORT}" PGUSER=postgres
  STARTED=1
  log "initdb in $TMPD"
  as_pg "$PGBIN/initdb" -D "$TMPD/data" -U postgres -A trust --no-locale -E UTF8 --no-sync >/dev/null
  # loading-friendly durability settings (as bench/exact_search.sh); autovacuum off:
  # every table is vacuumed explicitly and nothing runs behind the timed loops
  as_pg "$PGBIN/pg_ctl" -D "$TMPD/data" -l "$TMPD/server.log" -w -t 120 -o "\
    -k $TMPD/sock -p $PGPORT -c listen_addresses='' -c jit=off -c shared_buffers=$SB \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=16GB \
    -c wal_level=minimal -c max_wal_senders=0 -c checkpoint_timeout=1h -c autovacuum=off \
    -c maintenance_work_mem=$MWM -c max_parallel_workers_per_gather=0 \
    -c max_worker_processes=8 -c max_parallel_workers=8" start >/dev/null
  SERVER_PID="$(head -1 "$TMPD/data/postmaster.pid")"
fi
DATA_TMP="$TMPD/gen"; mkdir -p "$DATA_TMP"

export PGOPTIONS="-c max_parallel_workers_per_gather=0 -c jit=off -c plan_cache_mode=force_generic_plan -c client_min_messages=warning"
q()  { "$PSQL" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

for e in "${EXT_LIST[@]}"; do
  [ "$(q -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = '$e'")" = 1 ] || {
    echo "extension '$e' is not installed in $("$PG_CONFIG" --sharedir)/extension" >&2; exit 1; }
done
[ "$(q -d postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_prewarm'")" = 1 ] || {
  echo "pg_prewarm (contrib) is not available" >&2; exit 1; }

declare -A VERSION LIBINFO LIBMD5
for e in "${EXT_LIST[@]}"; do
  db="${BENCH}_$e"
  q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  CREATED_DBS+=("$db")
  q -d "$db" -c "CREATE EXTENSION $e" -c "CREATE EXTENSION pg_prewarm"
  VERSION[$e]="$(q -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = '$e'")"
  so="$("$PG_CONFIG" --pkglibdir)/$e.so"
  if [ -f "$so" ]; then
    LIBMD5[$e]="$(md5sum "$so" | cut -c1-10)"
    LIBINFO[$e]="$e.so $(date -r "$so" '+%Y-%m-%d %H:%M') md5 ${LIBMD5[$e]}"
  else
    LIBINFO[$e]="(no $e.so)"
  fi
done

# ---------------------------------------------------------------- helpers
# (grep -v finding nothing must not fail: empty input gives "", not an exit under set -e)
median() { tr ' ' '\n' | { grep -v '^$' || true; } | sort -g | awk '{a[NR]=$1} END {if (NR == 0) print ""; else if (NR % 2) print a[(NR+1)/2]; else printf "%.6g\n", (a[NR/2]+a[NR/2+1])/2}'; }
minmax() { tr ' ' '\n' | { grep -v '^$' || true; } | sort -g | awk 'NR==1{lo=$1} {hi=$1} END {print lo "-" hi}'; }
ratio() {  # a / b, "-" unless both are positive numbers
  [[ "$1" =~ ^[0-9.eE+-]+$ && "$2" =~ ^[0-9.eE+-]+$ ]] || { echo "-"; return 0; }
  awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN {if (b + 0 == 0) print "-"; else printf f, a / b}'
}

ds_dim()   { case "$1" in fmnist) echo 784 ;; synth) echo 1536 ;; esac; }
ds_op()    { case "$1" in fmnist) echo '<->' ;; synth) echo '<=>' ;; esac; }
ds_ops()   { case "$1" in fmnist) echo vector_l2_ops ;; synth) echo vector_cosine_ops ;; esac; }
ds_rows()  { case "$1" in fmnist) echo "$FMNIST_ROWS" ;; synth) echo "$SYNTH_ROWS" ;; esac; }
ds_title() {
  case "$1" in
    fmnist) echo "Fashion-MNIST $(ds_rows fmnist) x 784, L2 (vector_l2_ops, <->)" ;;
    synth)  echo "synthetic clustered $(ds_rows synth) x 1536, cosine (vector_cosine_ops, <=>)" ;;
  esac
}

# data + ground truth, generated once per parameter set (cached)
POOL=$(( PASSES * INSERTS > 6000 ? PASSES * INSERTS : 6000 ))
declare -A DATADIR FACTS
prepare_data() {
  local ds="$1" rows key dir
  rows="$(ds_rows "$ds")"
  key="$ds-r$rows-q$NQ-p$POOL-i$((PASSES * INSERTS))"
  [ "$ds" = synth ] && key="$key-s$SEED"
  [ -n "${HNSW_DATA_ARGS:-}" ] && key="$key-$(echo "$HNSW_DATA_ARGS" | md5sum | cut -c1-6)"
  key="$key-$(cat "$HERE/hnsw_data.py" "$HERE/fashion_mnist.py" | md5sum | cut -c1-8)"
  if [ -n "$CACHE" ]; then dir="$CACHE/$key"; else dir="$DATA_TMP/$key"; fi
  if [ -f "$dir/facts.txt" ]; then
    log "[$ds] data + ground truth from cache $dir"
  else
    log "[$ds] generating data + exact ground truth into $dir"
    local t0=$SECONDS
    rm -rf "$dir.tmp.$$"; mkdir -p "$dir.tmp.$$"
    # shellcheck disable=SC2086
    "$PY" "$HERE/hnsw_data.py" "$ds" "$dir.tmp.$$" --rows "$rows" --queries "$NQ" --pool "$POOL" \
      --seed "$SEED" --gt-after $((PASSES * INSERTS)) ${HNSW_DATA_ARGS:-} > "$dir.tmp.$$/facts.txt"
    rm -rf "$dir"; mv "$dir.tmp.$$" "$dir"
    log "[$ds] generated in $(( SECONDS - t0 )) s"
  fi
  DATADIR[$ds]="$dir"
  FACTS[$ds]="$(cat "$dir/facts.txt")"
  cp "$dir/gt.tsv" "$OUT/gt_$ds.tsv"
  log "[$ds] ${FACTS[$ds]}"
}

load_db() {   # ext ds
  local e="$1" ds="$2" db="${BENCH}_$1" dim dir op
  dim="$(ds_dim "$ds")"; dir="${DATADIR[$ds]}"; op="$(ds_op "$ds")"
  q -d "$db" -c "DROP TABLE IF EXISTS ${ds}_items, ${ds}_queries, ${ds}_pool, ${ds}_gt CASCADE"
  # CREATE + COPY in one transaction with wal_level=minimal: no WAL for the load
  q -d "$db" -c "BEGIN" -c "CREATE TABLE ${ds}_items (id int, embedding vector($dim))" \
    -c "COPY ${ds}_items FROM STDIN (FORMAT binary)" -c "COMMIT" < "$dir/items.copy"
  q -d "$db" -c "CREATE TABLE ${ds}_queries (id int PRIMARY KEY, v vector($dim))" \
    -c "ALTER TABLE ${ds}_queries ALTER COLUMN v SET STORAGE PLAIN" \
    -c "COPY ${ds}_queries FROM STDIN (FORMAT binary)" < "$dir/queries.copy"
  q -d "$db" -c "CREATE TABLE ${ds}_pool (id int PRIMARY KEY, v vector($dim))" \
    -c "COPY ${ds}_pool FROM STDIN (FORMAT binary)" < "$dir/pool.copy"
  q -d "$db" -c "CREATE TABLE ${ds}_gt (qid int PRIMARY KEY, ids int[], ok int[], kth float8)" \
    -c "COPY ${ds}_gt FROM STDIN" < "$dir/gt.tsv"
  q -d "$db" -c "CREATE TABLE ${ds}_gt_after (LIKE ${ds}_gt INCLUDING ALL)"
  [ -f "$dir/gt_after.tsv" ] && q -d "$db" -c "COPY ${ds}_gt_after FROM STDIN" < "$dir/gt_after.tsv"
  q -d "$db" -c "VACUUM (ANALYZE) ${ds}_items" -c "VACUUM (ANALYZE) ${ds}_queries" \
    -c "VACUUM (ANALYZE) ${ds}_pool" -c "VACUUM (ANALYZE) ${ds}_gt"
  # timed k-NN loop: one untimed warm-up query (plan + caches), then nq timed ones
  q -d "$db" <<SQL
CREATE OR REPLACE FUNCTION bench_knn_${ds}(nq int, gt regclass DEFAULT '${ds}_gt', OUT n int, OUT loop_s float8, OUT qps float8,
    OUT p50_ms float8, OUT p99_ms float8, OUT recall float8, OUT short int, OUT dups int)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
SET max_parallel_workers_per_gather = 0
AS \$fn\$
DECLARE
  r record; t0 timestamptz; t1 timestamptz; tl timestamptz; ids int[];
  all_ids int[] := '{}'; qids int[] := '{}'; ms float8[] := '{}';
BEGIN
  n := 0; short := 0; dups := 0;
  FOR r IN (SELECT * FROM (SELECT id, v, false AS timed FROM ${ds}_queries ORDER BY id LIMIT 1) w)
           UNION ALL
           (SELECT * FROM (SELECT id, v, true AS timed FROM ${ds}_queries ORDER BY id LIMIT nq) t) LOOP
    IF r.timed AND tl IS NULL THEN tl := clock_timestamp(); END IF;
    t0 := clock_timestamp();
    ids := ARRAY(SELECT id FROM ${ds}_items ORDER BY embedding $op r.v LIMIT $K);
    t1 := clock_timestamp();
    CONTINUE WHEN NOT r.timed;
    n := n + 1;
    ms := ms || (1000 * extract(epoch FROM t1 - t0))::float8;
    IF cardinality(ids) < $K THEN
      short := short + 1;
      ids := ids || array_fill(0, ARRAY[$K - cardinality(ids)]);
    END IF;
    IF (SELECT count(DISTINCT x) FROM unnest(ids) x WHERE x <> 0) <> (SELECT count(*) FROM unnest(ids) x WHERE x <> 0) THEN
      dups := dups + 1;
    END IF;
    all_ids := all_ids || ids;
    qids := qids || r.id;
  END LOOP;
  loop_s := extract(epoch FROM clock_timestamp() - tl);
  qps := n / loop_s;
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_cont(0.99) WITHIN GROUP (ORDER BY x)
    INTO p50_ms, p99_ms FROM unnest(ms) x;
  EXECUTE format('SELECT avg((SELECT count(*) FROM unnest((\$1)[(i - 1) * $K + 1 : i * $K]) x WHERE x = ANY (g.ok))::float8 / $K)
                   FROM generate_subscripts(\$2, 1) i JOIN %s g ON g.qid = (\$2)[i]', gt)
    INTO recall USING all_ids, qids;
END
\$fn\$;

-- single-row INSERTs, one transaction each (pool rows: fresh ids, held-out vectors)
CREATE OR REPLACE PROCEDURE bench_insert_${ds}(first_id int, nrows int,
    INOUT secs float8 DEFAULT NULL, INOUT done int DEFAULT NULL)
LANGUAGE plpgsql AS \$fn\$
DECLARE t0 timestamptz;
BEGIN
  done := 0;
  t0 := clock_timestamp();
  FOR i IN first_id .. first_id + nrows - 1 LOOP
    INSERT INTO ${ds}_items (id, embedding) SELECT id, v FROM ${ds}_pool WHERE id = i;
    COMMIT;
    done := done + 1;
  END LOOP;
  secs := extract(epoch FROM clock_timestamp() - t0);
END
\$fn\$;
SQL
}

prewarm_db() {  # ext ds
  q -d "${BENCH}_$1" >/dev/null <<SQL
SELECT pg_prewarm(c.oid::regclass)
FROM pg_class c
WHERE c.relkind IN ('r', 'i', 't')
  AND (c.relname IN ('${2}_items', '${2}_queries', '${2}_gt', '${2}_${BENCH}')
       OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relname IN ('${2}_items', '${2}_queries'))
       OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.reltoastrelid = i.indrelid
                    WHERE t.relname IN ('${2}_items', '${2}_queries')));
SQL
}

# exact k-NN in SQL (sequential scan, the extension's own distance) for a few queries
# against the numpy ground truth: catches load / distance problems before any index
exact_check() {  # ext ds -> "hits/total"
  local op; op="$(ds_op "$2")"
  q -d "${BENCH}_$1" -c "
    SELECT sum((SELECT count(*) FROM (SELECT id FROM ${2}_items ORDER BY embedding $op qq.v LIMIT $K) s
                WHERE s.id = ANY (g.ok))) || '/' || $K * count(*)
    FROM ${2}_queries qq JOIN ${2}_gt g ON g.qid = qq.id WHERE qq.id <= 3"
}

HZ="$(getconf CLK_TCK)"
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }   # clock ticks, all CPUs

# one timed CREATE INDEX; prints "seconds|bytes|workers_seen|threads_seen|build_cpu_s|machine_cpu_s"
# or "ERROR|message"
build_index() {  # ext ds case
  local e="$1" ds="$2" case="$3" db="${BENCH}_$1" workers=0 relopt="RESET (parallel_workers)" out rc
  case "$case" in parallel) workers=2 ;; forced) workers=2; relopt="SET (parallel_workers = 2)" ;; esac
  q -d "$db" -c "DROP INDEX IF EXISTS ${ds}_${BENCH}" -c "ALTER TABLE ${ds}_items $relopt"
  q -d "$db" -c "SELECT pg_prewarm('${ds}_items')" -c "SELECT pg_prewarm(reltoastrelid) FROM pg_class WHERE relname = '${ds}_items'" >/dev/null
  # sample, while the build runs (every 0.5 s, /proc: same machine only): parallel
  # worker processes, threads of the building backend, and the CPU time of both
  echo "0|1|0" > "$TMPD/workers"
  (
    mx=0 mt=1
    declare -A cpu=()
    while sleep 0.5; do
      IFS='|' read -r c leader pids <<<"$(q -d postgres -c "
        SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'parallel worker') || '|' ||
               coalesce((SELECT min(pid) FROM pg_stat_activity WHERE datname = '$db' AND backend_type = 'client backend'
                         AND query LIKE 'CREATE INDEX%')::text, '') || '|' ||
               coalesce((SELECT string_agg(pid::text, ' ') FROM pg_stat_activity WHERE datname = '$db'
                         AND (backend_type = 'parallel worker' OR query LIKE 'CREATE INDEX%')), '')" 2>/dev/null || echo "0||")"
      [ "${c:-0}" -gt "$mx" ] && mx=$c
      if [ -n "$leader" ] && [ -d "/proc/$leader/task" ]; then
        t="$(ls "/proc/$leader/task" 2>/dev/null | wc -l)"; [ "${t:-0}" -gt "$mt" ] && mt=$t
      fi
      for pid in $pids; do   # utime + stime (all threads), clock ticks
        v="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}')"
        [ -n "$v" ] && cpu[$pid]=$v
      done
      tot=0; for v in "${cpu[@]}"; do tot=$((tot + v)); done
      echo "$mx|$mt|$tot" > "$TMPD/workers"
    done
  ) &
  SAMPLER_PID=$!
  local busy0 busy1
  busy0="$(machine_busy)"
  set +e
  out="$(q -d "$db" 2>&1 <<SQL
SET maintenance_work_mem = '$MWM';
SET max_parallel_maintenance_workers = $workers;
CHECKPOINT;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
CREATE INDEX ${ds}_${BENCH} ON ${ds}_items USING $BENCH (embedding $(ds_ops "$ds")) WITH ($(index_with "$ds"));
SELECT round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 2) || '|' || pg_relation_size('${ds}_${BENCH}');
SQL
)"
  rc=$?
  set -e
  busy1="$(machine_busy)"
  kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
  q -d "$db" -c "ALTER TABLE ${ds}_items RESET (parallel_workers)"
  if [ $rc -ne 0 ]; then
    echo "ERROR|$(tr '\n' ' ' <<<"$out")"
  else
    local w; w="$(cat "$TMPD/workers")"
    # seconds|bytes|workers|threads|build cpu s|machine busy cpu s
    echo "$(tail -1 <<<"$out")|${w%|*}|$(awk -v t="${w##*|}" -v hz="$HZ" 'BEGIN {printf "%.1f", t / hz}')|$(awk -v a="$busy0" -v b="$busy1" -v hz="$HZ" 'BEGIN {printf "%.1f", (b - a) / hz}')"
  fi
}

# recall@K of the index at the CHECK_PARAM setting over the first 100 queries, against the
# ground truth of the table before the INSERT benchmark (gt) or after it (gt_after)
insert_recall() {  # ext ds gt-table -> "recall" or "ERROR ..."
  q -d "${BENCH}_$1" -c "SET $PARAM_GUC = $CHECK_PARAM" \
    -c "SELECT round(recall::numeric, 4) FROM bench_knn_${2}(LEAST($NQ, 100), '$3')" 2>&1 | tr '\n' ' ' || true
}

plan_ok() {  # ext ds: the generic plan of the measured query must be the index scan of the access method
  local plan
  plan="$(q -d "${BENCH}_$1" 2>&1 <<SQL || true
SET plan_cache_mode = force_generic_plan;
PREPARE p(vector) AS SELECT id FROM ${2}_items ORDER BY embedding $(ds_op "$2") \$1 LIMIT $K;
SELECT v AS qv FROM ${2}_queries ORDER BY id LIMIT 1 \gset
EXPLAIN (COSTS OFF) EXECUTE p(:'qv');
SQL
)"
  echo "$plan" > "$OUT/plan_${2}_$1.txt"
  grep -q "Index Scan using ${2}_${BENCH}" <<<"$plan"
}

# a library re-installed during the run (others build on this machine): every
# later session loads the new build; say which phases used which
lib_check() {  # phase
  local e so now
  for e in "${EXT_LIST[@]}"; do
    so="$("$PG_CONFIG" --pkglibdir)/$e.so"
    [ -f "$so" ] && [ -n "${LIBMD5[$e]:-}" ] || continue
    now="$(md5sum "$so" | cut -c1-10)"
    if [ "$now" != "${LIBMD5[$e]}" ]; then
      LIBINFO[$e]+="; WARNING: replaced during the run by md5 $now ($(date -r "$so" '+%H:%M:%S')), seen at: $1"
      LIBMD5[$e]="$now"
      log "WARNING: $e.so replaced during the run (md5 $now, $(date -r "$so" '+%H:%M:%S')), noticed at: $1"
    fi
  done
}

# ---------------------------------------------------------------- run
declare -A BUILD RES INS CHECK SKIP
T_START=$SECONDS
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "dataset,extension,case,max_parallel_maintenance_workers,parallel_workers_reloption,workers_seen,backend_threads_seen,seconds,index_bytes,build_cpu_s,machine_busy_cpu_s,error" > "$OUT/builds.csv"
echo "dataset,extension,pass,$PARAM,queries,loop_s,qps,qps_per_cpu_s,recall,p50_ms,p99_ms,short_results,dup_results" > "$OUT/queries.csv"
echo "dataset,extension,pass,rows,seconds,rows_per_s" > "$OUT/inserts.csv"

for ds in "${DS_LIST[@]}"; do
  prepare_data "$ds"
  lib_check "$ds load"
  for e in "${EXT_LIST[@]}"; do
    log "[$ds/$e] loading into ${BENCH}_$e"
    t0=$SECONDS
    load_db "$e" "$ds"
    CHECK[$ds,$e]="$(exact_check "$e" "$ds")"
    log "[$ds/$e] loaded in $(( SECONDS - t0 )) s; $(q -d "${BENCH}_$e" -c "SELECT count(*) || ' rows, heap+toast ' || pg_size_pretty(pg_total_relation_size('${ds}_items'))  FROM ${ds}_items"); exact SQL top-$K of queries 1-3 vs ground truth: ${CHECK[$ds,$e]}"
  done

  # builds: cases in order, extensions alternating within each case
  for c in "${BUILD_CASES[@]}"; do
    for e in "${EXT_LIST[@]}"; do
      log "[$ds/$e] build $c ..."
      r="$(build_index "$e" "$ds" "$c")"
      BUILD[$ds,$e,$c]="$r"
      case "$c" in serial) w=0 rel="" ;; parallel) w=2 rel="" ;; forced) w=2 rel=2 ;; esac
      if [[ "$r" == ERROR* ]]; then
        log "[$ds/$e] build $c FAILED: ${r#ERROR|}"
        msg="${r#ERROR|}"
        echo "$ds,$e,$c,$w,$rel,,,,,,,\"${msg//\"/\'}\"" >> "$OUT/builds.csv"
      else
        IFS='|' read -r s b wk th bc mc <<<"$r"
        log "[$ds/$e] build $c: $s s, index $(awk -v b="$b" 'BEGIN {printf "%.1f", b / 1048576}') MB, parallel workers seen: $wk, threads of the backend: $th; CPU s: build processes $bc, whole machine $mc (of $(awk -v s="$s" -v n="$(nproc)" 'BEGIN {printf "%.0f", s * n}') available)"
        echo "$ds,$e,$c,$w,$rel,$wk,$th,$s,$b,$bc,$mc," >> "$OUT/builds.csv"
      fi
      lib_check "$ds build $c $e"
    done
  done

  # queries
  lib_check "$ds after builds"
  ACTIVE=()
  for e in "${EXT_LIST[@]}"; do
    if [[ "${BUILD[$ds,$e,serial]}" == ERROR* ]]; then SKIP[$ds,$e]="no index (build failed)"; continue; fi
    if ! plan_ok "$e" "$ds"; then
      SKIP[$ds,$e]="plan is not the $AM_TITLE index scan (see plan_${ds}_$e.txt)"
      log "[$ds/$e] SKIPPING queries: ${SKIP[$ds,$e]}"; continue
    fi
    ACTIVE+=("$e")
    log "[$ds/$e] pg_prewarm + one untimed pass at $PARAM ${PARAMS[-1]}"
    prewarm_db "$e" "$ds"
    q -d "${BENCH}_$e" -c "SET $PARAM_GUC = ${PARAMS[-1]}" -c "SELECT * FROM bench_knn_${ds}($NQ)" >/dev/null
  done
  for p in $(seq 1 "$PASSES"); do     # passes interleaved across extensions to share machine drift
    for pv in "${PARAMS[@]}"; do
      for e in "${ACTIVE[@]+"${ACTIVE[@]}"}"; do
        set +e
        # the backend's CPU time (utime + stime, /proc) around the call: QPS per CPU
        # second is less sensitive than wall-clock QPS to other work on the machine
        out="$(q -d "${BENCH}_$e" 2>&1 <<SQL
SET $PARAM_GUC = $pv;
SELECT pg_backend_pid() AS bpid \gset
\setenv BENCH_BPID :bpid
\! sed 's/.*) //' /proc/\$BENCH_BPID/stat 2>/dev/null | awk '{print "cpu0", \$12 + \$13}'
SELECT n, round(loop_s::numeric, 4), round(qps::numeric, 1), round(recall::numeric, 4), round(p50_ms::numeric, 3), round(p99_ms::numeric, 3), short, dups FROM bench_knn_${ds}($NQ);
\! sed 's/.*) //' /proc/\$BENCH_BPID/stat 2>/dev/null | awk '{print "cpu1", \$12 + \$13}'
SQL
)"
        rc=$?
        set -e
        if [ $rc -ne 0 ]; then
          log "[$ds/$e] $PARAM $pv pass $p FAILED: $(tr '\n' ' ' <<<"$out")"
          SKIP[$ds,$e,$pv]="ERROR: $(tr '\n' ' ' <<<"$out")"; continue
        fi
        IFS='|' read -r n ls qps rec p50 p99 sh du <<<"$(grep '|' <<<"$out")"
        c0="$(sed -n 's/^cpu0 //p' <<<"$out")"; c1="$(sed -n 's/^cpu1 //p' <<<"$out")"
        cqps=""
        [ -n "$c0" ] && [ -n "$c1" ] && [ "$c1" -gt "$c0" ] &&
          cqps="$(awk -v n="$n" -v t="$(( c1 - c0 ))" -v hz="$HZ" 'BEGIN {printf "%.1f", n / (t / hz)}')"
        RES[$ds,$e,$pv,cqps]="${RES[$ds,$e,$pv,cqps]:-} $cqps"
        RES[$ds,$e,$pv,qps]="${RES[$ds,$e,$pv,qps]:-} $qps"
        RES[$ds,$e,$pv,rec]="${RES[$ds,$e,$pv,rec]:-} $rec"
        RES[$ds,$e,$pv,p50]="${RES[$ds,$e,$pv,p50]:-} $p50"
        RES[$ds,$e,$pv,p99]="${RES[$ds,$e,$pv,p99]:-} $p99"
        RES[$ds,$e,$pv,bad]="$(( ${RES[$ds,$e,$pv,bad]:-0} + sh + du ))"
        echo "$ds,$e,$p,$pv,$n,$ls,$qps,$cqps,$rec,$p50,$p99,$sh,$du" >> "$OUT/queries.csv"
        extra=""; [ "$sh" != 0 ] && extra+=" SHORT RESULTS: $sh queries"; [ "$du" != 0 ] && extra+=" DUPLICATE IDS: $du queries"
        log "pass $p/$PASSES  $ds  $e  $PARAM $pv: recall $rec, $qps QPS (per CPU second ${cqps:-?}; p50 $p50 ms, p99 $p99 ms)$extra"
      done
    done
    lib_check "$ds query pass $p"
  done

  # single-row INSERTs (after the queries: they change the table)
  lib_check "$ds after queries"
  if [ "$INSERTS" -gt 0 ]; then
    rows="$(ds_rows "$ds")"
    for e in "${ACTIVE[@]+"${ACTIVE[@]}"}"; do
      INS[$ds,$e,before]="$(insert_recall "$e" "$ds" "${ds}_gt")"
      log "[$ds/$e] before inserts: recall@$K ($PARAM $CHECK_PARAM, queries 1-100): ${INS[$ds,$e,before]}"
    done
    for p in $(seq 1 "$PASSES"); do
      for e in "${ACTIVE[@]+"${ACTIVE[@]}"}"; do
        first=$(( rows + 1 + (p - 1) * INSERTS ))
        set +e
        out="$(q -d "${BENCH}_$e" -c "CALL bench_insert_${ds}($first, $INSERTS)" 2>&1)"
        rc=$?
        set -e
        if [ $rc -ne 0 ]; then
          log "[$ds/$e] INSERT run $p FAILED: $(tr '\n' ' ' <<<"$out")"; INS[$ds,$e,err]="$(tr '\n' ' ' <<<"$out")"; continue
        fi
        IFS='|' read -r secs ndone <<<"$out"
        rps="$(awk -v n="$ndone" -v s="$secs" 'BEGIN {printf "%.1f", n / s}')"
        INS[$ds,$e]="${INS[$ds,$e]:-} $rps"
        echo "$ds,$e,$p,$ndone,$secs,$rps" >> "$OUT/inserts.csv"
        log "pass $p/$PASSES  $ds  $e  $ndone single-row INSERTs in $(printf '%.2f' "$secs") s: $rps rows/s"
      done
    done
    for e in "${ACTIVE[@]+"${ACTIVE[@]}"}"; do   # the index must still answer, and as well
      INS[$ds,$e,after]="$(insert_recall "$e" "$ds" "${ds}_gt_after")"
      log "[$ds/$e] after inserts ($(q -d "${BENCH}_$e" -c "SELECT count(*) FROM ${ds}_items") rows): recall@$K ($PARAM $CHECK_PARAM, queries 1-100, ground truth including the inserted rows): ${INS[$ds,$e,after]}"
    done
  fi
done
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
lib_check "end of run"

# ---------------------------------------------------------------- report
echo "dataset,title,extension,$PARAM,recall,qps,qps_min,qps_max,p50_ms,p99_ms,qps_per_cpu_s" > "$OUT/summary.csv"
fmt_mb() { awk -v b="$1" 'BEGIN {if (b !~ /^[0-9]+$/) print "-"; else printf "%.1f", b / 1048576}'; }   # "-" if empty / ERROR
bfield() {  # ds e case field(1=s,2=bytes,3=workers,4=threads,5=build cpu s,6=machine busy cpu s)
  local r="${BUILD[$1,$2,$3]:-}"
  [ -z "$r" ] && { echo ""; return; }
  [[ "$r" == ERROR* ]] && { echo "ERROR"; return; }
  cut -d'|' -f"$4" <<<"$r"
}
bcell() {  # ds e case -> "18.3" or "13.7 (2w 1t)": parallel workers, backend threads seen
  local s; s="$(bfield "$1" "$2" "$3" 1)"
  [ -z "$s" ] && { echo "-"; return; }
  [ "$s" = ERROR ] && { echo "ERROR"; return; }
  local w t; w="$(bfield "$1" "$2" "$3" 3)"; t="$(bfield "$1" "$2" "$3" 4)"
  if [ "$w" = 0 ] && [ "$t" -le 1 ]; then echo "$s"; else echo "$s (${w}w ${t}t)"; fi
}
best_at() {  # ds e target -> "qps|pv|recall" best median QPS reaching median recall >= target
  local ds="$1" e="$2" t="$3" best="" bpv="" brec="" pv rec qps
  for pv in "${PARAMS[@]}"; do
    rec="$(echo "${RES[$ds,$e,$pv,rec]:-}" | median)"; qps="$(echo "${RES[$ds,$e,$pv,qps]:-}" | median)"
    [ -z "$rec" ] && continue
    if awk -v r="$rec" -v t="$t" -v q="$qps" -v b="$best" 'BEGIN {exit !(r >= t && (b == "" || q > b))}'; then
      best="$qps"; bpv="$pv"; brec="$rec"
    fi
  done
  echo "$best|$bpv|$brec"
}

report() {
  local row line
  echo "# $AM_TITLE benchmark: build, recall@$K / QPS over $PARAM, single-row INSERTs"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load average at start $LOAD_START, at end $LOAD_END (shared machine)"
  echo "- PostgreSQL: $(q -d postgres -c 'SELECT version()')"
  echo "- settings: $(q -d postgres -c "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('jit', 'shared_buffers', 'max_parallel_workers_per_gather', 'work_mem', 'fsync', 'synchronous_commit', 'wal_level', 'autovacuum', 'max_worker_processes', 'max_parallel_workers')"); builds: maintenance_work_mem=$MWM; queries: plan_cache_mode=force_generic_plan, one session per (pass, $PARAM, extension)"
  echo "- index: $(index_desc); k=$K; $NQ queries; median of $PASSES passes; extensions alternate within each pass"
  for e in "${EXT_LIST[@]}"; do echo "- extension $e ${VERSION[$e]}: ${LIBINFO[$e]}"; done
  grep -q WARNING <<<"${LIBINFO[*]}" && echo "- **a library was re-installed while this ran: measurements after that point used the new build** (run when nobody installs)"
  if git -C "$HERE/.." rev-parse --short HEAD >/dev/null 2>&1; then
    echo "- repository: $(git -C "$HERE/.." rev-parse --short HEAD)$(git -C "$HERE/.." diff --quiet HEAD -- 2>/dev/null || echo ' + uncommitted changes') (the installed $EXTS library is what was measured)"
  fi
  echo "- build cases: serial = max_parallel_maintenance_workers 0; parallel = max_parallel_maintenance_workers 2; forced = the same + ALTER TABLE ... SET (parallel_workers = 2); (2w 1t) = at most 2 parallel worker processes (pg_stat_activity) and 1 thread (main included) in the building backend seen (sampled every 0.5 s; shown when not 0w 1t). CHECKPOINT before each build. The serial index is the one queried."
  echo "- QPS = queries / PL/pgSQL loop time, timed inside the server; recall@$K tie-aware (a returned id counts if its exact float64 distance <= the exact ${K}th distance)"
  for ds in "${DS_LIST[@]}"; do
    local title; title="$(ds_title "$ds")"
    echo
    echo "## $ds: $title"
    echo
    echo "data: ${FACTS[$ds]}"
    echo
    local hdr="| extension | version | build serial s | build parallel s | build forced s | index MB | INSERT rows/s |" sep="|---|---|---:|---:|---:|---:|---:|"
    for pv in "${PARAMS[@]}"; do hdr+=" $PARAM_SHORT $pv recall / QPS |"; sep+="---:|"; done
    echo "$hdr"; echo "$sep"
    for e in "${EXT_LIST[@]}"; do
      row="| $e | ${VERSION[$e]} | $(bcell "$ds" "$e" serial) | $(bcell "$ds" "$e" parallel) | $(bcell "$ds" "$e" forced) | $(fmt_mb "$(bfield "$ds" "$e" serial 2)") | $(echo "${INS[$ds,$e]:-}" | median) |"
      for pv in "${PARAMS[@]}"; do
        local rec qps
        rec="$(echo "${RES[$ds,$e,$pv,rec]:-}" | median)"; qps="$(echo "${RES[$ds,$e,$pv,qps]:-}" | median)"
        if [ -n "$rec" ]; then
          row+=" $(printf '%.3f' "$rec") / $(printf '%.0f' "$qps")"
          [ "${RES[$ds,$e,$pv,bad]:-0}" != 0 ] && row+=" (!)"
          row+=" |"
          echo "$ds,\"$title\",$e,$pv,$rec,$qps,$(echo "${RES[$ds,$e,$pv,qps]}" | minmax | tr '-' ','),$(echo "${RES[$ds,$e,$pv,p50]}" | median),$(echo "${RES[$ds,$e,$pv,p99]}" | median),$(echo "${RES[$ds,$e,$pv,cqps]:-}" | median)" >> "$OUT/summary.csv"
        else
          row+=" - |"
        fi
      done
      echo "$row"
    done
    if [ -n "$REF" ]; then
      for e in "${EXT_LIST[@]}"; do
        [ "$e" = "$REF" ] && continue
        row="| **$e/$REF** | | $(ratio "$(bfield "$ds" "$e" serial 1)" "$(bfield "$ds" "$REF" serial 1)") | $(ratio "$(bfield "$ds" "$e" parallel 1)" "$(bfield "$ds" "$REF" parallel 1)") | $(ratio "$(bfield "$ds" "$e" forced 1)" "$(bfield "$ds" "$REF" forced 1)") | $(ratio "$(bfield "$ds" "$e" serial 2)" "$(bfield "$ds" "$REF" serial 2)") | $(ratio "$(echo "${INS[$ds,$e]:-}" | median)" "$(echo "${INS[$ds,$REF]:-}" | median)") |"
        for pv in "${PARAMS[@]}"; do
          local a b ra rb
          a="$(echo "${RES[$ds,$e,$pv,qps]:-}" | median)"; b="$(echo "${RES[$ds,$REF,$pv,qps]:-}" | median)"
          ra="$(echo "${RES[$ds,$e,$pv,rec]:-}" | median)"; rb="$(echo "${RES[$ds,$REF,$pv,rec]:-}" | median)"
          if [ -n "$ra" ] && [ -n "$rb" ]; then
            row+=" recall $(awk -v a="$ra" -v b="$rb" 'BEGIN {printf "%+.3f", a - b}'), QPS x$(ratio "$a" "$b") |"
          else
            row+=" - |"
          fi
        done
        echo "$row"
      done
      echo
      echo "Ratios: time, size and rate are <extension>/$REF (build < 1: faster than $REF; INSERT and QPS > 1: faster); recall as a difference."
    fi
    for e in "${EXT_LIST[@]}"; do
      [ -n "${SKIP[$ds,$e]:-}" ] && echo && echo "**$e: queries not measured: ${SKIP[$ds,$e]}**"
      for pv in "${PARAMS[@]}"; do
        [ -n "${SKIP[$ds,$e,$pv]:-}" ] && echo && echo "**$e $PARAM $pv: ${SKIP[$ds,$e,$pv]}**"
        [ "${RES[$ds,$e,$pv,bad]:-0}" != 0 ] && echo && echo "**$e $PARAM $pv (!): queries with fewer than $K rows or duplicate ids (see queries.csv)**"
      done
      for c in "${BUILD_CASES[@]}"; do
        [[ "${BUILD[$ds,$e,$c]:-}" == ERROR* ]] && echo && echo "**$e build $c failed: ${BUILD[$ds,$e,$c]#ERROR|}**"
      done
      [ -n "${INS[$ds,$e,err]:-}" ] && echo && echo "**$e INSERT failed: ${INS[$ds,$e,err]}**"
    done
    echo
    echo "Equal-recall comparison (best median QPS among the $PARAM values whose median recall reaches the target):"
    echo
    echo "| recall target |$(for e in "${EXT_LIST[@]}"; do printf ' %s QPS (%s, recall) |' "$e" "$PARAM"; done)$( [ -n "$REF" ] && for e in "${EXT_LIST[@]}"; do [ "$e" != "$REF" ] && printf ' %s/%s |' "$e" "$REF"; done)"
    echo "|---:|$(for e in "${EXT_LIST[@]}"; do printf -- '---:|'; done)$( [ -n "$REF" ] && for e in "${EXT_LIST[@]}"; do [ "$e" != "$REF" ] && printf -- '---:|'; done)"
    for t in 0.90 0.95 0.99; do
      row="| $t |" 
      declare -A bq=()
      for e in "${EXT_LIST[@]}"; do
        IFS='|' read -r bq[$e] bpv brec <<<"$(best_at "$ds" "$e" "$t")"
        if [ -n "${bq[$e]}" ]; then row+=" $(printf '%.0f' "${bq[$e]}") ($bpv, $(printf '%.3f' "$brec")) |"; else row+=" not reached |"; fi
      done
      if [ -n "$REF" ]; then
        for e in "${EXT_LIST[@]}"; do [ "$e" != "$REF" ] && row+=" $(ratio "${bq[$e]}" "${bq[$REF]}") |"; done
      fi
      echo "$row"
    done
    echo
    echo "Per $PARAM (median of $PASSES; QPS range over passes; QPS per CPU second of the backend, less sensitive to other load; per-query latency p50 / p99):"
    echo
    echo "| $PARAM | extension | recall | QPS | QPS range | QPS per CPU s | p50 ms | p99 ms |$( [ -n "$REF" ] && echo " QPS ratio | QPS per CPU s ratio |")"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|$( [ -n "$REF" ] && echo "---:|---:|")"
    for pv in "${PARAMS[@]}"; do
      for e in "${EXT_LIST[@]}"; do
        [ -z "${RES[$ds,$e,$pv,rec]:-}" ] && continue
        line="| $pv | $e | $(echo "${RES[$ds,$e,$pv,rec]}" | median) | $(echo "${RES[$ds,$e,$pv,qps]}" | median) | $(echo "${RES[$ds,$e,$pv,qps]}" | minmax) | $(echo "${RES[$ds,$e,$pv,cqps]:-}" | median) | $(echo "${RES[$ds,$e,$pv,p50]}" | median) | $(echo "${RES[$ds,$e,$pv,p99]}" | median) |"
        if [ -n "$REF" ]; then
          if [ "$e" = "$REF" ]; then line+=" | |"; else
            line+=" $(ratio "$(echo "${RES[$ds,$e,$pv,qps]}" | median)" "$(echo "${RES[$ds,$REF,$pv,qps]:-}" | median)") | $(ratio "$(echo "${RES[$ds,$e,$pv,cqps]:-}" | median)" "$(echo "${RES[$ds,$REF,$pv,cqps]:-}" | median)") |"
          fi
        fi
        echo "$line"
      done
    done
    echo
    echo "Builds: wall seconds; CPU seconds of the build processes (backend with its threads + parallel workers, sampled every 0.5 s) and of the whole machine ($(nproc) cores: what the build did not use went to other work on the shared machine):"
    echo
    echo "| case | extension | seconds | build CPU s | machine busy CPU s | parallel workers seen | backend threads seen | index MB |$( [ -n "$REF" ] && echo " seconds ratio | CPU s ratio |")"
    echo "|---|---|---:|---:|---:|---:|---:|---:|$( [ -n "$REF" ] && echo "---:|---:|")"
    for c in "${BUILD_CASES[@]}"; do
      for e in "${EXT_LIST[@]}"; do
        line="| $c | $e | $(bfield "$ds" "$e" "$c" 1) | $(bfield "$ds" "$e" "$c" 5) | $(bfield "$ds" "$e" "$c" 6) | $(bfield "$ds" "$e" "$c" 3) | $(bfield "$ds" "$e" "$c" 4) | $(fmt_mb "$(bfield "$ds" "$e" "$c" 2)") |"
        if [ -n "$REF" ]; then
          if [ "$e" = "$REF" ]; then line+=" | |"; else
            line+=" $(ratio "$(bfield "$ds" "$e" "$c" 1)" "$(bfield "$ds" "$REF" "$c" 1)") | $(ratio "$(bfield "$ds" "$e" "$c" 5)" "$(bfield "$ds" "$REF" "$c" 5)") |"
          fi
        fi
        echo "$line"
      done
    done
    echo
    echo "Sanity checks:"
    echo
    for e in "${EXT_LIST[@]}"; do
      line="- $e: exact SQL top-$K (seq scan, own distance) of queries 1-3 vs ground truth ${CHECK[$ds,$e]:-?};"
      [ "$INSERTS" -gt 0 ] && line+=" INSERT rows/s by pass:$(echo "${INS[$ds,$e]:-}" | sed 's/^ */ /'); recall@$K ($PARAM $CHECK_PARAM, queries 1-100) before / after the INSERTs (ground truth of the table at that point): ${INS[$ds,$e,before]:-} / ${INS[$ds,$e,after]:-}"
      echo "$line"
    done
  done
  echo
  echo "Files: $OUT (summary.csv, queries.csv, builds.csv, inserts.csv, gt_*.tsv, plan_*.txt, recall_qps_*.png, run.log). Total wall time $(( SECONDS - T_START )) s."
}

report | tee "$OUT/results.md"
if "$PY" "$HERE/plot_recall_qps.py" "$OUT/summary.csv" "$OUT" >> "$OUT/run.log" 2>&1; then
  log "plots: $(cd "$OUT" && ls recall_qps_*.png 2>/dev/null | tr '\n' ' ')"
else
  log "plotting failed (see $OUT/run.log)"
fi
