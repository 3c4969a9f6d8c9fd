-- ivfflat indexes on vector columns: the three operator classes, NULLs, zero
-- vectors, odd queries. k-means picks its centers at random, so every check
-- of result rows either uses one list or probes every list (ivfflat.probes =
-- lists): then a scan reads every indexed row and its order is exact. The
-- distances to each query are all different, so the order has no ties.

SET enable_seqscan = off;

CREATE TABLE iv (id int, v vector(3));
INSERT INTO iv VALUES
  (1, '[1,1,1]'), (2, '[2,2,3]'), (3, '[1,0,2]'), (4, NULL), (5, '[0,0,0]'),
  (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');

-- vector_l2_ops is the default operator class
CREATE INDEX iv_idx ON iv USING ivfflat (v) WITH (lists = 1);
SELECT pg_get_indexdef('iv_idx'::regclass);
EXPLAIN (COSTS OFF) SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 5;
SELECT id, v, round((v <-> '[3,3,3]')::numeric, 4) AS d FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <-> '[3,3,3]') FROM iv WHERE v IS NOT NULL) AS exact;
SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 3;
SELECT id FROM iv ORDER BY v <-> '[1,1,1]' LIMIT 1;
-- without LIMIT the index still answers (enable_seqscan = off)
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <-> '[3,3,3]') s;
-- a NULL query: every distance is 0, every indexed row comes back
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <-> (SELECT NULL::vector)) s;
-- query dimensions that differ from the column's
SELECT id FROM iv ORDER BY v <-> '[1,2]' LIMIT 3;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT id FROM iv ORDER BY v <-> '[1,2,3,4]' LIMIT 3;
DROP INDEX iv_idx;

-- several lists, all of them probed
CREATE INDEX iv_idx ON iv USING ivfflat (v vector_l2_ops) WITH (lists = 3);
SET ivfflat.probes = 3;
SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <-> '[3,3,3]') FROM iv WHERE v IS NOT NULL) AS exact;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM iv ORDER BY v <-> '[-2,1,5]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <-> '[-2,1,5]') FROM iv WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <-> (SELECT NULL::vector)) s;
-- probes larger than lists is the same as probes = lists
SET ivfflat.probes = 100;
SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 20;
RESET ivfflat.probes;
-- whatever lists are probed, a scan returns rows in distance order
SELECT coalesce(bool_and(d >= prev), true) AS sorted FROM (
  SELECT d, lag(d, 1, 0::float8) OVER (ORDER BY n) AS prev FROM (
    SELECT row_number() OVER () AS n, d FROM (
      SELECT v <-> '[3,3,3]' AS d FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 20) a) b) c;
DROP INDEX iv_idx;

-- vector_ip_ops: <#>; the zero vector is indexed
CREATE INDEX iv_idx ON iv USING ivfflat (v vector_ip_ops) WITH (lists = 1);
EXPLAIN (COSTS OFF) SELECT id FROM iv ORDER BY v <#> '[1,1,4]' LIMIT 5;
SELECT id, v, v <#> '[1,1,4]' AS d FROM iv ORDER BY v <#> '[1,1,4]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM iv ORDER BY v <#> '[1,1,4]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <#> '[1,1,4]') FROM iv WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <#> (SELECT NULL::vector)) s;
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <#> '[0,0,0]') s;
-- the index only orders by <#>
EXPLAIN (COSTS OFF) SELECT id FROM iv ORDER BY v <-> '[1,1,4]' LIMIT 5;
DROP INDEX iv_idx;
CREATE INDEX iv_idx ON iv USING ivfflat (v vector_ip_ops) WITH (lists = 2);
SET ivfflat.probes = 2;
SELECT id FROM iv ORDER BY v <#> '[1,1,4]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM iv ORDER BY v <#> '[2,-1,0.5]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <#> '[2,-1,0.5]') FROM iv WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <#> (SELECT NULL::vector)) s;
RESET ivfflat.probes;
DROP INDEX iv_idx;

