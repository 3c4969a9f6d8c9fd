-- ivfflat index options (lists), the ivfflat.* settings, the limits on what
-- can be indexed, and the memory check of the build.

-- loads the library, which defines the settings
SELECT '[1,2,3]'::vector;

-- settings: defaults, ranges, SET LOCAL
SHOW ivfflat.probes;
SHOW ivfflat.iterative_scan;
SHOW ivfflat.max_probes;
SET ivfflat.probes = 0;
SET ivfflat.probes = 32769;
SET ivfflat.probes = -1;
SET ivfflat.probes = 1;
SHOW ivfflat.probes;
SET ivfflat.probes = 32768;
SHOW ivfflat.probes;
RESET ivfflat.probes;
SHOW ivfflat.probes;
SET ivfflat.iterative_scan = on;
SET ivfflat.iterative_scan = strict_order;
SET ivfflat.iterative_scan = relaxed_order;
SHOW ivfflat.iterative_scan;
SET ivfflat.iterative_scan = off;
SHOW ivfflat.iterative_scan;
RESET ivfflat.iterative_scan;
SET ivfflat.max_probes = 0;
SET ivfflat.max_probes = 32769;
SET ivfflat.max_probes = 1;
SHOW ivfflat.max_probes;
SET ivfflat.max_probes = 32768;
RESET ivfflat.max_probes;
SHOW ivfflat.max_probes;
BEGIN;
SET LOCAL ivfflat.probes = 7;
SET LOCAL ivfflat.iterative_scan = relaxed_order;
SHOW ivfflat.probes;
SHOW ivfflat.iterative_scan;
COMMIT;
SHOW ivfflat.probes;
SHOW ivfflat.iterative_scan;
-- the prefix is reserved
SET ivfflat.no_such_setting = 1;
SELECT name, setting, vartype, context, min_val, max_val, enumvals, boot_val, short_desc, extra_desc
FROM pg_settings WHERE name LIKE 'ivfflat.%' ORDER BY name;

