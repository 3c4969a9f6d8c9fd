-- hnsw scans: duplicates, hnsw.ef_search, iterative scans, plans, partial
-- indexes, joins.

SET enable_seqscan = off;

-- 20 identical rows: an element holds at most 10 rows, so with ef_search = 1
-- a scan returns 10 of them
CREATE TABLE hdup (id int, v vector(3));
INSERT INTO hdup SELECT i, '[1,2,3]' FROM generate_series(1, 20) i;
CREATE INDEX hdup_idx ON hdup USING hnsw (v vector_l2_ops);
SET hnsw.ef_search = 1;
SELECT count(*) FROM (SELECT id FROM hdup ORDER BY v <-> '[1,2,3]' LIMIT 100) s;
SELECT count(*) FROM (SELECT id FROM hdup ORDER BY v <-> '[0,0,0]' LIMIT 100) s;
RESET hnsw.ef_search;
SELECT count(*) FROM (SELECT id FROM hdup ORDER BY v <-> '[1,2,3]' LIMIT 100) s;
TRUNCATE hdup;
INSERT INTO hdup SELECT i, '[1,2,3]' FROM generate_series(1, 20) i;
SET hnsw.ef_search = 1;
SELECT count(*) FROM (SELECT id FROM hdup ORDER BY v <-> '[1,2,3]' LIMIT 100) s;
RESET hnsw.ef_search;
SELECT count(*) FROM (SELECT id FROM hdup ORDER BY v <-> '[1,2,3]' LIMIT 100) s;
-- cosine: values with the same direction are equal once normalized
DROP INDEX hdup_idx;
TRUNCATE hdup;
INSERT INTO hdup SELECT i, '[1,2,3]' FROM generate_series(1, 20) i;
INSERT INTO hdup VALUES (21, '[3,2,1]');
CREATE INDEX hdup_idx ON hdup USING hnsw (v vector_cosine_ops);
SET hnsw.ef_search = 1;
SELECT count(*) FROM (SELECT id FROM hdup ORDER BY v <=> '[1,2,3]' LIMIT 100) s;
RESET hnsw.ef_search;
SELECT count(*) FROM (SELECT id FROM hdup ORDER BY v <=> '[1,2,3]' LIMIT 100) s;
-- inner product, rows inserted after the build
DROP INDEX hdup_idx;
TRUNCATE hdup;
CREATE INDEX hdup_idx ON hdup USING hnsw (v vector_ip_ops);
INSERT INTO hdup SELECT i, '[1,2,3]' FROM generate_series(1, 20) i;
INSERT INTO hdup VALUES (21, '[3,2,1]');
SET hnsw.ef_search = 1;
SELECT count(*) FROM (SELECT id FROM hdup ORDER BY v <#> '[1,2,3]' LIMIT 100) s;
RESET hnsw.ef_search;
SELECT count(*) FROM (SELECT id FROM hdup ORDER BY v <#> '[1,2,3]' LIMIT 100) s;
DROP TABLE hdup;

-- 100 points on a line, every tenth marked
CREATE TABLE hit (id int, flag bool, v vector(2));
INSERT INTO hit SELECT i, i % 10 = 0, ARRAY[i, 0] FROM generate_series(1, 100) i;
CREATE INDEX hit_idx ON hit USING hnsw (v vector_l2_ops);
SET hnsw.ef_search = 1;
-- without iterative scans: one element, filtered afterwards
SELECT id FROM hit WHERE flag ORDER BY v <-> '[30,0]' LIMIT 10;
SELECT id FROM hit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 10;
SELECT id FROM hit ORDER BY v <-> '[31,0]' LIMIT 10;
-- relaxed_order: every matching row, nearly in order
SET hnsw.iterative_scan = relaxed_order;
SELECT count(*) FROM (SELECT id FROM hit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 20) s;
SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM hit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 20) s;
SELECT count(*) FROM (SELECT id FROM hit ORDER BY v <-> '[31,0]' LIMIT 100) s;
SELECT count(*) FROM (SELECT id FROM hit WHERE id > 1000 ORDER BY v <-> '[31,0]' LIMIT 10) s;
-- the README's pattern: materialize, then sort exactly
WITH nearest AS MATERIALIZED (
  SELECT id, v <-> '[31,0]' AS distance FROM hit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 5
) SELECT id FROM nearest ORDER BY distance + 0;
-- strict_order: rows out of order are dropped, the output is sorted
SET hnsw.iterative_scan = strict_order;
SELECT count(*) FROM (SELECT id FROM hit WHERE flag ORDER BY v <-> '[100,0]' LIMIT 20) s;
SELECT id FROM hit WHERE flag ORDER BY v <-> '[100,0]' LIMIT 20;
SELECT bool_and(d >= prev) AS sorted FROM (
  SELECT d, lag(d, 1, 0::float8) OVER (ORDER BY n) AS prev FROM (
    SELECT row_number() OVER () AS n, d FROM (
      SELECT v <-> '[31,0]' AS d FROM hit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 20) a) b) c;
SELECT count(*) FROM (SELECT id FROM hit WHERE id > 1000 ORDER BY v <-> '[31,0]' LIMIT 10) s;
-- hnsw.max_scan_tuples = 1 stops the expansion but still returns what was seen
SET hnsw.max_scan_tuples = 1;
SELECT count(*) > 0 AS some FROM (SELECT id FROM hit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 20) s;
RESET hnsw.max_scan_tuples;
-- with a larger ef_search, iterative scans return the same rows
SET hnsw.ef_search = 40;
SET hnsw.iterative_scan = relaxed_order;
SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM hit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 20) s;
RESET hnsw.iterative_scan;
RESET hnsw.ef_search;
-- ef_search bounds the number of rows without iterative scans
SET hnsw.ef_search = 5;
SELECT count(*) FROM (SELECT id FROM hit ORDER BY v <-> '[31,0]' LIMIT 100) s;
SELECT id FROM hit ORDER BY v <-> '[31.2,0]' LIMIT 5;
SET hnsw.ef_search = 100;
SELECT count(*) FROM (SELECT id FROM hit ORDER BY v <-> '[31,0]' LIMIT 100) s;
RESET hnsw.ef_search;
DROP TABLE hit;