-- vector_cosine_ops: <=>; the zero vector (id 5) is not indexed
CREATE INDEX iv_idx ON iv USING ivfflat (v vector_cosine_ops) WITH (lists = 1);
EXPLAIN (COSTS OFF) SELECT id FROM iv ORDER BY v <=> '[1,2,3]' LIMIT 5;
SELECT id, v, round((v <=> '[1,2,3]')::numeric, 6) AS d FROM iv ORDER BY v <=> '[1,2,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM iv ORDER BY v <=> '[1,2,3]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <=> '[1,2,3]') FROM iv WHERE vector_norm(v) > 0) AS exact;
-- a scaled query orders the same way
SELECT id FROM iv ORDER BY v <=> '[10,20,30]' LIMIT 3;
-- a zero query, a NULL query: every indexed row, in no particular order
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <=> '[0,0,0]') s;
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <=> (SELECT NULL::vector)) s;
SELECT id FROM iv ORDER BY v <=> '[1,2]' LIMIT 3;
-- rows inserted after the build: a zero vector is skipped again
INSERT INTO iv VALUES (11, '[0,0,0]'), (12, '[2,4,6]'), (13, NULL);
SELECT id FROM iv ORDER BY v <=> '[1,2,3]' LIMIT 3;
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <=> '[1,2,3]') s;
DELETE FROM iv WHERE id > 10;
DROP INDEX iv_idx;
CREATE INDEX iv_idx ON iv USING ivfflat (v vector_cosine_ops) WITH (lists = 4);
SET ivfflat.probes = 4;
SELECT id FROM iv ORDER BY v <=> '[1,2,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM iv ORDER BY v <=> '[-3,1,0]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <=> '[-3,1,0]') FROM iv WHERE vector_norm(v) > 0) AS exact;
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <=> '[0,0,0]') s;
SELECT count(*) FROM (SELECT id FROM iv ORDER BY v <=> (SELECT NULL::vector)) s;
RESET ivfflat.probes;
DROP INDEX iv_idx;

-- an index built on an empty table, then filled
TRUNCATE iv;
CREATE INDEX iv_idx ON iv USING ivfflat (v vector_l2_ops) WITH (lists = 2);
SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 5;
INSERT INTO iv VALUES
  (1, '[1,1,1]'), (2, '[2,2,3]'), (3, '[1,0,2]'), (4, NULL), (5, '[0,0,0]'),
  (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');
SET ivfflat.probes = 2;
SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 20;
SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 0;
-- TRUNCATE rebuilds the index empty, with the NOTICE
TRUNCATE iv;
SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 5;
INSERT INTO iv VALUES (1, '[1,1,1]'), (2, '[2,2,3]'), (3, NULL);
SELECT id FROM iv ORDER BY v <-> '[3,3,3]' LIMIT 5;
INSERT INTO iv VALUES
  (5, '[0,0,0]'), (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');
-- a parameterized query
PREPARE nn(vector) AS SELECT id FROM iv ORDER BY v <-> $1 LIMIT 2;
EXECUTE nn('[3,3,3]');
EXECUTE nn('[0,0,0]');
DEALLOCATE nn;
RESET ivfflat.probes;
-- ORDER BY ... DESC, or a distance expression, cannot use the index
EXPLAIN (COSTS OFF) SELECT id FROM iv ORDER BY v <-> '[3,3,3]' DESC LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM iv ORDER BY (v <-> '[3,3,3]') + 1 LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM iv ORDER BY v <=> '[3,3,3]' LIMIT 5;
-- nor can a WHERE clause alone (no order: the cost is infinite)
EXPLAIN (COSTS OFF) SELECT id FROM iv WHERE v <-> '[3,3,3]' < 1;
DROP TABLE iv;

-- single-column only; no UNIQUE, no INCLUDE
CREATE TABLE iv2 (id int, v vector(3), w vector(3));
CREATE INDEX ON iv2 USING ivfflat (v, w);
CREATE UNIQUE INDEX ON iv2 USING ivfflat (v);
CREATE INDEX ON iv2 USING ivfflat (v) INCLUDE (id);
-- operator classes ivfflat does not have, or of another type
CREATE INDEX ON iv2 USING ivfflat (v vector_l1_ops);
CREATE INDEX ON iv2 USING ivfflat (v halfvec_l2_ops);
CREATE INDEX ON iv2 USING ivfflat (id);
DROP TABLE iv2;
