-- hnsw index options (m, ef_construction), the hnsw.* settings, and the
-- limits on what can be indexed.

-- loads the library, which defines the settings
SELECT '[1,2,3]'::vector;

-- settings: defaults, ranges, SET LOCAL
SHOW hnsw.ef_search;
SHOW hnsw.iterative_scan;
SHOW hnsw.max_scan_tuples;
SHOW hnsw.scan_mem_multiplier;
SET hnsw.ef_search = 0;
SET hnsw.ef_search = 1001;
SET hnsw.ef_search = 1;
SHOW hnsw.ef_search;
SET hnsw.ef_search = 1000;
SHOW hnsw.ef_search;
RESET hnsw.ef_search;
SHOW hnsw.ef_search;
SET hnsw.iterative_scan = on;
SET hnsw.iterative_scan = relaxed_order;
SHOW hnsw.iterative_scan;
SET hnsw.iterative_scan = strict_order;
SHOW hnsw.iterative_scan;
SET hnsw.iterative_scan = off;
SHOW hnsw.iterative_scan;
SET hnsw.max_scan_tuples = 0;
SET hnsw.max_scan_tuples = 1;
SET hnsw.max_scan_tuples = 2147483647;
SHOW hnsw.max_scan_tuples;
SET hnsw.max_scan_tuples = 2147483648;
RESET hnsw.max_scan_tuples;
SET hnsw.scan_mem_multiplier = 0.5;
SET hnsw.scan_mem_multiplier = 1001;
SET hnsw.scan_mem_multiplier = 2.5;
SHOW hnsw.scan_mem_multiplier;
SET hnsw.scan_mem_multiplier = 1000;
RESET hnsw.scan_mem_multiplier;
BEGIN;
SET LOCAL hnsw.ef_search = 7;
SHOW hnsw.ef_search;
COMMIT;
SHOW hnsw.ef_search;
SELECT name, setting, vartype, context, min_val, max_val, enumvals, boot_val, short_desc
FROM pg_settings WHERE name LIKE 'hnsw.%' ORDER BY name;

-- index options
CREATE TABLE ho (id int, v vector(3));
INSERT INTO ho SELECT i, ARRAY[i, i % 5, i % 3] FROM generate_series(1, 50) i;
CREATE INDEX ON ho USING hnsw (v vector_l2_ops) WITH (m = 1);
CREATE INDEX ON ho USING hnsw (v vector_l2_ops) WITH (m = 101);
CREATE INDEX ON ho USING hnsw (v vector_l2_ops) WITH (ef_construction = 3);
CREATE INDEX ON ho USING hnsw (v vector_l2_ops) WITH (ef_construction = 1001);
CREATE INDEX ON ho USING hnsw (v vector_l2_ops) WITH (m = 'x');
CREATE INDEX ON ho USING hnsw (v vector_l2_ops) WITH (lists = 10);
CREATE INDEX ON ho USING hnsw (v vector_l2_ops) WITH (m = 16, ef_construction = 31);
SELECT :'LAST_ERROR_SQLSTATE';
CREATE INDEX ON ho USING hnsw (v vector_l2_ops) WITH (ef_construction = 31);
CREATE INDEX ON ho USING hnsw (v vector_l2_ops) WITH (m = 3, ef_construction = 5);
-- the same check on an empty table
CREATE TABLE ho_empty (v vector(3));
CREATE INDEX ON ho_empty USING hnsw (v vector_l2_ops) WITH (m = 50, ef_construction = 99);
DROP TABLE ho_empty;
-- the extremes that are accepted
CREATE INDEX ho_a ON ho USING hnsw (v vector_l2_ops) WITH (m = 16, ef_construction = 32);
CREATE INDEX ho_b ON ho USING hnsw (v vector_l2_ops) WITH (m = 2, ef_construction = 4);
CREATE INDEX ho_c ON ho USING hnsw (v vector_l2_ops) WITH (m = 100, ef_construction = 1000);
CREATE INDEX ho_d ON ho USING hnsw (v vector_l2_ops) WITH (m = 100, ef_construction = 200);
SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'ho\__' ORDER BY relname;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ho' ORDER BY indexname;
SET enable_seqscan = off;
-- each index alone answers the same
DROP INDEX ho_b, ho_c, ho_d;
SELECT id FROM ho ORDER BY v <-> '[20,0,2]' LIMIT 3;
DROP INDEX ho_a;
CREATE INDEX ho_b ON ho USING hnsw (v vector_l2_ops) WITH (m = 2, ef_construction = 4);
SELECT id FROM ho ORDER BY v <-> '[20,0,2]' LIMIT 3;
DROP INDEX ho_b;
CREATE INDEX ho_c ON ho USING hnsw (v vector_l2_ops) WITH (m = 100, ef_construction = 1000);
SELECT id FROM ho ORDER BY v <-> '[20,0,2]' LIMIT 3;

