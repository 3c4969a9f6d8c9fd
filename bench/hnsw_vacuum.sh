#!/usr/bin/env bash
# HNSW VACUUM after heavy deletes, inside PostgreSQL 15: Fashion-MNIST 60,000 x
# 784 (Debian dataset-fashion-mnist), m = 16, ef_construction = 64, every fifth
# row deleted (20%), then VACUUM timed; recall@10 of the first Q test images at
# hnsw.ef_search = 40 against an exact scan of the remaining rows. With
# --with-reference NAME a second extension (e.g. pgvector installed as pgvref)
# is measured the same way in the same throwaway cluster, one database each.
#
# Usage: bench/hnsw_vacuum.sh [--with-reference NAME] [--rows N] [--queries Q]
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
ref=""
rows=60000
queries=200
while [ $# -gt 0 ]; do
  case "$1" in
    --with-reference) ref="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
psql_bin=/usr/lib/postgresql/15/bin/psql
dir=$(mktemp -d /tmp/pgvec-vacuum.XXXXXX)
chmod 755 "$dir"
port=$((20000 + RANDOM % 20000))
trap 'bash "$src/test/scripts/pg_tmp_cluster.sh" stop "$dir"; rm -rf "$dir"' EXIT
bash test/scripts/pg_tmp_cluster.sh start "$dir" "$port" shared_buffers=2GB maintenance_work_mem=2GB \
  max_parallel_maintenance_workers=2 autovacuum=off
export PGHOST="$dir/sock" PGPORT="$port" PGUSER=postgres
/usr/bin/python3 bench/fashion_mnist.py train "$rows" > "$dir/items.tsv"
/usr/bin/python3 bench/fashion_mnist.py test "$queries" > "$dir/queries.tsv"
chmod 644 "$dir"/*.tsv

echo "| extension | build s | VACUUM s | recall@10 after (ef_search 40) |"
echo "|---|---:|---:|---:|"
for ext in vector $ref; do
  "$psql_bin" -X -q -c "CREATE DATABASE vac_$ext"
  "$psql_bin" -X -q -At -v ON_ERROR_STOP=1 -d "vac_$ext" > "$dir/$ext.out" <<SQL
CREATE EXTENSION $ext;
CREATE TABLE items (id int PRIMARY KEY, label int, embedding vector(784));
CREATE TABLE queries (id int, label int, embedding vector(784));
\\copy items FROM '$dir/items.tsv'
\\copy queries FROM '$dir/queries.tsv'
SELECT extract(epoch FROM clock_timestamp()) AS t0 \\gset
CREATE INDEX ON items USING hnsw (embedding vector_l2_ops);
SELECT extract(epoch FROM clock_timestamp()) AS t1 \\gset
DELETE FROM items WHERE id % 5 = 0;
SELECT extract(epoch FROM clock_timestamp()) AS t2 \\gset
VACUUM items;
SELECT extract(epoch FROM clock_timestamp()) AS t3 \\gset
SET hnsw.ef_search = 40;
CREATE TEMP TABLE ann AS SELECT q.id, array(SELECT i.id FROM items i ORDER BY i.embedding <-> q.embedding LIMIT 10) ids FROM queries q;
SET enable_indexscan = off;
CREATE TEMP TABLE exact AS SELECT q.id, array(SELECT i.id FROM items i ORDER BY i.embedding <-> q.embedding LIMIT 10) ids FROM queries q;
SELECT round((:t1 - :t0)::numeric, 2), round((:t3 - :t2)::numeric, 2),
       round(avg((SELECT count(*) FROM unnest(a.ids) x WHERE x = ANY (e.ids)))::numeric / 10, 4)
  FROM ann a JOIN exact e USING (id);
SQL
  IFS='|' read -r build vacuum recall < <(tail -1 "$dir/$ext.out")
  echo "| $ext | $build | $vacuum | $recall |"
done
