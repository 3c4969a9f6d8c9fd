-- ivfflat scans: ivfflat.probes, iterative scans and ivfflat.max_probes,
-- plans, partial indexes, joins. k-means picks its centers at random, so
-- with fewer probes than lists only what holds for any clustering is
-- checked (counts, sets found by an iterative scan, sortedness).

SET enable_seqscan = off;

-- three distinct rows and three lists: k-means++ seeds with the three rows
-- (an already chosen row has weight 0), so each row is the center of its
-- own list, whatever the random choices
CREATE TABLE ip3 (v vector(3));
INSERT INTO ip3 VALUES ('[0,0,0]'), ('[1,2,3]'), ('[1,1,1]'), (NULL);
CREATE INDEX ip3_idx ON ip3 USING ivfflat (v vector_l2_ops) WITH (lists = 3);
-- one probe: the nearest list only
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
SELECT v FROM ip3 ORDER BY v <-> '[0,0,0]';
SET ivfflat.probes = 2;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
SET ivfflat.probes = 3;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
RESET ivfflat.probes;
-- iterative: the next list once a list is exhausted, up to max_probes lists
SET ivfflat.iterative_scan = relaxed_order;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
SELECT v FROM ip3 ORDER BY v <-> '[0,0,0]';
SET ivfflat.max_probes = 1;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
SET ivfflat.max_probes = 2;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
SET ivfflat.max_probes = 3;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
SET ivfflat.max_probes = 100;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
-- max_probes below probes: probes wins
SET ivfflat.max_probes = 1;
SET ivfflat.probes = 2;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
RESET ivfflat.probes;
RESET ivfflat.max_probes;
-- a LIMIT stops the scan
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]' LIMIT 2;
-- a NULL query: every list in turn
SELECT count(*) FROM (SELECT v FROM ip3 ORDER BY v <-> (SELECT NULL::vector)) s;
-- max_probes only matters for iterative scans
RESET ivfflat.iterative_scan;
SET ivfflat.max_probes = 3;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
RESET ivfflat.max_probes;
-- TRUNCATE: an empty index
TRUNCATE ip3;
SET ivfflat.iterative_scan = relaxed_order;
SELECT v FROM ip3 ORDER BY v <-> '[3,3,3]';
RESET ivfflat.iterative_scan;
DROP TABLE ip3;

-- the same with inner product and cosine (spherical k-means): three
-- directions, three lists
CREATE TABLE ip3 (v vector(3));
INSERT INTO ip3 VALUES ('[1,0,0]'), ('[0,2,0]'), ('[0,0,2.5]');
CREATE INDEX ip3_idx ON ip3 USING ivfflat (v vector_cosine_ops) WITH (lists = 3);
SELECT v FROM ip3 ORDER BY v <=> '[3,2,1]';
SET ivfflat.iterative_scan = relaxed_order;
SELECT v FROM ip3 ORDER BY v <=> '[3,2,1]';
SET ivfflat.max_probes = 2;
SELECT v FROM ip3 ORDER BY v <=> '[3,2,1]';
RESET ivfflat.max_probes;
RESET ivfflat.iterative_scan;
DROP INDEX ip3_idx;
CREATE INDEX ip3_idx ON ip3 USING ivfflat (v vector_ip_ops) WITH (lists = 3);
SELECT v, v <#> '[3,2,1]' AS d FROM ip3 ORDER BY v <#> '[3,2,1]';
-- the lists are ordered by their (unit) centers, the rows within a list by
-- the inner product, so relaxed_order shows -3, -4, -2.5
SET ivfflat.iterative_scan = relaxed_order;
SELECT v, v <#> '[3,2,1]' AS d FROM ip3 ORDER BY v <#> '[3,2,1]';
SET ivfflat.max_probes = 2;
SELECT v, v <#> '[3,2,1]' AS d FROM ip3 ORDER BY v <#> '[3,2,1]';
RESET ivfflat.max_probes;
-- every list in one batch: sorted
SET ivfflat.probes = 3;
SELECT v, v <#> '[3,2,1]' AS d FROM ip3 ORDER BY v <#> '[3,2,1]';
RESET ivfflat.probes;
RESET ivfflat.max_probes;
RESET ivfflat.iterative_scan;
DROP TABLE ip3;

-- 100 points on a line, every tenth marked
CREATE TABLE iit (id int, flag bool, v vector(2));
INSERT INTO iit SELECT i, i % 10 = 0, ARRAY[i, 0] FROM generate_series(1, 100) i;
CREATE INDEX iit_idx ON iit USING ivfflat (v vector_l2_ops) WITH (lists = 10);
-- every list probed: exact
SET ivfflat.probes = 10;
SELECT id FROM iit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 5;
SELECT id FROM iit ORDER BY v <-> '[31.2,0]' LIMIT 5;
RESET ivfflat.probes;
-- one probe: some rows, in order
SELECT count(*) BETWEEN 1 AND 100 AS some FROM (SELECT id FROM iit ORDER BY v <-> '[31,0]' LIMIT 100) s;
SELECT coalesce(bool_and(d >= prev), true) AS sorted FROM (
  SELECT d, lag(d, 1, 0::float8) OVER (ORDER BY n) AS prev FROM (
    SELECT row_number() OVER () AS n, d FROM (
      SELECT v <-> '[31,0]' AS d FROM iit ORDER BY v <-> '[31,0]' LIMIT 100) a) b) c;
