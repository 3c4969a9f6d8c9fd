-- hnsw indexes on bit columns: bit_hamming_ops (<~>) and bit_jaccard_ops
-- (<%>). The tables are far smaller than hnsw.ef_search (40), so every scan
-- sees every indexed row and its order is exact.

SET enable_seqscan = off;

CREATE TABLE hb (id int, b bit(10));
INSERT INTO hb VALUES
  (1, '0100111111'), (2, '1101010000'), (3, '1101100100'), (4, '0111100000'),
  (5, '1100101111'), (6, '1001101001'), (7, '0101010111'), (8, '0000000000'), (9, NULL);

-- bit_hamming_ops
CREATE INDEX hb_idx ON hb USING hnsw (b bit_hamming_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hb ORDER BY b <~> '1111100000' LIMIT 5;
SELECT id, b, b <~> '1111100000' AS d FROM hb ORDER BY b <~> '1111100000' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hb ORDER BY b <~> '1111100000' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY b <~> '1111100000') FROM hb WHERE b IS NOT NULL) AS exact;
SELECT id FROM hb ORDER BY b <~> '1100101111' LIMIT 1;
SELECT count(*) FROM (SELECT id FROM hb ORDER BY b <~> (SELECT NULL::bit(10)) LIMIT 20) s;
SELECT id FROM hb ORDER BY b <~> '11111' LIMIT 3;
SELECT :'LAST_ERROR_SQLSTATE';
-- the index only orders by <~>
EXPLAIN (COSTS OFF) SELECT id FROM hb ORDER BY b <%> '1111100000' LIMIT 5;
DROP INDEX hb_idx;

-- bit_jaccard_ops; the all-zero value is indexed (distance 1 to everything)
CREATE INDEX hb_idx ON hb USING hnsw (b bit_jaccard_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hb ORDER BY b <%> '1111100000' LIMIT 5;
SELECT id, b, round((b <%> '1111100000')::numeric, 6) AS d FROM hb ORDER BY b <%> '1111100000' LIMIT 20;
SELECT (SELECT array_agg(id) FROM (SELECT id FROM hb ORDER BY b <%> '1111100000' LIMIT 20) i)
     = (SELECT array_agg(id ORDER BY b <%> '1111100000') FROM hb WHERE b IS NOT NULL) AS exact;
SELECT count(*) FROM (SELECT id FROM hb ORDER BY b <%> (SELECT NULL::bit(10)) LIMIT 20) s;
SELECT count(*) FROM (SELECT id FROM hb ORDER BY b <%> '0000000000' LIMIT 20) s;
SELECT id FROM hb ORDER BY b <%> '11111' LIMIT 3;
DROP INDEX hb_idx;

-- rows inserted after the build
TRUNCATE hb;
CREATE INDEX hb_idx ON hb USING hnsw (b bit_hamming_ops);
INSERT INTO hb VALUES
  (1, '0100111111'), (2, '1101010000'), (3, '1101100100'), (4, '0111100000'),
  (5, '1100101111'), (6, '1001101001'), (7, '0101010111'), (8, '0000000000'), (9, NULL);
SELECT id FROM hb ORDER BY b <~> '1111100000' LIMIT 20;
DROP TABLE hb;

-- 20 identical rows share two elements, also under Jaccard where the
-- all-zero value has no distance 0 to itself
CREATE TABLE hb (id int, b bit(4));
INSERT INTO hb SELECT i, '0000' FROM generate_series(1, 20) i;
CREATE INDEX hb_idx ON hb USING hnsw (b bit_jaccard_ops);
SET hnsw.ef_search = 1;
SELECT count(*) FROM (SELECT id FROM hb ORDER BY b <%> '0000' LIMIT 100) s;
TRUNCATE hb;
INSERT INTO hb SELECT i, '0000' FROM generate_series(1, 20) i;
SELECT count(*) FROM (SELECT id FROM hb ORDER BY b <%> '0000' LIMIT 100) s;
RESET hnsw.ef_search;
DROP TABLE hb;

-- bit lengths that are not a multiple of 8 or 64
CREATE TABLE hb (id int, b bit(67));
INSERT INTO hb SELECT i, (repeat('1', i) || repeat('0', 67 - i))::bit(67) FROM generate_series(0, 30, 3) i;
CREATE INDEX hb_idx ON hb USING hnsw (b bit_hamming_ops);
SELECT id FROM hb ORDER BY b <~> (repeat('1', 13) || repeat('0', 54))::bit(67) LIMIT 3;
SELECT id FROM hb ORDER BY b <~> repeat('1', 67)::bit(67) LIMIT 2;
DROP TABLE hb;

-- binary quantization: an expression index, then re-ranking by the exact
-- distance
CREATE TABLE hq (id int, embedding vector(3));
INSERT INTO hq VALUES
  (1, '[1,-1,1]'), (2, '[2,2,-3]'), (3, '[-1,0,2]'), (4, '[5,3,1]'), (5, '[-1,-2,-4]'),
  (6, '[3,1,4]'), (7, '[4,4,0]'), (8, '[0,3,1]'), (9, NULL);
CREATE INDEX hq_idx ON hq USING hnsw ((binary_quantize(embedding)::bit(3)) bit_hamming_ops);
EXPLAIN (COSTS OFF) SELECT id FROM hq ORDER BY binary_quantize(embedding)::bit(3) <~> binary_quantize('[1,-2,3]'::vector) LIMIT 5;
SELECT count(*) FROM (SELECT id FROM hq ORDER BY binary_quantize(embedding)::bit(3) <~> binary_quantize('[1,-2,3]'::vector) LIMIT 20) s;
SELECT id FROM hq ORDER BY binary_quantize(embedding)::bit(3) <~> binary_quantize('[1,-2,3]'::vector) LIMIT 1;
SELECT * FROM (
  SELECT * FROM hq ORDER BY binary_quantize(embedding)::bit(3) <~> binary_quantize('[1,-2,3]'::vector) LIMIT 20
) s ORDER BY embedding <-> '[1,-2,3]' LIMIT 3;
DROP TABLE hq;

-- varbit is not supported
CREATE TABLE hvb (b varbit(3));
CREATE INDEX ON hvb USING hnsw (b bit_hamming_ops);
SELECT :'LAST_ERROR_SQLSTATE';
CREATE INDEX ON hvb USING hnsw (b bit_jaccard_ops);
DROP TABLE hvb;
