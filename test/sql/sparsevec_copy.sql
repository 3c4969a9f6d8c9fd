-- COPY of sparsevec in text and binary format (binary uses sparsevec_send /
-- sparsevec_recv: int32 dim, int32 nnz, int32 unused, 0-based int32
-- indices, float4 values, all big-endian)

CREATE TABLE sparsevec_copy_t (id int, v sparsevec);
INSERT INTO sparsevec_copy_t VALUES
  (1, '{1:1,3:2}/3'), (2, '{}/5'), (3, NULL),
  (4, '{1:3.4028235e38,2:-3.4028235e38,3:1e-45,4:1.1754944e-38}/4'),
  (5, '{1000000000:0.1}/1000000000');
INSERT INTO sparsevec_copy_t
  SELECT 6, ('{' || (SELECT string_agg(i || ':' || (i % 7 + 1), ',') FROM generate_series(1, 16000) i)
             || '}/100000')::sparsevec;

-- text format
COPY (SELECT * FROM sparsevec_copy_t WHERE id <= 5 ORDER BY id) TO STDOUT;
CREATE TABLE sparsevec_copy_text (id int, v sparsevec(3));
COPY sparsevec_copy_text FROM STDIN;
1	{1:1,3:2}/3
2	 { 2 : 4 , 1 : 5 } / 3 
3	\N
\.
SELECT * FROM sparsevec_copy_text ORDER BY id;
COPY sparsevec_copy_text FROM STDIN;
4	{1:1}/2
\.
COPY sparsevec_copy_text FROM STDIN;
5	{1:1,
\.
COPY sparsevec_copy_text FROM STDIN (FORMAT csv);
6,"{1:7,2:8,3:9}/3"
7,
\.
SELECT * FROM sparsevec_copy_text ORDER BY id;
DROP TABLE sparsevec_copy_text;

-- binary round trip
\copy sparsevec_copy_t TO 'sparsevec_copy.bin' WITH (FORMAT binary)
CREATE TABLE sparsevec_copy_bin (id int, v sparsevec);
\copy sparsevec_copy_bin FROM 'sparsevec_copy.bin' WITH (FORMAT binary)
SELECT id, v FROM sparsevec_copy_bin WHERE id <= 5 ORDER BY id;
SELECT count(*) FROM sparsevec_copy_t a JOIN sparsevec_copy_bin b USING (id)
  WHERE a.v = b.v AND sparsevec_send(a.v) = sparsevec_send(b.v);
SELECT id, sparsevec_send(v) FROM sparsevec_copy_bin WHERE id <= 5 ORDER BY id;
SELECT l2_norm(v), pg_column_size(v) FROM sparsevec_copy_bin WHERE id = 6;
TRUNCATE sparsevec_copy_bin;

-- binary input enforces the column typmod
CREATE TABLE sparsevec_copy_bin3 (id int, v sparsevec(3));
\copy sparsevec_copy_bin3 FROM 'sparsevec_copy.bin' WITH (FORMAT binary)
\copy (SELECT id, v FROM sparsevec_copy_t WHERE id IN (1, 3)) TO 'sparsevec_copy3.bin' WITH (FORMAT binary)
\copy sparsevec_copy_bin3 FROM 'sparsevec_copy3.bin' WITH (FORMAT binary)
SELECT * FROM sparsevec_copy_bin3 ORDER BY id;
DROP TABLE sparsevec_copy_bin3;

-- binary input validation: write raw field bytes with a bytea column and
-- read them back into a sparsevec column (the bytes go to sparsevec_recv)
CREATE TABLE sparsevec_copy_raw (id int, b bytea);
INSERT INTO sparsevec_copy_raw VALUES
  (1, '\x000000030000000200000000000000000000000240000000c0400000'),
  (2, '\x000000010000000000000000');
\copy sparsevec_copy_raw TO 'sparsevec_copy_raw.bin' WITH (FORMAT binary)
\copy sparsevec_copy_bin FROM 'sparsevec_copy_raw.bin' WITH (FORMAT binary)
SELECT * FROM sparsevec_copy_bin ORDER BY id;
TRUNCATE sparsevec_copy_bin;

-- the helper below rewrites the raw table to one bad row; each case loads it
CREATE FUNCTION sparsevec_copy_set(bytea) RETURNS void LANGUAGE sql AS $$
  DELETE FROM sparsevec_copy_raw; INSERT INTO sparsevec_copy_raw VALUES (1, $1);
$$;
-- server-side COPY (unlike \copy) sets LAST_ERROR_SQLSTATE
SELECT current_setting('data_directory') || '/sparsevec_copy_raw.bin' AS rawfile \gset

-- dimensions: 0, negative, too many
SELECT sparsevec_copy_set('\x000000000000000000000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_copy_set('\xffffffff0000000000000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT sparsevec_copy_set('\x3b9aca010000000000000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- nnz: negative, over 16000, over dim
SELECT sparsevec_copy_set('\x00000003ffffffff00000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_copy_set('\x00004e2000003e8100000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_copy_set('\x000000020000000300000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- unused field not zero
SELECT sparsevec_copy_set('\x00000002000000010000000700000000' || '\x3f800000'::bytea);
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_copy_set('\x000000020000000000000001');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- index out of bounds, negative, descending, duplicate
SELECT sparsevec_copy_set('\x000000020000000100000000000000023f800000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_copy_set('\x0000000200000001000000008fffffff3f800000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT sparsevec_copy_set('\x00000003000000020000000000000001000000003f8000003f800000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_copy_set('\x00000003000000020000000000000001000000013f8000003f800000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- values: NaN, infinities, zero, negative zero
SELECT sparsevec_copy_set('\x000000020000000100000000000000007fc00000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_copy_set('\x000000020000000100000000000000007f800000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT sparsevec_copy_set('\x00000002000000010000000000000000ff800000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT sparsevec_copy_set('\x0000000200000001000000000000000000000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_copy_set('\x0000000200000001000000000000000080000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- all indices are checked before any value
SELECT sparsevec_copy_set('\x00000003000000020000000000000001000000010000000000000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- too few bytes
SELECT sparsevec_copy_set('\x00000002000000010000000000000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_copy_set('\x0000000200000001');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT sparsevec_copy_set('\x');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- too many bytes
SELECT sparsevec_copy_set('\x00000002000000000000000000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- valid special values: subnormal, largest finite, largest index
SELECT sparsevec_copy_set('\x3b9aca000000000300000000000000000000000a3b9ac9ff00000001ff7fffff3f800000');
COPY sparsevec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY sparsevec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT * FROM sparsevec_copy_bin ORDER BY id;
SELECT sparsevec_send(v) FROM sparsevec_copy_bin;

DROP FUNCTION sparsevec_copy_set(bytea);
DROP TABLE sparsevec_copy_raw, sparsevec_copy_bin, sparsevec_copy_t;