-- relaxed_order: lists are scanned until the LIMIT is reached
SET ivfflat.iterative_scan = relaxed_order;
SELECT count(*) FROM (SELECT id FROM iit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 5) s;
SELECT count(*) FROM (SELECT id FROM iit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 10) s;
SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM iit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 20) s;
SELECT count(*) FROM (SELECT id FROM iit ORDER BY v <-> '[31,0]' LIMIT 1000) s;
SELECT count(*) FROM (SELECT id FROM iit WHERE id > 1000 ORDER BY v <-> '[31,0]' LIMIT 10) s;
SELECT count(*) FROM (SELECT id FROM iit ORDER BY v <-> (SELECT NULL::vector) LIMIT 1000) s;
-- the README's pattern: materialize, then sort exactly
WITH nearest AS MATERIALIZED (
  SELECT id, v <-> '[31,0]' AS distance FROM iit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 10
) SELECT id FROM nearest ORDER BY distance + 0 LIMIT 3;
-- every list in the first batch: exact
SET ivfflat.probes = 10;
SELECT id FROM iit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 5;
RESET ivfflat.probes;
-- max_probes = lists: everything; fewer: at most what the lists hold
SET ivfflat.max_probes = 10;
SELECT count(*) FROM (SELECT id FROM iit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 20) s;
SET ivfflat.max_probes = 1;
SELECT count(*) <= 10 AS bounded FROM (SELECT id FROM iit WHERE flag ORDER BY v <-> '[31,0]' LIMIT 20) s;
RESET ivfflat.max_probes;
RESET ivfflat.iterative_scan;
DROP TABLE iit;

-- plans on a larger table: 10000 rows of 64 dimensions, 100 lists
RESET enable_seqscan;
CREATE TABLE ipl (id int, c int, v vector(64));
INSERT INTO ipl SELECT i, i % 50, (SELECT array_agg((i::bigint * j * 7919) % 10007 / 100.0) FROM generate_series(1, 64) j)
FROM generate_series(1, 10000) i;
CREATE INDEX ipl_idx ON ipl USING ivfflat (v vector_l2_ops) WITH (lists = 100);
CREATE TABLE iplq (q vector(64));
INSERT INTO iplq SELECT array_agg(j) FROM generate_series(1, 64) j;
ANALYZE ipl, iplq;
-- ORDER BY + LIMIT: the index
EXPLAIN (COSTS OFF) SELECT id FROM ipl ORDER BY v <-> (SELECT q FROM iplq) LIMIT 5;
-- no LIMIT: reading every list costs more than sorting
EXPLAIN (COSTS OFF) SELECT id FROM ipl ORDER BY v <-> (SELECT q FROM iplq);
-- no ORDER BY: never the index
EXPLAIN (COSTS OFF) SELECT id FROM ipl WHERE v <-> (SELECT q FROM iplq) < 1;
-- another operator, or DESC: not this index
EXPLAIN (COSTS OFF) SELECT id FROM ipl ORDER BY v <#> (SELECT q FROM iplq) LIMIT 5;
EXPLAIN (COSTS OFF) SELECT id FROM ipl ORDER BY v <-> (SELECT q FROM iplq) DESC LIMIT 5;
-- a filter is applied after the index
EXPLAIN (COSTS OFF) SELECT id FROM ipl WHERE c != 3 ORDER BY v <-> (SELECT q FROM iplq) LIMIT 5;
-- probing every list costs more than a sequential scan
SET ivfflat.probes = 100;
EXPLAIN (COSTS OFF) SELECT id FROM ipl ORDER BY v <-> (SELECT q FROM iplq) LIMIT 5;
-- and then the index answers exactly (ties: compare distances)
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM ipl ORDER BY v <-> (SELECT q FROM iplq) LIMIT 5;
SELECT (SELECT array_agg(d) FROM (SELECT v <-> (SELECT q FROM iplq) AS d FROM ipl ORDER BY v <-> (SELECT q FROM iplq) LIMIT 50) i)
     = (SELECT array_agg(d) FROM (SELECT v <-> (SELECT q FROM iplq) AS d FROM ipl ORDER BY (v <-> (SELECT q FROM iplq)) + 0 LIMIT 50) i) AS exact;
SELECT count(*) FROM (SELECT id FROM ipl ORDER BY v <-> (SELECT q FROM iplq) LIMIT 20000) s;
RESET enable_seqscan;
RESET ivfflat.probes;
-- one probe: fewer rows than the table, in order
SET enable_seqscan = off;
SELECT count(*) < 10000 AS partial FROM (SELECT id FROM ipl ORDER BY v <-> (SELECT q FROM iplq) LIMIT 20000) s;
SELECT coalesce(bool_and(d >= prev), true) AS sorted FROM (
  SELECT d, lag(d, 1, 0::float8) OVER (ORDER BY n) AS prev FROM (
    SELECT row_number() OVER () AS n, d FROM (
      SELECT v <-> (SELECT q FROM iplq) AS d FROM ipl ORDER BY v <-> (SELECT q FROM iplq) LIMIT 20000) a) b) c;
