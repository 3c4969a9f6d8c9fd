-- ivfflat indexes on bit columns: bit_hamming_ops (<~>), the only bit
-- operator class of ivfflat. k-means picks its centers at random, so result
-- rows are only checked with one list or with every list probed, where a
-- scan is exact.

SET enable_seqscan = off;

CREATE TABLE ib (id int, b bit(10));
INSERT INTO ib VALUES
  (1, '0100111111'), (2, '1101010000'), (3, '1101100100'), (4, '0111100000'),
  (5, '1100101111'), (6, '1001101001'), (7, '0101010111'), (8, '0000000000'), (9, NULL);

-- bit has no default operator class, and no Jaccard operator class
CREATE INDEX ON ib USING ivfflat (b);
CREATE INDEX ON ib USING ivfflat (b bit_jaccard_ops);

-- one list; the distances to '1111100000' are 1 to 8, all different
CREATE INDEX ib_idx ON ib USING ivfflat (b bit_hamming_ops) WITH (lists = 1);
EXPLAIN (COSTS OFF) SELECT id FROM ib ORDER BY b <~> '1111100000' LIMIT 5;
SELECT id, b, b <~> '1111100000' AS d FROM ib ORDER BY b <~> '1111100000' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM ib ORDER BY b <~> '1111100000' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY b <~> '1111100000') FROM ib WHERE b IS NOT NULL) AS exact;
SELECT id FROM ib ORDER BY b <~> '1100101111' LIMIT 1;
-- ties (distances 3, 3, 4, 5, 5, 6, 6, 10): only the distances are compared,
-- and the rows of a LIMIT that does not cut through a tie
SELECT (SELECT array_agg(d) FROM (SELECT b <~> '1111111111' AS d FROM ib ORDER BY b <~> '1111111111' LIMIT 20) i)
     = (SELECT array_agg(b <~> '1111111111' ORDER BY b <~> '1111111111') FROM ib WHERE b IS NOT NULL) AS exact;
SELECT id, d FROM (SELECT id, b <~> '1111111111' AS d FROM ib ORDER BY b <~> '1111111111' LIMIT 3) s ORDER BY d, id;
SELECT id, d FROM (SELECT id, b <~> '1111111111' AS d FROM ib ORDER BY b <~> '1111111111' LIMIT 7) s ORDER BY d, id;
-- the all-zero value is indexed, and so is a NULL query answered
SELECT count(*) FROM (SELECT id FROM ib ORDER BY b <~> '0000000000') s;
SELECT count(*) FROM (SELECT id FROM ib ORDER BY b <~> (SELECT NULL::bit(10))) s;
SELECT count(*) FROM (SELECT id FROM ib ORDER BY b <~> (SELECT NULL::bit)) s;
-- query lengths that differ from the column's
SELECT id FROM ib ORDER BY b <~> '11111' LIMIT 3;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT id FROM ib ORDER BY b <~> '111110000011' LIMIT 3;
-- the index only orders by <~>
EXPLAIN (COSTS OFF) SELECT id FROM ib ORDER BY b <%> '1111100000' LIMIT 5;
-- rows inserted after the build
INSERT INTO ib VALUES (10, '1111100001'), (11, NULL);
SELECT id FROM ib ORDER BY b <~> '1111100000' LIMIT 3;
DELETE FROM ib WHERE id > 9;
DROP INDEX ib_idx;

-- several lists, all of them probed
CREATE INDEX ib_idx ON ib USING ivfflat (b bit_hamming_ops) WITH (lists = 3);
SET ivfflat.probes = 3;
SELECT id FROM ib ORDER BY b <~> '1111100000' LIMIT 20;
SELECT (SELECT array_agg(d) FROM (SELECT b <~> '1010101010' AS d FROM ib ORDER BY b <~> '1010101010' LIMIT 20) i)
     = (SELECT array_agg(b <~> '1010101010' ORDER BY b <~> '1010101010') FROM ib WHERE b IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM ib ORDER BY b <~> (SELECT NULL::bit(10))) s;
RESET ivfflat.probes;
DROP INDEX ib_idx;

