-- COPY of halfvec in text and binary format (halfvec_send / halfvec_recv)

CREATE TABLE halfvec_copy_t (id int, v halfvec);
INSERT INTO halfvec_copy_t VALUES
  (1, '[1,2,3]'), (2, '[-0,1.5,-2.25]'), (3, NULL),
  (4, '[65504,-65504,5.9604645e-8,6.1035156e-5]'), (5, '[0.1]'), (6, '[1.23456,-0.6]');
INSERT INTO halfvec_copy_t SELECT 7, array_fill(0.5, ARRAY[16000])::halfvec;

-- text format
COPY (SELECT * FROM halfvec_copy_t WHERE id <= 6 ORDER BY id) TO STDOUT;
CREATE TABLE halfvec_copy_text (id int, v halfvec(3));
COPY halfvec_copy_text FROM STDIN;
1	[1,2,3]
2	 [ 4 , 5 , 6 ] 
3	\N
4	[0.1,65519,1e-8]
\.
SELECT * FROM halfvec_copy_text ORDER BY id;
COPY halfvec_copy_text FROM STDIN;
5	[1,2]
\.
COPY halfvec_copy_text FROM STDIN;
6	[1,2,65520]
\.
COPY halfvec_copy_text FROM STDIN (FORMAT csv);
7,"[7,8,9]"
8,
\.
SELECT * FROM halfvec_copy_text ORDER BY id;
DROP TABLE halfvec_copy_text;

-- binary round trip
\copy halfvec_copy_t TO 'halfvec_copy.bin' WITH (FORMAT binary)
CREATE TABLE halfvec_copy_bin (id int, v halfvec);
\copy halfvec_copy_bin FROM 'halfvec_copy.bin' WITH (FORMAT binary)
SELECT id, v FROM halfvec_copy_bin WHERE id <= 6 ORDER BY id;
SELECT count(*) FROM halfvec_copy_t a JOIN halfvec_copy_bin b USING (id)
  WHERE a.v = b.v AND halfvec_send(a.v) = halfvec_send(b.v);
SELECT id, halfvec_send(v) FROM halfvec_copy_bin WHERE id <= 6 ORDER BY id;
SELECT vector_dims(v), l2_norm(v) FROM halfvec_copy_bin WHERE id = 7;
TRUNCATE halfvec_copy_bin;

-- binary input enforces the column typmod
CREATE TABLE halfvec_copy_bin3 (id int, v halfvec(3));
\copy halfvec_copy_bin3 FROM 'halfvec_copy.bin' WITH (FORMAT binary)
\copy (SELECT id, v FROM halfvec_copy_t WHERE id IN (1, 2, 3)) TO 'halfvec_copy3.bin' WITH (FORMAT binary)
\copy halfvec_copy_bin3 FROM 'halfvec_copy3.bin' WITH (FORMAT binary)
SELECT * FROM halfvec_copy_bin3 ORDER BY id;
DROP TABLE halfvec_copy_bin3;

-- binary COPY between halfvec and vector columns is not a cast: the bytes of
-- one type's send are given to the other's receive and rejected or misread
CREATE TABLE halfvec_copy_vec (id int, v vector);
\copy (SELECT id, v FROM halfvec_copy_t WHERE id = 1) TO 'halfvec_copy1.bin' WITH (FORMAT binary)
\copy halfvec_copy_vec FROM 'halfvec_copy1.bin' WITH (FORMAT binary)
DROP TABLE halfvec_copy_vec;

-- binary input validation: write raw field bytes with a bytea column and read
-- them back into a halfvec column (the field bytes go to halfvec_recv as they are)
CREATE TABLE halfvec_copy_raw (id int, b bytea);
INSERT INTO halfvec_copy_raw VALUES
  (1, '\x000100003c00'),
  (2, '\x00030000bc0040007bff'),
  (3, '\x0004000080000001800103ff');
