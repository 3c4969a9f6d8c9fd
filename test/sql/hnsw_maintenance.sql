-- hnsw indexes through the life of a table: unlogged tables, CREATE INDEX
-- CONCURRENTLY, REINDEX, TRUNCATE, inserts, DELETE + VACUUM.

SET enable_seqscan = off;

-- an unlogged table
CREATE UNLOGGED TABLE hu (id int, v vector(3));
INSERT INTO hu SELECT i, ARRAY[i, i % 3, 1] FROM generate_series(1, 30) i;
CREATE INDEX hu_idx ON hu USING hnsw (v vector_l2_ops);
SELECT relpersistence FROM pg_class WHERE relname = 'hu_idx';
SELECT id FROM hu ORDER BY v <-> '[7,1.2,1]' LIMIT 3;
INSERT INTO hu VALUES (31, '[7,1.1,1]');
SELECT id FROM hu ORDER BY v <-> '[7,1.2,1]' LIMIT 3;
-- on an empty unlogged table
TRUNCATE hu;
SELECT id FROM hu ORDER BY v <-> '[7,1.2,1]' LIMIT 3;
INSERT INTO hu VALUES (1, '[1,1,1]'), (2, '[2,2,2]');
SELECT id FROM hu ORDER BY v <-> '[2,2,2]' LIMIT 3;
DROP TABLE hu;
CREATE UNLOGGED TABLE hu (id int, v halfvec(3));
CREATE INDEX hu_idx ON hu USING hnsw (v halfvec_cosine_ops);
INSERT INTO hu VALUES (1, '[1,1,1]'), (2, '[1,2,3]'), (3, '[0,0,0]');
SELECT id FROM hu ORDER BY v <=> '[1,2,3]' LIMIT 3;
DROP TABLE hu;

-- CREATE INDEX CONCURRENTLY, REINDEX
CREATE TABLE hc (id int, v vector(3));
INSERT INTO hc SELECT i, ARRAY[i, i % 7, i % 2] FROM generate_series(1, 40) i;
CREATE INDEX CONCURRENTLY hc_idx ON hc USING hnsw (v vector_l2_ops);
SELECT indisvalid, indisready FROM pg_index WHERE indexrelid = 'hc_idx'::regclass;
SELECT id FROM hc ORDER BY v <-> '[20,6,0]' LIMIT 3;
REINDEX INDEX hc_idx;
SELECT id FROM hc ORDER BY v <-> '[20,6,0]' LIMIT 3;
REINDEX INDEX CONCURRENTLY hc_idx;
SELECT indisvalid, indisready FROM pg_index WHERE indexrelid = 'hc_idx'::regclass;
SELECT id FROM hc ORDER BY v <-> '[20,6,0]' LIMIT 3;
REINDEX TABLE hc;
REINDEX TABLE CONCURRENTLY hc;
INSERT INTO hc VALUES (41, '[20,6,0.25]');
SELECT id FROM hc ORDER BY v <-> '[20,6,0]' LIMIT 3;
DROP INDEX CONCURRENTLY hc_idx;
CREATE INDEX CONCURRENTLY hc_idx ON hc USING hnsw (v vector_ip_ops);
SELECT id FROM hc ORDER BY v <#> '[1,0,0]' LIMIT 3;
DROP TABLE hc;

-- TRUNCATE empties the index
CREATE TABLE ht (id int, v vector(3));
INSERT INTO ht SELECT i, ARRAY[i, 0, 0] FROM generate_series(1, 20) i;
CREATE INDEX ht_idx ON ht USING hnsw (v vector_l2_ops);
SELECT id FROM ht ORDER BY v <-> '[5.2,0,0]' LIMIT 3;
TRUNCATE ht;
SELECT id FROM ht ORDER BY v <-> '[5,0,0]' LIMIT 3;
INSERT INTO ht VALUES (100, '[4,0,0]'), (101, '[9,0,0]'), (102, NULL);
SELECT id FROM ht ORDER BY v <-> '[5,0,0]' LIMIT 3;
-- in a transaction that rolls back
BEGIN;
TRUNCATE ht;
INSERT INTO ht VALUES (200, '[5,0,0]');
SELECT id FROM ht ORDER BY v <-> '[5,0,0]' LIMIT 3;
ROLLBACK;
SELECT id FROM ht ORDER BY v <-> '[5,0,0]' LIMIT 3;
DROP TABLE ht;

