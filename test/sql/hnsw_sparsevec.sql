-- hnsw indexes on sparsevec columns: the four operator classes, NULLs, zero
-- vectors, odd queries. The tables are far smaller than hnsw.ef_search (40),
-- so every scan sees every indexed row and its order is exact.

SET enable_seqscan = off;

CREATE TABLE hs (id int, v sparsevec(10));
INSERT INTO hs VALUES
  (1, '{2:1,5:1,9:1}/10'), (2, '{2:2,5:2,9:3}/10'), (3, '{2:1,9:2}/10'), (4, NULL), (5, '{}/10'),
  (6, '{2:5,5:3,9:1}/10'), (7, '{2:-1,5:2,9:4}/10'), (8, '{2:3,5:1,9:4}/10'), (9, '{2:4,5:4}/10'), (10, '{5:3,9:1}/10');

-- sparsevec_l2_ops: <->
CREATE INDEX hs_idx ON hs USING hnsw (v sparsevec_l2_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hs ORDER BY v <-> '{2:3,5:3,9:3}/10' LIMIT 5;
SELECT id, v FROM hs ORDER BY v <-> '{2:3,5:3,9:3}/10' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hs ORDER BY v <-> '{2:3,5:3,9:3}/10' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <-> '{2:3,5:3,9:3}/10') FROM hs WHERE v IS NOT NULL) AS exact;
SELECT id FROM hs ORDER BY v <-> '{2:3,5:3,9:3}/10' LIMIT 3;
SELECT id FROM hs ORDER BY v <-> '{2:1,5:1,9:1}/10' LIMIT 1;
SELECT count(*) FROM (SELECT id FROM hs ORDER BY v <-> (SELECT NULL::sparsevec) LIMIT 20) s;
SELECT id FROM hs ORDER BY v <-> '{1:1,2:2}/2' LIMIT 3;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT id FROM hs ORDER BY v <-> '{1:1,11:4}/11' LIMIT 3;
DROP INDEX hs_idx;

-- sparsevec_ip_ops: <#>
CREATE INDEX hs_idx ON hs USING hnsw (v sparsevec_ip_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hs ORDER BY v <#> '{2:1,5:1,9:4}/10' LIMIT 5;
SELECT id, v FROM hs ORDER BY v <#> '{2:1,5:1,9:4}/10' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hs ORDER BY v <#> '{2:1,5:1,9:4}/10' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <#> '{2:1,5:1,9:4}/10') FROM hs WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM hs ORDER BY v <#> (SELECT NULL::sparsevec) LIMIT 20) s;
-- the index only orders by <#>
EXPLAIN (COSTS OFF) SELECT id FROM hs ORDER BY v <-> '{2:1,5:1,9:4}/10' LIMIT 5;
DROP INDEX hs_idx;

-- sparsevec_cosine_ops: <=>; the zero vector (id 5) is not indexed
CREATE INDEX hs_idx ON hs USING hnsw (v sparsevec_cosine_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hs ORDER BY v <=> '{2:1,5:2,9:3}/10' LIMIT 5;
SELECT id, v FROM hs ORDER BY v <=> '{2:1,5:2,9:3}/10' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hs ORDER BY v <=> '{2:1,5:2,9:3}/10' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <=> '{2:1,5:2,9:3}/10') FROM hs WHERE l2_norm(v) > 0) AS exact;
-- a scaled query orders the same way
SELECT id FROM hs ORDER BY v <=> '{2:10,5:20,9:30}/10' LIMIT 3;
-- a zero query, a NULL query: every indexed row, in no particular order
SELECT count(*) FROM (SELECT id FROM hs ORDER BY v <=> '{}/10' LIMIT 20) s;
SELECT count(*) FROM (SELECT id FROM hs ORDER BY v <=> (SELECT NULL::sparsevec) LIMIT 20) s;
SELECT id FROM hs ORDER BY v <=> '{1:1,2:2}/2' LIMIT 3;
-- rows inserted after the build: a zero vector is skipped again
INSERT INTO hs VALUES (11, '{}/10'), (12, '{2:2,5:4,9:6}/10'), (13, NULL);
SELECT id FROM hs ORDER BY v <=> '{2:1,5:2,9:3}/10' LIMIT 3;
SELECT count(*) FROM (SELECT id FROM hs ORDER BY v <=> '{2:1,5:2,9:3}/10' LIMIT 20) s;
DELETE FROM hs WHERE id > 10;
DROP INDEX hs_idx;

-- sparsevec_l1_ops: <+>
CREATE INDEX hs_idx ON hs USING hnsw (v sparsevec_l1_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hs ORDER BY v <+> '{2:3.75,5:3.75,9:1.25}/10' LIMIT 5;
SELECT id, v FROM hs ORDER BY v <+> '{2:3.75,5:3.75,9:1.25}/10' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hs ORDER BY v <+> '{2:3.75,5:3.75,9:1.25}/10' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <+> '{2:3.75,5:3.75,9:1.25}/10') FROM hs WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM hs ORDER BY v <+> (SELECT NULL::sparsevec) LIMIT 20) s;
DROP INDEX hs_idx;

DROP TABLE hs;

-- at most 1000 non-zero elements per indexed value, at build and at insert
CREATE TABLE hs (id int, v sparsevec(2000));
INSERT INTO hs SELECT 1, (array_fill(1, ARRAY[1000]) || array_fill(0, ARRAY[1000]))::vector::sparsevec(2000);
INSERT INTO hs VALUES (2, '{1:1}/2000');
CREATE INDEX hs_idx ON hs USING hnsw (v sparsevec_l2_ops);
INSERT INTO hs SELECT 3, (array_fill(2, ARRAY[1000]) || array_fill(0, ARRAY[1000]))::vector::sparsevec(2000);
INSERT INTO hs SELECT 4, (array_fill(1, ARRAY[1001]) || array_fill(0, ARRAY[999]))::vector::sparsevec(2000);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT id FROM hs ORDER BY v <-> '{1:1}/2000' LIMIT 5;
-- a query may have more
SELECT id FROM hs ORDER BY v <-> (array_fill(2, ARRAY[1500]) || array_fill(0, ARRAY[500]))::vector::sparsevec(2000) LIMIT 5;
DROP INDEX hs_idx;
INSERT INTO hs SELECT 4, (array_fill(1, ARRAY[1001]) || array_fill(0, ARRAY[999]))::vector::sparsevec(2000);
CREATE INDEX hs_idx ON hs USING hnsw (v sparsevec_l2_ops);
SELECT :'LAST_ERROR_SQLSTATE';
DROP TABLE hs;

-- sparse values with many dimensions and few non-zero elements
CREATE TABLE hs (id int, v sparsevec(100000));
INSERT INTO hs VALUES (1, '{1:1,99999:1}/100000'), (2, '{50000:2}/100000'), (3, '{100000:3}/100000'), (4, '{1:1}/100000');
CREATE INDEX hs_idx ON hs USING hnsw (v sparsevec_cosine_ops);
SELECT id FROM hs ORDER BY v <=> '{1:1}/100000' LIMIT 2;
SELECT id FROM hs ORDER BY v <=> '{100000:1}/100000' LIMIT 1;
DROP TABLE hs;