-- ALTER INDEX changes the options; the graph keeps the m it was built with
-- until it is rebuilt, and ef_construction >= 2 * m is checked at build
ALTER INDEX ho_c SET (m = 1);
ALTER INDEX ho_c SET (m = 8);
SELECT reloptions FROM pg_class WHERE relname = 'ho_c';
INSERT INTO ho SELECT i, ARRAY[i, i % 5, i % 3] FROM generate_series(51, 60) i;
SELECT id FROM ho ORDER BY v <-> '[55,0,2]' LIMIT 3;
ALTER INDEX ho_c SET (ef_construction = 10);
SELECT reloptions FROM pg_class WHERE relname = 'ho_c';
INSERT INTO ho VALUES (61, '[61,1,1]');
SELECT id FROM ho ORDER BY v <-> '[61,1,1]' LIMIT 1;
REINDEX INDEX ho_c;
ALTER INDEX ho_c SET (ef_construction = 16);
REINDEX INDEX ho_c;
SELECT id FROM ho ORDER BY v <-> '[55,0,2]' LIMIT 3;
ALTER INDEX ho_c RESET (m, ef_construction);
SELECT reloptions FROM pg_class WHERE relname = 'ho_c';
REINDEX INDEX ho_c;
SELECT id FROM ho ORDER BY v <-> '[61,1,1]' LIMIT 2;
DROP TABLE ho;

-- dimensions
CREATE TABLE hd (v vector);
CREATE INDEX ON hd USING hnsw (v vector_l2_ops);
SELECT :'LAST_ERROR_SQLSTATE';
DROP TABLE hd;
CREATE TABLE hd (v halfvec);
CREATE INDEX ON hd USING hnsw (v halfvec_l2_ops);
DROP TABLE hd;
CREATE TABLE hd (v sparsevec);
CREATE INDEX ON hd USING hnsw (v sparsevec_l2_ops);
DROP TABLE hd;
-- an expression without a type modifier
CREATE TABLE hd (v vector(3));
CREATE INDEX ON hd USING hnsw ((v::halfvec) halfvec_l2_ops);
DROP TABLE hd;

CREATE TABLE hd (id int, v vector(2001));
CREATE INDEX ON hd USING hnsw (v vector_l2_ops);
SELECT :'LAST_ERROR_SQLSTATE';
DROP TABLE hd;
CREATE TABLE hd (id int, v vector(2000));
INSERT INTO hd SELECT 1, array_fill(1, ARRAY[2000])::vector;
INSERT INTO hd SELECT 2, array_fill(2, ARRAY[2000])::vector;
CREATE INDEX ON hd USING hnsw (v vector_cosine_ops);
INSERT INTO hd SELECT 3, (SELECT array_agg(i % 7) FROM generate_series(1, 2000) i)::vector;
INSERT INTO hd SELECT 4, (SELECT array_agg(-i % 5) FROM generate_series(1, 2000) i)::vector;
SET enable_seqscan = off;
SELECT id FROM hd ORDER BY v <=> (SELECT array_agg(i % 7) FROM generate_series(1, 2000) i)::vector LIMIT 1;
SELECT count(*) FROM (SELECT id FROM hd ORDER BY v <=> array_fill(1, ARRAY[2000])::vector LIMIT 10) s;
SELECT id FROM hd ORDER BY v <=> (SELECT array_agg(-i % 5) FROM generate_series(1, 2000) i)::vector LIMIT 1;
SELECT id FROM hd ORDER BY v <=> array_fill(1, ARRAY[1999])::vector LIMIT 1;
DROP TABLE hd;

CREATE TABLE hd (id int, v halfvec(4001));
CREATE INDEX ON hd USING hnsw (v halfvec_l2_ops);
DROP TABLE hd;
CREATE TABLE hd (id int, v halfvec(4000));
INSERT INTO hd SELECT 1, array_fill(1, ARRAY[4000])::halfvec;
CREATE INDEX ON hd USING hnsw (v halfvec_l2_ops);
INSERT INTO hd SELECT 2, (SELECT array_agg(i % 7) FROM generate_series(1, 4000) i)::halfvec;
INSERT INTO hd SELECT 3, array_fill(3, ARRAY[4000])::halfvec;
SELECT id FROM hd ORDER BY v <-> array_fill(2.5, ARRAY[4000])::halfvec LIMIT 3;
DROP TABLE hd;

CREATE TABLE hd (id int, b bit(64001));
CREATE INDEX ON hd USING hnsw (b bit_hamming_ops);
DROP TABLE hd;
CREATE TABLE hd (id int, b bit(64000));
INSERT INTO hd SELECT 1, repeat('1', 64000)::bit(64000);
CREATE INDEX ON hd USING hnsw (b bit_jaccard_ops);
INSERT INTO hd SELECT 2, (repeat('1', 100) || repeat('0', 63900))::bit(64000);
INSERT INTO hd SELECT 3, repeat('1000', 16000)::bit(64000);
SELECT id FROM hd ORDER BY b <%> (repeat('1', 200) || repeat('0', 63800))::bit(64000) LIMIT 3;
DROP TABLE hd;

CREATE TABLE hd (id int, v sparsevec(1000000000));
INSERT INTO hd VALUES (1, '{1:1,1000000000:1}/1000000000');
CREATE INDEX ON hd USING hnsw (v sparsevec_l2_ops);
INSERT INTO hd VALUES (2, '{1:1,999999999:1}/1000000000');
SELECT id FROM hd ORDER BY v <-> '{999999999:1}/1000000000' LIMIT 2;
DROP TABLE hd;