-- plans on a larger table
RESET enable_seqscan;
CREATE TABLE hp (id int, c int, v vector(3));
INSERT INTO hp SELECT i, i % 50, ARRAY[i % 17, i % 23, i % 31] FROM generate_series(1, 10000) i;
CREATE INDEX hp_idx ON hp USING hnsw (v vector_l2_ops);
ANALYZE hp;
EXPLAIN (COSTS OFF) SELECT id FROM hp ORDER BY v <-> '[1,2,3]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM hp ORDER BY v <-> '[1,2,3]';
EXPLAIN (COSTS OFF) SELECT id FROM hp WHERE v <-> '[1,2,3]' < 1;
EXPLAIN (COSTS OFF) SELECT id FROM hp ORDER BY v <#> '[1,2,3]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM hp ORDER BY v <-> '[1,2,3]' DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM hp WHERE c != 3 ORDER BY v <-> '[1,2,3]' LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM hp WHERE v <-> '[1,2,3]' < 1 ORDER BY v <-> '[1,2,3]' LIMIT 5;
SELECT v <-> '[1,2,3]' AS d FROM hp ORDER BY v <-> '[1,2,3]' LIMIT 3;
SELECT count(*) FROM hp WHERE v <-> '[1,2,3]' < 1;
SELECT count(*) FROM (SELECT id FROM hp WHERE v <-> '[1,2,3]' < 1 ORDER BY v <-> '[1,2,3]' LIMIT 100) s;
DROP TABLE hp;

SET enable_seqscan = off;

-- a partial index
CREATE TABLE hpart (id int, v vector(3));
INSERT INTO hpart SELECT i, ARRAY[i, i % 4, 0] FROM generate_series(1, 30) i;
CREATE INDEX hpart_idx ON hpart USING hnsw (v vector_l2_ops) WHERE id % 2 = 0;
EXPLAIN (COSTS OFF) SELECT id FROM hpart WHERE id % 2 = 0 ORDER BY v <-> '[11,2.5,0]' LIMIT 3;
SELECT id FROM hpart WHERE id % 2 = 0 ORDER BY v <-> '[11,2.5,0]' LIMIT 3;
EXPLAIN (COSTS OFF) SELECT id FROM hpart ORDER BY v <-> '[11,2.5,0]' LIMIT 3;
SELECT id FROM hpart ORDER BY v <-> '[11,2.5,0]' LIMIT 2;
INSERT INTO hpart VALUES (31, '[11,2.5,0]'), (32, '[11,2.5,0.5]');
SELECT id FROM hpart WHERE id % 2 = 0 ORDER BY v <-> '[11,2.5,0]' LIMIT 3;
DROP TABLE hpart;

-- nearest neighbours of every row of another table
CREATE TABLE hitems (id int, v vector(2));
INSERT INTO hitems SELECT i, ARRAY[i * 10, 0] FROM generate_series(1, 20) i;
CREATE INDEX hitems_idx ON hitems USING hnsw (v vector_l2_ops);
CREATE TABLE hqueries (qid int, q vector(2));
INSERT INTO hqueries VALUES (1, '[12,0]'), (2, '[104,0]'), (3, '[300,0]'), (4, NULL), (5, '[-5,1]');
EXPLAIN (COSTS OFF)
SELECT qid, n.id FROM hqueries CROSS JOIN LATERAL (
  SELECT id FROM hitems ORDER BY hitems.v <-> hqueries.q LIMIT 2) n ORDER BY qid, n.id;
SELECT qid, n.id FROM hqueries CROSS JOIN LATERAL (
  SELECT id FROM hitems ORDER BY hitems.v <-> hqueries.q LIMIT 2) n WHERE q IS NOT NULL ORDER BY qid, n.id;
-- a NULL query: any two rows
SELECT qid, count(*) FROM hqueries CROSS JOIN LATERAL (
  SELECT id FROM hitems ORDER BY hitems.v <-> hqueries.q LIMIT 2) n WHERE q IS NULL GROUP BY qid;
SELECT qid, (SELECT id FROM hitems ORDER BY v <-> q LIMIT 1) AS nearest FROM hqueries WHERE q IS NOT NULL ORDER BY qid;
-- a cursor scanning forward only
BEGIN;
DECLARE c CURSOR FOR SELECT id FROM hitems ORDER BY v <-> '[52,0]' LIMIT 4;
FETCH 2 FROM c;
FETCH 2 FROM c;
FETCH 2 FROM c;
COMMIT;
DROP TABLE hitems, hqueries;
