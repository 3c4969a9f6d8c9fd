-- hnsw indexes on vector columns: the four operator classes, NULLs, zero
-- vectors, odd queries. The tables are far smaller than hnsw.ef_search (40),
-- so every scan sees every indexed row and its order is exact.

SET enable_seqscan = off;

CREATE TABLE hv (id int, v vector(3));
INSERT INTO hv VALUES
  (1, '[1,1,1]'), (2, '[2,2,3]'), (3, '[1,0,2]'), (4, NULL), (5, '[0,0,0]'),
  (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');

-- vector_l2_ops: <->
CREATE INDEX hv_idx ON hv USING hnsw (v vector_l2_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hv ORDER BY v <-> '[3,3,3]' LIMIT 5;
SELECT id, v FROM hv ORDER BY v <-> '[3,3,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hv ORDER BY v <-> '[3,3,3]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <-> '[3,3,3]') FROM hv WHERE v IS NOT NULL) AS exact;
SELECT id FROM hv ORDER BY v <-> '[3,3,3]' LIMIT 3;
SELECT id FROM hv ORDER BY v <-> '[1,1,1]' LIMIT 1;
SELECT count(*) FROM (SELECT id FROM hv ORDER BY v <-> (SELECT NULL::vector) LIMIT 20) s;
SELECT id FROM hv ORDER BY v <-> '[1,2]' LIMIT 3;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT id FROM hv ORDER BY v <-> '[1,2,3,4]' LIMIT 3;
DROP INDEX hv_idx;

-- vector_ip_ops: <#>
CREATE INDEX hv_idx ON hv USING hnsw (v vector_ip_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hv ORDER BY v <#> '[1,1,4]' LIMIT 5;
SELECT id, v FROM hv ORDER BY v <#> '[1,1,4]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hv ORDER BY v <#> '[1,1,4]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <#> '[1,1,4]') FROM hv WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM hv ORDER BY v <#> (SELECT NULL::vector) LIMIT 20) s;
-- the index only orders by <#>
EXPLAIN (COSTS OFF) SELECT id FROM hv ORDER BY v <-> '[1,1,4]' LIMIT 5;
DROP INDEX hv_idx;

-- vector_cosine_ops: <=>; the zero vector (id 5) is not indexed
CREATE INDEX hv_idx ON hv USING hnsw (v vector_cosine_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hv ORDER BY v <=> '[1,2,3]' LIMIT 5;
SELECT id, v FROM hv ORDER BY v <=> '[1,2,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hv ORDER BY v <=> '[1,2,3]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <=> '[1,2,3]') FROM hv WHERE vector_norm(v) > 0) AS exact;
-- a scaled query orders the same way
SELECT id FROM hv ORDER BY v <=> '[10,20,30]' LIMIT 3;
-- a zero query, a NULL query: every indexed row, in no particular order
SELECT count(*) FROM (SELECT id FROM hv ORDER BY v <=> '[0,0,0]' LIMIT 20) s;
SELECT count(*) FROM (SELECT id FROM hv ORDER BY v <=> (SELECT NULL::vector) LIMIT 20) s;
SELECT id FROM hv ORDER BY v <=> '[1,2]' LIMIT 3;
-- rows inserted after the build: a zero vector is skipped again
INSERT INTO hv VALUES (11, '[0,0,0]'), (12, '[2,4,6]'), (13, NULL);
SELECT id FROM hv ORDER BY v <=> '[1,2,3]' LIMIT 3;
SELECT count(*) FROM (SELECT id FROM hv ORDER BY v <=> '[1,2,3]' LIMIT 20) s;
DELETE FROM hv WHERE id > 10;
DROP INDEX hv_idx;

-- vector_l1_ops: <+>
CREATE INDEX hv_idx ON hv USING hnsw (v vector_l1_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hv ORDER BY v <+> '[3.75,3.75,1.25]' LIMIT 5;
SELECT id, v FROM hv ORDER BY v <+> '[3.75,3.75,1.25]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hv ORDER BY v <+> '[3.75,3.75,1.25]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <+> '[3.75,3.75,1.25]') FROM hv WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM hv ORDER BY v <+> (SELECT NULL::vector) LIMIT 20) s;
DROP INDEX hv_idx;

-- rows inserted after CREATE INDEX, into an index built on an empty table
TRUNCATE hv;
CREATE INDEX hv_idx ON hv USING hnsw (v vector_l2_ops);
SELECT id FROM hv ORDER BY v <-> '[3,3,3]' LIMIT 5;
INSERT INTO hv VALUES
  (1, '[1,1,1]'), (2, '[2,2,3]'), (3, '[1,0,2]'), (4, NULL), (5, '[0,0,0]'),
  (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');
SELECT id FROM hv ORDER BY v <-> '[3,3,3]' LIMIT 20;
SELECT id FROM hv ORDER BY v <-> '[3,3,3]' LIMIT 0;
-- a parameterized query
PREPARE nn(vector) AS SELECT id FROM hv ORDER BY v <-> $1 LIMIT 2;
EXECUTE nn('[3,3,3]');
EXECUTE nn('[0,0,0]');
DEALLOCATE nn;
-- ORDER BY ... DESC, or a distance expression, cannot use the index
EXPLAIN (COSTS OFF) SELECT id FROM hv ORDER BY v <-> '[3,3,3]' DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM hv ORDER BY (v <-> '[3,3,3]') + 1 LIMIT 5;
DROP TABLE hv;

-- single-column only; no UNIQUE, no INCLUDE
CREATE TABLE hv2 (id int, v vector(3), w vector(3));
CREATE INDEX ON hv2 USING hnsw (v vector_l2_ops, w vector_l2_ops);
CREATE UNIQUE INDEX ON hv2 USING hnsw (v vector_l2_ops);
CREATE INDEX ON hv2 USING hnsw (v vector_l2_ops) INCLUDE (id);
-- no default operator class
CREATE INDEX ON hv2 USING hnsw (v);
-- an operator class of another type
CREATE INDEX ON hv2 USING hnsw (v halfvec_l2_ops);
DROP TABLE hv2;
