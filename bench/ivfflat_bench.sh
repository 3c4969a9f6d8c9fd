#!/usr/bin/env bash
# IVFFlat index benchmark, run inside PostgreSQL 15: build time, index size,
# recall@10 / QPS over ivfflat.probes, and single-row INSERT throughput; the same
# harness, data and report as bench/hnsw_bench.sh (both use bench/lib/bench_common.sh).
#
# For every extension given, a database ivfflat_<ext> is created in one throwaway
# cluster (or in the server given by PGHOST/PGPORT) and loaded with the same data:
#   fmnist  Fashion-MNIST (Debian dataset-fashion-mnist): 60,000 train images x 784,
#           L2 (vector_l2_ops, <->), lists = 250; queries = the first 1,000 test images
#   synth   a text-embedding-like set, 100,000 x 1,536, cosine (vector_cosine_ops,
#           <=>), lists = 320: ~100 Gaussian clusters of uneven size, each in its own
#           low-dimensional subspace with a decaying spectrum plus small isotropic
#           noise, L2-normalised; queries = held-out draws from the mixture; fixed seed
#           (lists 250 / 320 are those of the pgvector 0.8.6 reference figures in
#           shared/benchmarking.md; pgvector's rule rows / 1000 would give 60 / 100)
# Data and exact top-10 ground truth come from bench/hnsw_data.py (numpy; float32
# candidates re-ranked in float64) and are cached (--cache; the same cache as
# hnsw_bench.sh). Per dataset:
#   1. builds  CREATE INDEX ... USING ivfflat (lists = L), CHECKPOINT before each,
#              three cases, extensions alternating:
#                parallel  max_parallel_maintenance_workers = 2 (what PostgreSQL picks)
#                forced    the same + ALTER TABLE ... SET (parallel_workers = 2)
#                serial    max_parallel_maintenance_workers = 0 (this index is kept)
#              seconds, index size, parallel workers (pg_stat_activity) and threads
#              of the backend seen, CPU seconds of the build and of the machine
#   2. queries EXPLAIN must show the index scan; pg_prewarm + one untimed pass; then
#              for each pass, each probes value, each extension: a PL/pgSQL loop over
#              the queries table (generic plan, one session) timed with
#              clock_timestamp(): QPS = queries / loop time, p50/p99 per query,
#              recall@10 tie-aware (a returned id counts if its exact distance <=
#              the exact 10th distance); also queries per CPU second of the backend
#              (/proc), steadier than wall time on a shared machine; medians over passes
#   3. inserts single-row INSERTs into the indexed table (each goes to its nearest
#              list), one transaction each (PL/pgSQL procedure with COMMIT per row,
#              rows from a held-out pool); recall at probes 4 (queries 1-100) before
#              and after, each against the exact ground truth of the table at that point
# Report: markdown tables (+ ratios <ext>/<reference>), CSVs and one recall/QPS PNG
# per dataset (bench/plot_recall_qps.py, python3-matplotlib) in --out DIR. A
# library re-installed during the run (md5 checked after every build and pass)
# is flagged in the report: run when nobody installs.
#
# Usage: bench/ivfflat_bench.sh [options]
#   --extensions LIST       comma-separated extension names (default: vector)
#   --with-reference NAME   also run extension NAME (e.g. pgvref) and print
#                           ratios <ext>/<NAME> for every other extension
#   --datasets LIST         fmnist,synth (default both)
#   --fmnist-rows N         Fashion-MNIST train images loaded (default 60000)
#   --synth-rows N          synthetic rows (default 100000)
#   --queries Q             queries per dataset (default 1000)
#   --passes P              timed passes per probes value / insert run; median (default 3)
#   --probes LIST           default 1,2,4,8,16,32,64
#   --fmnist-lists L        default 250
#   --synth-lists L         default 320
#   --builds LIST           parallel,forced,serial (default all; serial is always
#                           built last, it is the index queried)
#   --inserts N             rows per INSERT run (default 2000; 0 = skip)
#   --maintenance-work-mem S  default 2GB
#   --shared-buffers S      of the throwaway cluster (default 6GB)
#   --seed S                synthetic data seed (default 20240611)
#   --quick                 smoke test: 200 queries, 20,000 rows per dataset,
#                           1 pass, 300 inserts (explicit options still win; lists
#                           are not scaled down)
#   --out DIR               results directory (default bench/results/ivfflat-<timestamp>)
#   --cache DIR             generated data + ground truth cache
#                           (default /var/tmp/hnsw_bench_cache; --no-cache: temp only)
#   --keep                  keep the cluster / databases (prints how to reach them)
#   -h | --help
# Environment:
#   PGHOST (+ PGPORT, PGUSER)  reuse a running server instead of starting one;
#                              ivfflat_<ext> databases are (re)created, dropped at the end
#   PG_CONFIG                  default /usr/lib/postgresql/15/bin/pg_config
#   BENCH_PORT                 port of the throwaway cluster (default 55434)
#   HNSW_DATA_ARGS             extra options for bench/hnsw_data.py synth (e.g. "--noise 0.8";
#                              see hnsw_data.py --help); part of the cache key
#
# Runs as root (server commands through `runuser -u postgres`; installs
# python3-numpy / python3-matplotlib with apt-get if missing) or as any other user.
# Extensions must already be installed in the PostgreSQL installation; types of
# different "vector" extensions collide, hence one database per extension.
set -euo pipefail

# what is specific to IVFFlat; everything else is bench/lib/bench_common.sh
BENCH=ivfflat
AM_TITLE=IVFFlat
PARAM=probes
PARAM_SHORT=probes
PARAM_GUC=ivfflat.probes
PARAM_LIST="1,2,4,8,16,32,64"
PARAM_MAX=32768
CHECK_PARAM=4
DEFAULT_PORT=55434
FMNIST_LISTS=250
SYNTH_LISTS=320
SCRIPT_OPTS="--probes --fmnist-lists --synth-lists"
script_opt() {
  case "$1" in
    --probes) PARAM_LIST="$2" ;;
    --fmnist-lists) FMNIST_LISTS="$2" ;;
    --synth-lists) SYNTH_LISTS="$2" ;;
    *) return 1 ;;
  esac
}
script_check() {
  for n in "$FMNIST_LISTS" "$SYNTH_LISTS"; do   # pgvector: lists 1..32768
    [[ "$n" =~ ^[1-9][0-9]*$ && "$n" -le 32768 ]] || { echo "bad lists: $n" >&2; exit 2; }
  done
}
ds_lists() { case "$1" in fmnist) echo "$FMNIST_LISTS" ;; synth) echo "$SYNTH_LISTS" ;; esac; }
index_with() { echo "lists = $(ds_lists "$1")"; }
index_desc() {
  local ds d=""
  for ds in "${DS_LIST[@]}"; do d+="${d:+, }$(ds_lists "$ds") ($ds)"; done
  echo "ivfflat lists=$d"
}

# shellcheck source=lib/bench_common.sh
source "$(dirname "$0")/lib/bench_common.sh"
