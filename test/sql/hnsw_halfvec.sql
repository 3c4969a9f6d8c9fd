-- hnsw indexes on halfvec columns: the four operator classes, NULLs, zero
-- vectors, odd queries. The tables are far smaller than hnsw.ef_search (40),
-- so every scan sees every indexed row and its order is exact.

SET enable_seqscan = off;

CREATE TABLE hh (id int, v halfvec(3));
INSERT INTO hh VALUES
  (1, '[1,1,1]'), (2, '[2,2,3]'), (3, '[1,0,2]'), (4, NULL), (5, '[0,0,0]'),
  (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');

-- halfvec_l2_ops: <->
CREATE INDEX hh_idx ON hh USING hnsw (v halfvec_l2_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hh ORDER BY v <-> '[3,3,3]' LIMIT 5;
SELECT id, v FROM hh ORDER BY v <-> '[3,3,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hh ORDER BY v <-> '[3,3,3]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <-> '[3,3,3]') FROM hh WHERE v IS NOT NULL) AS exact;
SELECT id FROM hh ORDER BY v <-> '[3,3,3]' LIMIT 3;
SELECT id FROM hh ORDER BY v <-> '[1,1,1]' LIMIT 1;
SELECT count(*) FROM (SELECT id FROM hh ORDER BY v <-> (SELECT NULL::halfvec) LIMIT 20) s;
SELECT id FROM hh ORDER BY v <-> '[1,2]' LIMIT 3;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT id FROM hh ORDER BY v <-> '[1,2,3,4]' LIMIT 3;
DROP INDEX hh_idx;

-- halfvec_ip_ops: <#>
CREATE INDEX hh_idx ON hh USING hnsw (v halfvec_ip_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hh ORDER BY v <#> '[1,1,4]' LIMIT 5;
SELECT id, v FROM hh ORDER BY v <#> '[1,1,4]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hh ORDER BY v <#> '[1,1,4]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <#> '[1,1,4]') FROM hh WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM hh ORDER BY v <#> (SELECT NULL::halfvec) LIMIT 20) s;
-- the index only orders by <#>
EXPLAIN (COSTS OFF) SELECT id FROM hh ORDER BY v <-> '[1,1,4]' LIMIT 5;
DROP INDEX hh_idx;

-- halfvec_cosine_ops: <=>; the zero vector (id 5) is not indexed
CREATE INDEX hh_idx ON hh USING hnsw (v halfvec_cosine_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hh ORDER BY v <=> '[1,2,3]' LIMIT 5;
SELECT id, v FROM hh ORDER BY v <=> '[1,2,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hh ORDER BY v <=> '[1,2,3]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <=> '[1,2,3]') FROM hh WHERE l2_norm(v) > 0) AS exact;
-- a scaled query orders the same way
SELECT id FROM hh ORDER BY v <=> '[10,20,30]' LIMIT 3;
-- a zero query, a NULL query: every indexed row, in no particular order
SELECT count(*) FROM (SELECT id FROM hh ORDER BY v <=> '[0,0,0]' LIMIT 20) s;
SELECT count(*) FROM (SELECT id FROM hh ORDER BY v <=> (SELECT NULL::halfvec) LIMIT 20) s;
SELECT id FROM hh ORDER BY v <=> '[1,2]' LIMIT 3;
-- rows inserted after the build: a zero vector is skipped again
INSERT INTO hh VALUES (11, '[0,0,0]'), (12, '[2,4,6]'), (13, NULL);
SELECT id FROM hh ORDER BY v <=> '[1,2,3]' LIMIT 3;
SELECT count(*) FROM (SELECT id FROM hh ORDER BY v <=> '[1,2,3]' LIMIT 20) s;
DELETE FROM hh WHERE id > 10;
DROP INDEX hh_idx;

-- halfvec_l1_ops: <+>
CREATE INDEX hh_idx ON hh USING hnsw (v halfvec_l1_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hh ORDER BY v <+> '[3.75,3.75,1.25]' LIMIT 5;
SELECT id, v FROM hh ORDER BY v <+> '[3.75,3.75,1.25]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hh ORDER BY v <+> '[3.75,3.75,1.25]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <+> '[3.75,3.75,1.25]') FROM hh WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM hh ORDER BY v <+> (SELECT NULL::halfvec) LIMIT 20) s;
DROP INDEX hh_idx;

-- the same rows inserted after the build
TRUNCATE hh;
CREATE INDEX hh_idx ON hh USING hnsw (v halfvec_l2_ops);
INSERT INTO hh VALUES
  (1, '[1,1,1]'), (2, '[2,2,3]'), (3, '[1,0,2]'), (4, NULL), (5, '[0,0,0]'),
  (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');
SELECT id FROM hh ORDER BY v <-> '[3,3,3]' LIMIT 20;
DROP TABLE hh;

-- an expression index: halfvec copies of a vector column
CREATE TABLE hx (id int, embedding vector(3));
INSERT INTO hx VALUES
  (1, '[1,1,1]'), (2, '[2,2,3]'), (3, '[1,0,2]'), (4, NULL), (5, '[0,0,0]'),
  (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');
CREATE INDEX hx_idx ON hx USING hnsw ((embedding::halfvec(3)) halfvec_l2_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hx ORDER BY embedding::halfvec(3) <-> '[3,3,3]' LIMIT 5;
SELECT id FROM hx ORDER BY embedding::halfvec(3) <-> '[3,3,3]' LIMIT 5;
INSERT INTO hx VALUES (11, '[3,3,3.0001]');
SELECT id FROM hx ORDER BY embedding::halfvec(3) <-> '[3,3,3]' LIMIT 2;
-- the plain column is not indexed
EXPLAIN (COSTS OFF) SELECT id FROM hx ORDER BY embedding <-> '[3,3,3]' LIMIT 5;
DROP TABLE hx;
