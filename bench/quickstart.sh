#!/usr/bin/env bash
# The main job, end to end, on a fresh Debian 12 machine (as root):
# install what is missing, build, install the extension into PostgreSQL 15,
# start a throwaway server (as user postgres, Unix socket in a temp folder),
# load 5,000 Fashion-MNIST images as 784-dim vectors, answer a
# nearest-neighbour query by exact scan, build an HNSW index and answer it
# again through the index, then the same with an IVFFlat index; prints the
# rows and the timings, then stops.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
rows=${QUICKSTART_ROWS:-5000}
psql_bin=/usr/lib/postgresql/15/bin/psql

ms() { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(ms)
bash test/scripts/install_deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DPG_CONFIG=/usr/lib/postgresql/15/bin/pg_config >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
cmake --install build >/dev/null
t1=$(ms)
echo "build + install: $(( t1 - t0 )) ms"

dir=$(mktemp -d /tmp/pgvec-quickstart.XXXXXX)
chmod 755 "$dir"
port=$((20000 + RANDOM % 20000))
trap 'bash "$src/test/scripts/pg_tmp_cluster.sh" stop "$dir"; rm -rf "$dir"' EXIT
bash test/scripts/pg_tmp_cluster.sh start "$dir" "$port"
export PGHOST="$dir/sock" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres

/usr/bin/python3 bench/fashion_mnist.py train "$rows" > "$dir/items.tsv"
/usr/bin/python3 bench/fashion_mnist.py test 1 > "$dir/query.tsv"

"$psql_bin" -X -q -v ON_ERROR_STOP=1 <<SQL
\timing on
\echo '== CREATE EXTENSION'
CREATE EXTENSION vector;
CREATE TABLE labels (label int PRIMARY KEY, name text);
INSERT INTO labels VALUES (0,'T-shirt/top'),(1,'Trouser'),(2,'Pullover'),(3,'Dress'),(4,'Coat'),
  (5,'Sandal'),(6,'Shirt'),(7,'Sneaker'),(8,'Bag'),(9,'Ankle boot');
CREATE TABLE items (id int PRIMARY KEY, label int, embedding vector(784));
CREATE TABLE queries (id int, label int, embedding vector(784));
\echo '== load ${rows} Fashion-MNIST images (784 dims)'
\copy items FROM '$dir/items.tsv'
\copy queries FROM '$dir/query.tsv'
ANALYZE items;
\timing off
SELECT q.label AS query_label, l.name AS query_is FROM queries q JOIN labels l USING (label);
\echo '== 5 nearest neighbours of the query image (L2, exact scan)'
PREPARE nearest(vector) AS
  SELECT i.id, l.name, round((i.embedding <-> \$1)::numeric, 2) AS distance
  FROM items i JOIN labels l USING (label)
  ORDER BY i.embedding <-> \$1 LIMIT 5;
SELECT embedding AS query FROM queries \gset
\timing on
EXECUTE nearest(:'query');
EXECUTE nearest(:'query');
\echo '== build an HNSW index (m = 16, ef_construction = 64)'
CREATE INDEX ON items USING hnsw (embedding vector_l2_ops);
\timing off
\echo '== the same query through the index'
EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY embedding <-> (SELECT embedding FROM queries) LIMIT 5;
\timing on
EXECUTE nearest(:'query');
EXECUTE nearest(:'query');
\timing off
DROP INDEX items_embedding_idx;
\echo '== build an IVFFlat index instead (lists = 70), probe 8 lists'
\timing on
CREATE INDEX ON items USING ivfflat (embedding vector_l2_ops) WITH (lists = 70);
SET ivfflat.probes = 8;
\timing off
EXPLAIN (COSTS OFF) SELECT id FROM items ORDER BY embedding <-> (SELECT embedding FROM queries) LIMIT 5;
\timing on
EXECUTE nearest(:'query');
EXECUTE nearest(:'query');
\timing off
SQL
t2=$(ms)
echo "total: $(( t2 - t0 )) ms"
