-- ivfflat indexes through the life of a table: unlogged tables, CREATE INDEX
-- CONCURRENTLY, REINDEX, TRUNCATE, inserts, DELETE + VACUUM. Result rows are
-- checked with every list probed, so they do not depend on the clustering.

SET enable_seqscan = off;

-- an unlogged table
CREATE UNLOGGED TABLE iu (id int, v vector(3));
INSERT INTO iu SELECT i, ARRAY[i, i % 3, 1] FROM generate_series(1, 30) i;
CREATE INDEX iu_idx ON iu USING ivfflat (v vector_l2_ops) WITH (lists = 3);
SELECT relpersistence FROM pg_class WHERE relname = 'iu_idx';
SET ivfflat.probes = 3;
SELECT id FROM iu ORDER BY v <-> '[7,1.2,1]' LIMIT 3;
INSERT INTO iu VALUES (31, '[7,1.1,1]');
SELECT id FROM iu ORDER BY v <-> '[7,1.2,1]' LIMIT 3;
-- on an empty unlogged table
TRUNCATE iu;
SELECT id FROM iu ORDER BY v <-> '[7,1.2,1]' LIMIT 3;
INSERT INTO iu VALUES (1, '[1,1,1]'), (2, '[2,2,2]');
SELECT id FROM iu ORDER BY v <-> '[2,2,2]' LIMIT 3;
RESET ivfflat.probes;
DROP TABLE iu;
CREATE UNLOGGED TABLE iu (id int, v halfvec(3));
CREATE INDEX iu_idx ON iu USING ivfflat (v halfvec_cosine_ops) WITH (lists = 1);
INSERT INTO iu VALUES (1, '[1,1,1]'), (2, '[1,2,3]'), (3, '[0,0,0]');
SELECT id FROM iu ORDER BY v <=> '[1,2,3]' LIMIT 3;
DROP TABLE iu;

-- CREATE INDEX CONCURRENTLY, REINDEX
CREATE TABLE ic (id int, v vector(3));
INSERT INTO ic SELECT i, ARRAY[i, i % 7, i % 2] FROM generate_series(1, 40) i;
CREATE INDEX CONCURRENTLY ic_idx ON ic USING ivfflat (v vector_l2_ops) WITH (lists = 4);
SELECT indisvalid, indisready FROM pg_index WHERE indexrelid = 'ic_idx'::regclass;
SET ivfflat.probes = 4;
SELECT id FROM ic ORDER BY v <-> '[20,6,0.1]' LIMIT 3;
REINDEX INDEX ic_idx;
SELECT id FROM ic ORDER BY v <-> '[20,6,0.1]' LIMIT 3;
REINDEX INDEX CONCURRENTLY ic_idx;
SELECT indisvalid, indisready FROM pg_index WHERE indexrelid = 'ic_idx'::regclass;
SELECT id FROM ic ORDER BY v <-> '[20,6,0.1]' LIMIT 3;
REINDEX TABLE ic;
REINDEX TABLE CONCURRENTLY ic;
INSERT INTO ic VALUES (41, '[20,6,0.25]');
SELECT id FROM ic ORDER BY v <-> '[20,6,0.1]' LIMIT 3;
DROP INDEX CONCURRENTLY ic_idx;
CREATE INDEX CONCURRENTLY ic_idx ON ic USING ivfflat (v vector_ip_ops) WITH (lists = 4);
SELECT id FROM ic ORDER BY v <#> '[1,0.1,0]' LIMIT 3;
-- more lists than rows: the NOTICE, from every build
ALTER INDEX ic_idx SET (lists = 50);
REINDEX INDEX ic_idx;
REINDEX INDEX CONCURRENTLY ic_idx;
SET ivfflat.probes = 50;
SELECT id FROM ic ORDER BY v <#> '[1,0.1,0]' LIMIT 3;
RESET ivfflat.probes;
DROP TABLE ic;

-- TRUNCATE empties the index
CREATE TABLE itr (id int, v vector(3));
INSERT INTO itr SELECT i, ARRAY[i, 0, 0] FROM generate_series(1, 20) i;
CREATE INDEX itr_idx ON itr USING ivfflat (v vector_l2_ops) WITH (lists = 2);
SET ivfflat.probes = 2;
SELECT id FROM itr ORDER BY v <-> '[5.2,0,0]' LIMIT 3;
TRUNCATE itr;
SELECT id FROM itr ORDER BY v <-> '[5,0,0]' LIMIT 3;
INSERT INTO itr VALUES (100, '[4,0,0]'), (101, '[9,0,0]'), (102, NULL);
SELECT id FROM itr ORDER BY v <-> '[5,0,0]' LIMIT 3;
-- in a transaction that rolls back
BEGIN;
TRUNCATE itr;
INSERT INTO itr VALUES (200, '[5,0,0]');
SELECT id FROM itr ORDER BY v <-> '[5,0,0]' LIMIT 3;
ROLLBACK;
SELECT id FROM itr ORDER BY v <-> '[5,0,0]' LIMIT 3;
RESET ivfflat.probes;
DROP TABLE itr;