-- TRUNCATE rebuilds the index empty, with the NOTICE; then rows come back
CREATE INDEX ib_idx ON ib USING ivfflat (b bit_hamming_ops) WITH (lists = 2);
TRUNCATE ib;
SELECT id FROM ib ORDER BY b <~> '1111100000' LIMIT 5;
INSERT INTO ib VALUES
  (1, '0100111111'), (2, '1101010000'), (3, '1101100100'), (4, '0111100000'),
  (5, '1100101111'), (6, '1001101001'), (7, '0101010111'), (8, '0000000000'), (9, NULL);
SET ivfflat.probes = 2;
SELECT id FROM ib ORDER BY b <~> '1111100000' LIMIT 20;
RESET ivfflat.probes;
DROP TABLE ib;

-- bit lengths that are not a multiple of 8
CREATE TABLE ib (id int, b bit(67));
INSERT INTO ib SELECT i, (repeat('1', i) || repeat('0', 67 - i))::bit(67) FROM generate_series(0, 30, 3) i;
CREATE INDEX ib_idx ON ib USING ivfflat (b bit_hamming_ops) WITH (lists = 4);
SET ivfflat.probes = 4;
SELECT id FROM ib ORDER BY b <~> (repeat('1', 13) || repeat('0', 54))::bit(67) LIMIT 3;
SELECT id FROM ib ORDER BY b <~> repeat('1', 67)::bit(67) LIMIT 2;
RESET ivfflat.probes;
DROP TABLE ib;

-- binary quantization: an expression index, then re-ranking by the exact
-- distance
CREATE TABLE iq (id int, embedding vector(3));
INSERT INTO iq VALUES
  (1, '[1,-1,1]'), (2, '[2,2,-3]'), (3, '[-1,0,2]'), (4, '[5,3,1]'), (5, '[-1,-2,-4]'),
  (6, '[3,1,4]'), (7, '[4,4,0]'), (8, '[0,3,1]'), (9, NULL);
CREATE INDEX iq_idx ON iq USING ivfflat ((binary_quantize(embedding)::bit(3)) bit_hamming_ops) WITH (lists = 1);
EXPLAIN (COSTS OFF) SELECT id FROM iq ORDER BY binary_quantize(embedding)::bit(3) <~> binary_quantize('[1,-2,3]'::vector) LIMIT 5;
SELECT count(*) FROM (SELECT id FROM iq ORDER BY binary_quantize(embedding)::bit(3) <~> binary_quantize('[1,-2,3]'::vector) LIMIT 20) s;
SELECT id FROM iq ORDER BY binary_quantize(embedding)::bit(3) <~> binary_quantize('[1,-2,3]'::vector) LIMIT 1;
SELECT * FROM (
  SELECT * FROM iq ORDER BY binary_quantize(embedding)::bit(3) <~> binary_quantize('[1,-2,3]'::vector) LIMIT 20
) s ORDER BY embedding <-> '[1,-2,3]' LIMIT 3;
DROP TABLE iq;

-- varbit is not supported, a cast to bit(n) is
CREATE TABLE ivb (id int, b varbit(3));
INSERT INTO ivb VALUES (1, '101'), (2, '111'), (3, '000'), (4, NULL);
CREATE INDEX ON ivb USING ivfflat (b bit_hamming_ops) WITH (lists = 1);
SELECT :'LAST_ERROR_SQLSTATE';
CREATE INDEX ivb_idx ON ivb USING ivfflat ((b::bit(3)) bit_hamming_ops) WITH (lists = 1);
SELECT id FROM ivb ORDER BY b::bit(3) <~> '111' LIMIT 5;
CREATE INDEX ON ivb USING ivfflat ((b::bit(2)) bit_hamming_ops) WITH (lists = 5);
CREATE INDEX ON ivb USING ivfflat ((b::bit) bit_hamming_ops) WITH (lists = 1);
CREATE INDEX ON ivb USING ivfflat ((b::bit(64001)) bit_hamming_ops) WITH (lists = 1);
DROP TABLE ivb;
