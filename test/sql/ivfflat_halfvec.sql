-- ivfflat indexes on halfvec columns: halfvec_l2_ops, halfvec_ip_ops,
-- halfvec_cosine_ops, NULLs, zero vectors, odd queries. k-means picks its
-- centers at random, so result rows are only checked with one list or with
-- every list probed, where a scan is exact. All values are exact in half
-- precision and the distances to each query are all different.

SET enable_seqscan = off;

CREATE TABLE ih (id int, v halfvec(3));
INSERT INTO ih VALUES
  (1, '[1,1,1]'), (2, '[2,2,3]'), (3, '[1,0,2]'), (4, NULL), (5, '[0,0,0]'),
  (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');

-- halfvec has no default operator class
CREATE INDEX ON ih USING ivfflat (v);

-- halfvec_l2_ops: <->
CREATE INDEX ih_idx ON ih USING ivfflat (v halfvec_l2_ops) WITH (lists = 1);
EXPLAIN (COSTS OFF) SELECT id FROM ih ORDER BY v <-> '[3,3,3]' LIMIT 5;
SELECT id, v, round((v <-> '[3,3,3]')::numeric, 4) AS d FROM ih ORDER BY v <-> '[3,3,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM ih ORDER BY v <-> '[3,3,3]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <-> '[3,3,3]') FROM ih WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM ih ORDER BY v <-> (SELECT NULL::halfvec)) s;
SELECT id FROM ih ORDER BY v <-> '[1,2]' LIMIT 3;
SELECT :'LAST_ERROR_SQLSTATE';
-- rows inserted after the build
INSERT INTO ih VALUES (11, '[3,3,2.5]'), (12, NULL);
SELECT id FROM ih ORDER BY v <-> '[3,3,3]' LIMIT 3;
DELETE FROM ih WHERE id > 10;
DROP INDEX ih_idx;
CREATE INDEX ih_idx ON ih USING ivfflat (v halfvec_l2_ops) WITH (lists = 3);
SET ivfflat.probes = 3;
SELECT id FROM ih ORDER BY v <-> '[3,3,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM ih ORDER BY v <-> '[-2,1,5]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <-> '[-2,1,5]') FROM ih WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM ih ORDER BY v <-> (SELECT NULL::halfvec)) s;
RESET ivfflat.probes;
DROP INDEX ih_idx;

-- halfvec_ip_ops: <#>; the zero vector is indexed
CREATE INDEX ih_idx ON ih USING ivfflat (v halfvec_ip_ops) WITH (lists = 1);
EXPLAIN (COSTS OFF) SELECT id FROM ih ORDER BY v <#> '[1,1,4]' LIMIT 5;
SELECT id, v, v <#> '[1,1,4]' AS d FROM ih ORDER BY v <#> '[1,1,4]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM ih ORDER BY v <#> '[1,1,4]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <#> '[1,1,4]') FROM ih WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM ih ORDER BY v <#> (SELECT NULL::halfvec)) s;
-- the index only orders by <#>
EXPLAIN (COSTS OFF) SELECT id FROM ih ORDER BY v <=> '[1,1,4]' LIMIT 5;
DROP INDEX ih_idx;
CREATE INDEX ih_idx ON ih USING ivfflat (v halfvec_ip_ops) WITH (lists = 2);
SET ivfflat.probes = 2;
SELECT id FROM ih ORDER BY v <#> '[1,1,4]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM ih ORDER BY v <#> '[2,-1,0.5]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <#> '[2,-1,0.5]') FROM ih WHERE v IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM ih ORDER BY v <#> (SELECT NULL::halfvec)) s;
RESET ivfflat.probes;
DROP INDEX ih_idx;

