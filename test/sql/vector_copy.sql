-- COPY in text and binary format (binary uses vector_send / vector_recv)

CREATE TABLE vector_copy_t (id int, v vector);
INSERT INTO vector_copy_t VALUES
  (1, '[1,2,3]'), (2, '[-0,1.5,-2.25]'), (3, NULL),
  (4, '[3.4028235e38,-3.4028235e38,1e-45,1.1754944e-38]'), (5, '[0.1]');
INSERT INTO vector_copy_t SELECT 6, array_fill(0.5, ARRAY[16000])::vector;

-- text format
COPY (SELECT * FROM vector_copy_t WHERE id <= 5 ORDER BY id) TO STDOUT;
CREATE TABLE vector_copy_text (id int, v vector(3));
COPY vector_copy_text FROM STDIN;
1	[1,2,3]
2	 [ 4 , 5 , 6 ] 
3	\N
\.
SELECT * FROM vector_copy_text ORDER BY id;
COPY vector_copy_text FROM STDIN;
4	[1,2]
\.
COPY vector_copy_text FROM STDIN;
5	[1,2,
\.
COPY vector_copy_text FROM STDIN (FORMAT csv);
6,"[7,8,9]"
7,
\.
SELECT * FROM vector_copy_text ORDER BY id;
DROP TABLE vector_copy_text;

-- binary round trip
\copy vector_copy_t TO 'vector_copy.bin' WITH (FORMAT binary)
CREATE TABLE vector_copy_bin (id int, v vector);
\copy vector_copy_bin FROM 'vector_copy.bin' WITH (FORMAT binary)
SELECT id, v FROM vector_copy_bin WHERE id <= 5 ORDER BY id;
SELECT count(*) FROM vector_copy_t a JOIN vector_copy_bin b USING (id)
  WHERE a.v = b.v AND vector_send(a.v) = vector_send(b.v);
SELECT id, vector_send(v) FROM vector_copy_bin WHERE id <= 5 ORDER BY id;
SELECT vector_dims(v), vector_norm(v) FROM vector_copy_bin WHERE id = 6;
TRUNCATE vector_copy_bin;

-- binary input enforces the column typmod
CREATE TABLE vector_copy_bin3 (id int, v vector(3));
\copy vector_copy_bin3 FROM 'vector_copy.bin' WITH (FORMAT binary)
\copy (SELECT id, v FROM vector_copy_t WHERE id IN (1, 2, 3)) TO 'vector_copy3.bin' WITH (FORMAT binary)
\copy vector_copy_bin3 FROM 'vector_copy3.bin' WITH (FORMAT binary)
SELECT * FROM vector_copy_bin3 ORDER BY id;
DROP TABLE vector_copy_bin3;

-- binary input validation: write raw field bytes with a bytea column and read
-- them back into a vector column (the field bytes go to vector_recv as they are)
CREATE TABLE vector_copy_raw (id int, b bytea);
INSERT INTO vector_copy_raw VALUES
  (1, '\x000100003f800000'),
  (2, '\x00020000bf800000c0000000');
\copy vector_copy_raw TO 'vector_copy_raw.bin' WITH (FORMAT binary)
\copy vector_copy_bin FROM 'vector_copy_raw.bin' WITH (FORMAT binary)
SELECT * FROM vector_copy_bin ORDER BY id;
TRUNCATE vector_copy_bin;

-- the helper below rewrites the raw table to one bad row and tries to load it
CREATE FUNCTION vector_copy_set(bytea) RETURNS void LANGUAGE sql AS $$
  DELETE FROM vector_copy_raw; INSERT INTO vector_copy_raw VALUES (1, $1);
$$;
-- server-side COPY (unlike \copy) sets LAST_ERROR_SQLSTATE
SELECT current_setting('data_directory') || '/vector_copy_raw.bin' AS rawfile \gset

-- 0 dimensions
SELECT vector_copy_set('\x00000000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- 16001 dimensions
SELECT vector_copy_set('\x3e810000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- 65535 dimensions (dim is unsigned on the wire)
SELECT vector_copy_set('\xffff0000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- 32768 dimensions
SELECT vector_copy_set('\x80000000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- unused field not zero
SELECT vector_copy_set('\x000100013f800000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_copy_set('\x0001ffff3f800000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- NaN
SELECT vector_copy_set('\x000200003f8000007fc00000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- +Infinity and -Infinity
SELECT vector_copy_set('\x000100007f800000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_copy_set('\x00010000ff800000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- too few bytes
SELECT vector_copy_set('\x000200003f800000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_copy_set('\x0001');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT vector_copy_set('\x');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- too many bytes
SELECT vector_copy_set('\x000100003f80000000');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- valid special values: negative zero, subnormal, largest finite
SELECT vector_copy_set('\x00040000800000000000000180000001ff7fffff');
COPY vector_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY vector_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT * FROM vector_copy_bin ORDER BY id;
SELECT vector_send(v) FROM vector_copy_bin;

DROP FUNCTION vector_copy_set(bytea);
DROP TABLE vector_copy_raw, vector_copy_bin, vector_copy_t;