RESET enable_seqscan;
-- relaxed_order with a selective filter still fills the LIMIT
SET ivfflat.iterative_scan = relaxed_order;
EXPLAIN (COSTS OFF) SELECT id FROM ipl WHERE c = 3 ORDER BY v <-> (SELECT q FROM iplq) LIMIT 5;
SELECT count(*) FROM (SELECT id FROM ipl WHERE c = 3 ORDER BY v <-> (SELECT q FROM iplq) LIMIT 5) s;
SET enable_seqscan = off;
SELECT count(*), bool_and(c = 3) FROM (SELECT c FROM ipl WHERE c = 3 ORDER BY v <-> (SELECT q FROM iplq) LIMIT 300) s;
-- a filter that matches nothing: every list is read, nothing returned
SELECT count(*) FROM (SELECT id FROM ipl WHERE c = 1000 ORDER BY v <-> (SELECT q FROM iplq) LIMIT 5) s;
RESET enable_seqscan;
RESET ivfflat.iterative_scan;
DROP TABLE ipl, iplq;

SET enable_seqscan = off;

-- a partial index
CREATE TABLE ipart (id int, v vector(3));
INSERT INTO ipart SELECT i, ARRAY[i, i % 4, 0] FROM generate_series(1, 30) i;
CREATE INDEX ipart_idx ON ipart USING ivfflat (v vector_l2_ops) WITH (lists = 2) WHERE id % 2 = 0;
SET ivfflat.probes = 2;
EXPLAIN (COSTS OFF) SELECT id FROM ipart WHERE id % 2 = 0 ORDER BY v <-> '[11,2.5,0]' LIMIT 3;
SELECT id FROM ipart WHERE id % 2 = 0 ORDER BY v <-> '[11,2.5,0]' LIMIT 3;
EXPLAIN (COSTS OFF) SELECT id FROM ipart ORDER BY v <-> '[11,2.5,0]' LIMIT 3;
SELECT id FROM ipart ORDER BY v <-> '[11,2.5,0]' LIMIT 2;
INSERT INTO ipart VALUES (31, '[11,2.5,0]'), (32, '[11,2.5,0.5]');
SELECT id FROM ipart WHERE id % 2 = 0 ORDER BY v <-> '[11,2.5,0]' LIMIT 3;
SELECT count(*) FROM (SELECT id FROM ipart WHERE id % 2 = 0 ORDER BY v <-> (SELECT NULL::vector)) s;
RESET ivfflat.probes;
DROP TABLE ipart;

-- nearest neighbours of every row of another table
CREATE TABLE iitems (id int, v vector(2));
INSERT INTO iitems SELECT i, ARRAY[i * 10, 0] FROM generate_series(1, 20) i;
CREATE INDEX iitems_idx ON iitems USING ivfflat (v vector_l2_ops) WITH (lists = 4);
CREATE TABLE iqueries (qid int, q vector(2));
INSERT INTO iqueries VALUES (1, '[12,0]'), (2, '[104,0]'), (3, '[300,0]'), (4, NULL), (5, '[-5,1]');
SET ivfflat.probes = 4;
EXPLAIN (COSTS OFF)
SELECT qid, n.id FROM iqueries CROSS JOIN LATERAL (
  SELECT id FROM iitems ORDER BY iitems.v <-> iqueries.q LIMIT 2) n ORDER BY qid, n.id;
SELECT qid, n.id FROM iqueries CROSS JOIN LATERAL (
  SELECT id FROM iitems ORDER BY iitems.v <-> iqueries.q LIMIT 2) n WHERE q IS NOT NULL ORDER BY qid, n.id;
-- a NULL query: any two rows
SELECT qid, count(*) FROM iqueries CROSS JOIN LATERAL (
  SELECT id FROM iitems ORDER BY iitems.v <-> iqueries.q LIMIT 2) n WHERE q IS NULL GROUP BY qid;
SELECT qid, (SELECT id FROM iitems ORDER BY v <-> q LIMIT 1) AS nearest FROM iqueries WHERE q IS NOT NULL ORDER BY qid;
-- the nearest other row of the same table
SELECT a.id, b.id AS nearest FROM iitems a CROSS JOIN LATERAL (
  SELECT id FROM iitems b WHERE b.id <> a.id ORDER BY b.v <-> (a.v + '[1,0]') LIMIT 1) b
WHERE a.id IN (1, 7, 20) ORDER BY a.id;
-- a cursor scanning forward only
BEGIN;
DECLARE c CURSOR FOR SELECT id FROM iitems ORDER BY v <-> '[52,0]' LIMIT 4;
FETCH 2 FROM c;
FETCH 2 FROM c;
FETCH 2 FROM c;
COMMIT;
RESET ivfflat.probes;
DROP TABLE iitems, iqueries;