\copy halfvec_copy_raw TO 'halfvec_copy_raw.bin' WITH (FORMAT binary)
\copy halfvec_copy_bin FROM 'halfvec_copy_raw.bin' WITH (FORMAT binary)
SELECT * FROM halfvec_copy_bin ORDER BY id;
SELECT id, halfvec_send(v) FROM halfvec_copy_bin ORDER BY id;
TRUNCATE halfvec_copy_bin;

-- the helper below rewrites the raw table to one bad row and tries to load it
CREATE FUNCTION halfvec_copy_set(bytea) RETURNS void LANGUAGE sql AS $$
  DELETE FROM halfvec_copy_raw; INSERT INTO halfvec_copy_raw VALUES (1, $1);
$$;
-- server-side COPY (unlike \copy) sets LAST_ERROR_SQLSTATE
SELECT current_setting('data_directory') || '/halfvec_copy_raw.bin' AS rawfile \gset

-- 0 dimensions
SELECT halfvec_copy_set('\x00000000');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- 16001 dimensions
SELECT halfvec_copy_set('\x3e810000');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- 65535 and 32768 dimensions (dim is unsigned on the wire)
SELECT halfvec_copy_set('\xffff0000');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT halfvec_copy_set('\x80000000');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- unused field not zero
SELECT halfvec_copy_set('\x000100013c00');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_copy_set('\x0001ffff3c00');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- NaN (quiet and signalling)
SELECT halfvec_copy_set('\x000200003c007e00');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_copy_set('\x00010000fc01');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- +Infinity and -Infinity
SELECT halfvec_copy_set('\x000100007c00');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_copy_set('\x00010000fc00');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- dims are checked before unused, unused before the elements
SELECT halfvec_copy_set('\x000000017c00');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT halfvec_copy_set('\x000100017c00');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- too few bytes
SELECT halfvec_copy_set('\x000200003c00');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_copy_set('\x000200003c003c');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT halfvec_copy_set('\x0001');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT halfvec_copy_set('\x');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
-- too many bytes
SELECT halfvec_copy_set('\x000100003c0000');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
-- typmod of the target column
CREATE TABLE halfvec_copy_bin2 (id int, v halfvec(2));
SELECT halfvec_copy_set('\x000100003c00');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin2 FROM :'rawfile' WITH (FORMAT binary);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_copy_set('\x000200003c004000');
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin2 FROM :'rawfile' WITH (FORMAT binary);
SELECT * FROM halfvec_copy_bin2;
DROP TABLE halfvec_copy_bin2;
-- every finite half (63488 values in four rows), bit-exact through binary
-- COPY, and through text output and input
DELETE FROM halfvec_copy_raw;
INSERT INTO halfvec_copy_raw
  SELECT k, decode(lpad(to_hex(count(*)::int), 4, '0') || '0000' ||
                   string_agg(lpad(to_hex(h), 4, '0'), '' ORDER BY h), 'hex')
  FROM (SELECT h, (row_number() OVER (ORDER BY h) - 1) / 16000 AS k
        FROM generate_series(0, 65535) h WHERE (h & 31744) <> 31744) f
  GROUP BY k;
SELECT id, length(b) FROM halfvec_copy_raw ORDER BY id;
COPY halfvec_copy_raw TO :'rawfile' WITH (FORMAT binary);
COPY halfvec_copy_bin FROM :'rawfile' WITH (FORMAT binary);
SELECT r.id, r.b = halfvec_send(v) AS binary_same, vector_dims(v),
       halfvec_send(v::text::halfvec) = r.b AS text_same, v::text::halfvec = v AS text_equal,
       halfvec_send(v::vector::halfvec) = r.b AS vector_same
  FROM halfvec_copy_raw r JOIN halfvec_copy_bin USING (id) ORDER BY r.id;
TRUNCATE halfvec_copy_bin;

DROP FUNCTION halfvec_copy_set(bytea);
DROP TABLE halfvec_copy_raw, halfvec_copy_bin, halfvec_copy_t;