-- the lists option
CREATE TABLE io (id int, v vector(3));
INSERT INTO io SELECT i, ARRAY[i, i % 5, i % 3] FROM generate_series(1, 50) i;
CREATE INDEX ON io USING ivfflat (v vector_l2_ops) WITH (lists = 0);
CREATE INDEX ON io USING ivfflat (v vector_l2_ops) WITH (lists = 32769);
CREATE INDEX ON io USING ivfflat (v vector_l2_ops) WITH (lists = -1);
CREATE INDEX ON io USING ivfflat (v vector_l2_ops) WITH (lists = 'x');
-- a fraction is rounded to even (PostgreSQL's integer option parsing), and
-- the text is kept: with two rows, 2.5 lists give no NOTICE, 2.6 do
CREATE TABLE io2 (v vector(2));
INSERT INTO io2 VALUES ('[1,2]'), ('[3,4]');
CREATE INDEX io2_a ON io2 USING ivfflat (v vector_l2_ops) WITH (lists = 2.5);
CREATE INDEX io2_b ON io2 USING ivfflat (v vector_l2_ops) WITH (lists = 2.6);
CREATE INDEX io2_c ON io2 USING ivfflat (v vector_l2_ops) WITH (lists = '2e0');
CREATE INDEX io2_d ON io2 USING ivfflat (v vector_l2_ops) WITH (lists = 0.4);
SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'io2\__' ORDER BY relname;
DROP TABLE io2;
CREATE INDEX ON io USING ivfflat (v vector_l2_ops) WITH (m = 16);
CREATE INDEX ON io USING ivfflat (v vector_l2_ops) WITH (probes = 1);
-- the extremes that are accepted; more lists than rows gives the NOTICE
CREATE INDEX io_a ON io USING ivfflat (v vector_l2_ops) WITH (lists = 1);
CREATE INDEX io_b ON io USING ivfflat (v vector_l2_ops) WITH (lists = 50);
CREATE INDEX io_c ON io USING ivfflat (v vector_l2_ops) WITH (lists = 51);
CREATE INDEX io_d ON io USING ivfflat (v vector_l2_ops);
-- NULLs are not samples
INSERT INTO io VALUES (51, NULL);
CREATE INDEX io_e ON io USING ivfflat (v vector_l2_ops) WITH (lists = 51);
DELETE FROM io WHERE id = 51;
SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'io\__' ORDER BY relname;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'io' ORDER BY indexname;
SET enable_seqscan = off;
-- each index alone, every list probed, answers the same
DROP INDEX io_b, io_c, io_d, io_e;
SELECT id FROM io ORDER BY v <-> '[20,0,2.2]' LIMIT 3;
DROP INDEX io_a;
CREATE INDEX io_b ON io USING ivfflat (v vector_l2_ops) WITH (lists = 50);
SET ivfflat.probes = 50;
SELECT id FROM io ORDER BY v <-> '[20,0,2.2]' LIMIT 3;
RESET ivfflat.probes;

-- ALTER INDEX changes the option; the index keeps its lists until it is
-- rebuilt
ALTER INDEX io_b SET (lists = 0);
ALTER INDEX io_b SET (lists = 32768);
SELECT reloptions FROM pg_class WHERE relname = 'io_b';
ALTER INDEX io_b SET (lists = 5);
SELECT reloptions FROM pg_class WHERE relname = 'io_b';
SET ivfflat.probes = 50;
SELECT id FROM io ORDER BY v <-> '[20,0,2.2]' LIMIT 3;
INSERT INTO io VALUES (100, '[20,0,2.1]');
SELECT id FROM io ORDER BY v <-> '[20,0,2.2]' LIMIT 3;
REINDEX INDEX io_b;
SET ivfflat.probes = 5;
SELECT id FROM io ORDER BY v <-> '[20,0,2.2]' LIMIT 3;
ALTER INDEX io_b SET (lists = 60);
REINDEX INDEX io_b;
ALTER INDEX io_b RESET (lists);
SELECT reloptions FROM pg_class WHERE relname = 'io_b';
REINDEX INDEX io_b;
SET ivfflat.probes = 100;
SELECT id FROM io ORDER BY v <-> '[20,0,2.2]' LIMIT 3;
RESET ivfflat.probes;
RESET enable_seqscan;
DROP TABLE io;

-- dimensions
CREATE TABLE id0 (v vector, h halfvec, b bit(10), s sparsevec(3));
CREATE INDEX ON id0 USING ivfflat (v vector_l2_ops);
SELECT :'LAST_ERROR_SQLSTATE';
CREATE INDEX ON id0 USING ivfflat (v vector_cosine_ops);
CREATE INDEX ON id0 USING ivfflat (h halfvec_l2_ops);
-- expressions without a type modifier
CREATE INDEX ON id0 USING ivfflat ((v::halfvec) halfvec_l2_ops);
CREATE INDEX ON id0 USING ivfflat ((substring(b, 1, 4)) bit_hamming_ops);
CREATE INDEX ON id0 USING ivfflat ((h::vector(3)) vector_l2_ops) WITH (lists = 1);
-- no sparsevec operator classes
CREATE INDEX ON id0 USING ivfflat (s sparsevec_l2_ops);
CREATE INDEX ON id0 USING ivfflat (s);
DROP TABLE id0;

-- one dimension: only for L2 and Hamming (spherical k-means needs two)
CREATE TABLE id1 (id int, v vector(1), h halfvec(1), b bit(1));
INSERT INTO id1 VALUES (1, '[1]', '[1]', '1'), (2, '[-2]', '[-2]', '0'), (3, '[5]', '[5]', '1');
CREATE INDEX ON id1 USING ivfflat (v vector_ip_ops) WITH (lists = 1);
SELECT :'LAST_ERROR_SQLSTATE';
CREATE INDEX ON id1 USING ivfflat (v vector_cosine_ops) WITH (lists = 1);
CREATE INDEX ON id1 USING ivfflat (h halfvec_ip_ops) WITH (lists = 1);
CREATE INDEX ON id1 USING ivfflat (h halfvec_cosine_ops) WITH (lists = 1);
CREATE INDEX ON id1 USING ivfflat ((v::vector(1)) vector_cosine_ops) WITH (lists = 1);
CREATE INDEX id1_v ON id1 USING ivfflat (v vector_l2_ops) WITH (lists = 3);
CREATE INDEX id1_h ON id1 USING ivfflat (h halfvec_l2_ops) WITH (lists = 3);
CREATE INDEX id1_b ON id1 USING ivfflat (b bit_hamming_ops) WITH (lists = 2);
SET enable_seqscan = off;
SET ivfflat.probes = 3;
SELECT id FROM id1 ORDER BY v <-> '[0]' LIMIT 3;
SELECT id FROM id1 ORDER BY h <-> '[4]' LIMIT 3;
SELECT id FROM id1 ORDER BY b <~> '0' LIMIT 1;
RESET ivfflat.probes;
RESET enable_seqscan;
DROP TABLE id1;
-- two dimensions are enough
CREATE TABLE id2 (id int, v vector(2));
INSERT INTO id2 VALUES (1, '[1,0]'), (2, '[0,1]'), (3, '[1,1]');
CREATE INDEX ON id2 USING ivfflat (v vector_cosine_ops) WITH (lists = 1);
SET enable_seqscan = off;
SELECT id FROM id2 ORDER BY v <=> '[1,0.1]' LIMIT 3;
RESET enable_seqscan;
DROP TABLE id2;

CREATE TABLE id3 (id int, v vector(2001));
CREATE INDEX ON id3 USING ivfflat (v vector_l2_ops);
SELECT :'LAST_ERROR_SQLSTATE';
CREATE INDEX ON id3 USING ivfflat (v vector_ip_ops);
DROP TABLE id3;
CREATE TABLE id3 (id int, v vector(2000));
CREATE INDEX ON id3 USING ivfflat (v vector_l2_ops);
DROP INDEX id3_v_idx;
INSERT INTO id3 SELECT 1, array_fill(1, ARRAY[2000])::vector;
INSERT INTO id3 SELECT 2, array_fill(2, ARRAY[2000])::vector;
INSERT INTO id3 SELECT 3, (SELECT array_agg(i % 7) FROM generate_series(1, 2000) i)::vector;
CREATE INDEX ON id3 USING ivfflat (v vector_cosine_ops) WITH (lists = 2);
INSERT INTO id3 SELECT 4, (SELECT array_agg(-i % 5) FROM generate_series(1, 2000) i)::vector;
SET enable_seqscan = off;
SET ivfflat.probes = 2;
SELECT id FROM id3 ORDER BY v <=> (SELECT array_agg(i % 7) FROM generate_series(1, 2000) i)::vector LIMIT 1;
SELECT count(*) FROM (SELECT id FROM id3 ORDER BY v <=> array_fill(1, ARRAY[2000])::vector LIMIT 10) s;
SELECT id FROM id3 ORDER BY v <=> (SELECT array_agg(-i % 5) FROM generate_series(1, 2000) i)::vector LIMIT 1;
SELECT id FROM id3 ORDER BY v <=> array_fill(1, ARRAY[1999])::vector LIMIT 1;
RESET ivfflat.probes;
RESET enable_seqscan;
DROP TABLE id3;

CREATE TABLE id4 (id int, v halfvec(4001));
CREATE INDEX ON id4 USING ivfflat (v halfvec_l2_ops);
DROP TABLE id4;
CREATE TABLE id4 (id int, v halfvec(4000));
CREATE INDEX ON id4 USING ivfflat (v halfvec_l2_ops);
DROP INDEX id4_v_idx;
INSERT INTO id4 SELECT 1, array_fill(1, ARRAY[4000])::halfvec;
CREATE INDEX ON id4 USING ivfflat (v halfvec_l2_ops) WITH (lists = 1);
INSERT INTO id4 SELECT 2, (SELECT array_agg(i % 7) FROM generate_series(1, 4000) i)::halfvec;
INSERT INTO id4 SELECT 3, array_fill(3, ARRAY[4000])::halfvec;
SET enable_seqscan = off;
SELECT id FROM id4 ORDER BY v <-> array_fill(2.5, ARRAY[4000])::halfvec LIMIT 3;
RESET enable_seqscan;
DROP TABLE id4;

CREATE TABLE id5 (id int, b bit(64001));
CREATE INDEX ON id5 USING ivfflat (b bit_hamming_ops);
DROP TABLE id5;
CREATE TABLE id5 (id int, b bit(64000));
CREATE INDEX ON id5 USING ivfflat (b bit_hamming_ops);
DROP INDEX id5_b_idx;
INSERT INTO id5 SELECT 1, repeat('1', 64000)::bit(64000);
CREATE INDEX ON id5 USING ivfflat (b bit_hamming_ops) WITH (lists = 1);
INSERT INTO id5 SELECT 2, (repeat('1', 100) || repeat('0', 63900))::bit(64000);
INSERT INTO id5 SELECT 3, repeat('1000', 16000)::bit(64000);
SET enable_seqscan = off;
SELECT id FROM id5 ORDER BY b <~> (repeat('1', 200) || repeat('0', 63800))::bit(64000) LIMIT 3;
RESET enable_seqscan;
DROP TABLE id5;

-- memory: the build needs the centers, the samples and the k-means bounds
-- in maintenance_work_mem (compared in kB), and reports what it needs as
-- bytes / 1 MB + 1 and maintenance_work_mem in whole MB, rounded down
--
-- centers alone: 200 lists of 2000 dimensions (8008 bytes each)
SET maintenance_work_mem = '1MB';
CREATE TABLE im (id int, v vector(2000));
CREATE INDEX ON im USING ivfflat (v vector_l2_ops) WITH (lists = 200);
SELECT :'LAST_ERROR_SQLSTATE';
-- 130 lists and one sample slot (an empty table) fit exactly:
-- (32 + 130 * 8008) + (32 + 1 * 8008) bytes = 1024.5 kB, compared in whole kB;
-- 131 lists do not
CREATE INDEX im_a ON im USING ivfflat (v vector_l2_ops) WITH (lists = 130);
DROP INDEX im_a;
CREATE INDEX ON im USING ivfflat (v vector_l2_ops) WITH (lists = 131);
-- the reported maintenance_work_mem is rounded down
SET maintenance_work_mem = '1536kB';
CREATE INDEX ON im USING ivfflat (v vector_l2_ops) WITH (lists = 200);
-- samples: the table has one page, room for 291 rows, so 291 sample slots:
-- (32 + 8008) + (32 + 291 * 8008) bytes = 2.2 MB
INSERT INTO im SELECT i, array_fill(i, ARRAY[2000])::vector FROM generate_series(1, 3) i;
SET maintenance_work_mem = '2MB';
CREATE INDEX ON im USING ivfflat (v vector_l2_ops) WITH (lists = 1);
SET maintenance_work_mem = '3MB';
CREATE INDEX im_a ON im USING ivfflat (v vector_l2_ops) WITH (lists = 1);
DROP TABLE im;
-- the same for halfvec (4000 dimensions: 8008 bytes) and bit (64000 bits: 8008 bytes)
SET maintenance_work_mem = '1MB';
CREATE TABLE im (id int, h halfvec(4000), b bit(64000));
CREATE INDEX ON im USING ivfflat (h halfvec_l2_ops) WITH (lists = 200);
CREATE INDEX ON im USING ivfflat (b bit_hamming_ops) WITH (lists = 200);
CREATE INDEX ON im USING ivfflat (h halfvec_l2_ops) WITH (lists = 130);
CREATE INDEX ON im USING ivfflat (b bit_hamming_ops) WITH (lists = 130);
DROP TABLE im;
-- k-means: a float bound per sample and list, a float distance per pair of
-- lists (1000 samples, 1000 lists: 8 MB; 500 lists: 3 MB; 200 lists: 1007 kB)
CREATE TABLE im (id int, v vector(3));
INSERT INTO im SELECT i, ARRAY[i, i % 7, i % 11] FROM generate_series(1, 1000) i;
SET maintenance_work_mem = '4MB';
CREATE INDEX ON im USING ivfflat (v vector_l2_ops) WITH (lists = 1000);
SET maintenance_work_mem = '1MB';
CREATE INDEX ON im USING ivfflat (v vector_l2_ops) WITH (lists = 500);
CREATE INDEX ON im USING ivfflat (v vector_cosine_ops) WITH (lists = 500);
CREATE INDEX ON im USING ivfflat (v vector_l2_ops) WITH (lists = 200);
DROP TABLE im;
RESET maintenance_work_mem;