-- inserts after the build, DELETE, VACUUM, then more inserts (a temporary
-- table: VACUUM removes every deleted row even while other sessions run)
CREATE TEMP TABLE ivac (id int, v vector(2));
INSERT INTO ivac SELECT i, ARRAY[i, (i * 7) % 11] FROM generate_series(1, 600) i;
CREATE INDEX ivac_idx ON ivac USING ivfflat (v vector_l2_ops) WITH (lists = 5);
INSERT INTO ivac SELECT i, ARRAY[i, (i * 7) % 11] FROM generate_series(601, 1200) i;
SET ivfflat.probes = 5;
SELECT count(*) FROM (SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5000) s;
SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5;
-- deleted rows are not returned, before or after VACUUM
DELETE FROM ivac WHERE id % 3 <> 0;
SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5;
VACUUM ivac;
SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5;
SELECT count(*) FROM (SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5000) s;
SELECT (SELECT array_agg(d) FROM (SELECT v <-> '[500,5.2]' AS d FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5000) i)
     = (SELECT array_agg(v <-> '[500,5.2]' ORDER BY v <-> '[500,5.2]') FROM ivac) AS exact;
-- new rows go into the freed space
INSERT INTO ivac SELECT i, ARRAY[i, (i * 7) % 11] FROM generate_series(1, 1200) i WHERE i % 3 <> 0;
SELECT count(*) FROM (SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5000) s;
SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5;
-- everything deleted, then the same rows again: the index does not grow
SELECT pg_relation_size('ivac_idx') AS size_before \gset
DELETE FROM ivac;
VACUUM ivac;
SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 3;
INSERT INTO ivac SELECT i, ARRAY[i, (i * 7) % 11] FROM generate_series(1, 1200) i;
SELECT pg_relation_size('ivac_idx') = :size_before AS same_size;
SELECT count(*) FROM (SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5000) s;
SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 3;
-- VACUUM of an index with nothing to remove
VACUUM ivac;
SELECT count(*) FROM (SELECT id FROM ivac ORDER BY v <-> '[500,5.2]' LIMIT 5000) s;
RESET ivfflat.probes;
DROP TABLE ivac;

-- duplicates: identical samples, identical centers
CREATE TABLE idd (id int, v vector(3));
INSERT INTO idd SELECT i, '[1,1,1]' FROM generate_series(1, 20) i;
CREATE INDEX idd_idx ON idd USING ivfflat (v vector_l2_ops) WITH (lists = 5);
SET ivfflat.probes = 5;
SELECT count(*) FROM (SELECT id FROM idd ORDER BY v <-> '[1,1,1]') s;
INSERT INTO idd VALUES (21, '[2,2,2]');
SELECT id FROM idd ORDER BY v <-> '[3,3,3]' LIMIT 1;
DELETE FROM idd WHERE id <= 12;
VACUUM idd;
SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM idd ORDER BY v <-> '[1,1,1]' LIMIT 10) s;
RESET ivfflat.probes;
DROP TABLE idd;

-- VACUUM FULL rebuilds the index; CLUSTER cannot use it
CREATE TABLE ivf (id int, v vector(3));
INSERT INTO ivf SELECT i, ARRAY[i, 1, 1] FROM generate_series(1, 30) i;
CREATE INDEX ivf_idx ON ivf USING ivfflat (v vector_l2_ops) WITH (lists = 2);
DELETE FROM ivf WHERE id < 20;
VACUUM FULL ivf;
SET ivfflat.probes = 2;
SELECT id FROM ivf ORDER BY v <-> '[1,1,1]' LIMIT 3;
RESET ivfflat.probes;
CLUSTER ivf USING ivf_idx;
DROP TABLE ivf;

-- A build that holds fewer list pages than the index has chains (an eighth
-- of maintenance_work_mem, here 448 pages for 500 chains): pages go back to
-- disk before they are full and are read again when their list grows in a
-- later batch of rows. Every row must be found once, in distance order.
CREATE TABLE ie (id int, v vector(2000));
INSERT INTO ie SELECT i, ARRAY(SELECT ((i * 7 + j * (i % 13 + 1)) % 23)::real FROM generate_series(1, 2000) j)
  FROM generate_series(1, 1100) i;
SET maintenance_work_mem = '28MB';
CREATE INDEX ie_idx ON ie USING ivfflat (v vector_l2_ops) WITH (lists = 250);
RESET maintenance_work_mem;
SET ivfflat.probes = 250;
EXPLAIN (COSTS OFF) SELECT id FROM ie ORDER BY v <-> (SELECT v FROM ie WHERE id = 5) LIMIT 5000;
SELECT count(*), count(DISTINCT id) FROM (SELECT id FROM ie ORDER BY v <-> (SELECT v FROM ie WHERE id = 5) LIMIT 5000) s;
SELECT (SELECT array_agg(d) FROM (SELECT v <-> q AS d FROM ie ORDER BY v <-> q LIMIT 5000) s)
     = (SELECT array_agg(v <-> q ORDER BY v <-> q) FROM ie) AS same_distances
  FROM (SELECT v AS q FROM ie WHERE id = 700) q;
RESET ivfflat.probes;
DROP TABLE ie;