-- halfvec_cosine_ops: <=>; the zero vector (id 5) is not indexed
CREATE INDEX ih_idx ON ih USING ivfflat (v halfvec_cosine_ops) WITH (lists = 1);
EXPLAIN (COSTS OFF) SELECT id FROM ih ORDER BY v <=> '[1,2,3]' LIMIT 5;
SELECT id, v, round((v <=> '[1,2,3]')::numeric, 6) AS d FROM ih ORDER BY v <=> '[1,2,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM ih ORDER BY v <=> '[1,2,3]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <=> '[1,2,3]') FROM ih WHERE l2_norm(v) > 0) AS exact;
SELECT id FROM ih ORDER BY v <=> '[10,20,30]' LIMIT 3;
SELECT count(*) FROM (SELECT id FROM ih ORDER BY v <=> '[0,0,0]') s;
SELECT count(*) FROM (SELECT id FROM ih ORDER BY v <=> (SELECT NULL::halfvec)) s;
SELECT id FROM ih ORDER BY v <=> '[1,2,3,4]' LIMIT 3;
-- rows inserted after the build: a zero vector is skipped again
INSERT INTO ih VALUES (11, '[0,0,0]'), (12, '[2,4,6]'), (13, NULL);
SELECT id FROM ih ORDER BY v <=> '[1,2,3]' LIMIT 3;
SELECT count(*) FROM (SELECT id FROM ih ORDER BY v <=> '[1,2,3]') s;
DELETE FROM ih WHERE id > 10;
DROP INDEX ih_idx;
CREATE INDEX ih_idx ON ih USING ivfflat (v halfvec_cosine_ops) WITH (lists = 4);
SET ivfflat.probes = 4;
SELECT id FROM ih ORDER BY v <=> '[1,2,3]' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM ih ORDER BY v <=> '[-3,1,0]' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY v <=> '[-3,1,0]') FROM ih WHERE l2_norm(v) > 0) AS exact;
SELECT count(*) FROM (SELECT id FROM ih ORDER BY v <=> '[0,0,0]') s;
SELECT count(*) FROM (SELECT id FROM ih ORDER BY v <=> (SELECT NULL::halfvec)) s;
RESET ivfflat.probes;
DROP INDEX ih_idx;

-- only zero vectors and NULLs: nothing to sample for cosine
CREATE TABLE ih0 (v halfvec(3));
INSERT INTO ih0 VALUES ('[0,0,0]'), ('[0,0,0]'), (NULL);
CREATE INDEX ON ih0 USING ivfflat (v halfvec_cosine_ops) WITH (lists = 1);
SELECT count(*) FROM (SELECT v FROM ih0 ORDER BY v <=> '[1,1,1]') s;
-- but inner product indexes them (and samples nothing either)
CREATE INDEX ON ih0 USING ivfflat (v halfvec_ip_ops) WITH (lists = 1);
SELECT count(*) FROM (SELECT v FROM ih0 ORDER BY v <#> '[1,1,1]') s;
-- L2 samples them
CREATE INDEX ON ih0 USING ivfflat (v halfvec_l2_ops) WITH (lists = 2);
CREATE INDEX ON ih0 USING ivfflat (v halfvec_l2_ops) WITH (lists = 3);
DROP TABLE ih0;

-- TRUNCATE rebuilds the index empty, with the NOTICE
CREATE INDEX ih_idx ON ih USING ivfflat (v halfvec_l2_ops) WITH (lists = 2);
TRUNCATE ih;
SELECT id FROM ih ORDER BY v <-> '[3,3,3]' LIMIT 5;
INSERT INTO ih VALUES (1, '[1,1,1]'), (2, '[2,2,3]'), (3, NULL), (4, '[0,0,0]');
SET ivfflat.probes = 2;
SELECT id FROM ih ORDER BY v <-> '[3,3,3]' LIMIT 5;
RESET ivfflat.probes;
DROP TABLE ih;

-- an expression index: halfvec copies of vector values
CREATE TABLE ihx (id int, v vector(3));
INSERT INTO ihx VALUES
  (1, '[1,1,1]'), (2, '[2,2,3]'), (3, '[1,0,2]'), (4, NULL), (5, '[0,0,0]'),
  (6, '[5,3,1]'), (7, '[-1,2,4]'), (8, '[3,1,4]'), (9, '[4,4,0]'), (10, '[0,3,1]');
CREATE INDEX ihx_idx ON ihx USING ivfflat ((v::halfvec(3)) halfvec_l2_ops) WITH (lists = 1);
EXPLAIN (COSTS OFF) SELECT id FROM ihx ORDER BY v::halfvec(3) <-> '[3,3,3]' LIMIT 5;
SELECT id FROM ihx ORDER BY v::halfvec(3) <-> '[3,3,3]' LIMIT 5;
-- the plain column is not indexed
EXPLAIN (COSTS OFF) SELECT id FROM ihx ORDER BY v <-> '[3,3,3]' LIMIT 5;
DROP TABLE ihx;