-- inserts after the build, DELETE, VACUUM, then more inserts
CREATE TABLE hvac (id int, v vector(2));
INSERT INTO hvac SELECT i, ARRAY[i, (i * 7) % 11] FROM generate_series(1, 60) i;
CREATE INDEX hvac_idx ON hvac USING hnsw (v vector_l2_ops) WITH (m = 4, ef_construction = 8);
INSERT INTO hvac SELECT i, ARRAY[i, (i * 7) % 11] FROM generate_series(61, 120) i;
SET hnsw.ef_search = 200;
SELECT count(*) FROM (SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 500) s;
SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 5;
-- deleted rows are not returned, before or after VACUUM
DELETE FROM hvac WHERE id % 3 <> 0;
SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 5;
VACUUM hvac;
SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 5;
SELECT count(*) FROM (SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 500) s;
SELECT (SELECT array_agg(d) FROM (SELECT v <-> '[50,5]' AS d FROM hvac ORDER BY v <-> '[50,5]' LIMIT 500) i)
     = (SELECT array_agg(v <-> '[50,5]' ORDER BY v <-> '[50,5]') FROM hvac) AS exact;
-- the entry point and its neighbourhood go away
DELETE FROM hvac WHERE id < 100;
VACUUM hvac;
SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 3;
SELECT count(*) FROM (SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 500) s;
-- new rows reuse the space (after such churn the few old rows may no longer
-- be reachable, in pgvector too, until the index is rebuilt)
INSERT INTO hvac SELECT i, ARRAY[i, (i * 7) % 11] FROM generate_series(1, 60) i;
SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 5;
REINDEX INDEX hvac_idx;
SELECT count(*) FROM (SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 500) s;
SELECT (SELECT array_agg(d) FROM (SELECT v <-> '[50,5]' AS d FROM hvac ORDER BY v <-> '[50,5]' LIMIT 500) i)
     = (SELECT array_agg(v <-> '[50,5]' ORDER BY v <-> '[50,5]') FROM hvac) AS exact;
-- everything deleted
DELETE FROM hvac;
VACUUM hvac;
SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 3;
INSERT INTO hvac VALUES (1, '[1,1]');
SELECT id FROM hvac ORDER BY v <-> '[50,5]' LIMIT 3;
RESET hnsw.ef_search;
DROP TABLE hvac;

-- duplicates deleted one by one
CREATE TABLE hdd (id int, v vector(3));
INSERT INTO hdd SELECT i, '[1,1,1]' FROM generate_series(1, 15) i;
INSERT INTO hdd VALUES (16, '[2,2,2]');
CREATE INDEX hdd_idx ON hdd USING hnsw (v vector_l2_ops);
DELETE FROM hdd WHERE id <= 12;
VACUUM hdd;
SELECT id FROM hdd ORDER BY v <-> '[1,1,1]', id LIMIT 5;
SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM hdd ORDER BY v <-> '[1,1,1]' LIMIT 5) s;
INSERT INTO hdd SELECT i, '[1,1,1]' FROM generate_series(17, 20) i;
SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM hdd ORDER BY v <-> '[1,1,1]' LIMIT 10) s;
DROP TABLE hdd;

-- VACUUM FULL and CLUSTER-free rebuilds keep the index usable
CREATE TABLE hvf (id int, v vector(3));
INSERT INTO hvf SELECT i, ARRAY[i, 1, 1] FROM generate_series(1, 30) i;
CREATE INDEX hvf_idx ON hvf USING hnsw (v vector_l2_ops);
DELETE FROM hvf WHERE id < 20;
VACUUM FULL hvf;
SELECT id FROM hvf ORDER BY v <-> '[1,1,1]' LIMIT 3;
CLUSTER hvf USING hvf_idx;
DROP TABLE hvf;
