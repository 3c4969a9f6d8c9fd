-- Hamming (<~>) and Jaccard (<%>) distances over PostgreSQL's bit type

-- hamming_distance: popcount(a xor b)
SELECT hamming_distance('111', '111');
SELECT hamming_distance('111', '110');
SELECT hamming_distance('111', '100');
SELECT hamming_distance('111', '000');
SELECT hamming_distance('000', '000');
SELECT hamming_distance('1', '0');
SELECT hamming_distance(B'10101010', B'01010101');
SELECT hamming_distance(B'101010101', B'010101010');
SELECT '111'::bit(3) <~> '110'::bit(3);
SELECT pg_typeof(hamming_distance('1', '0'));

-- jaccard_distance: 1 - |a and b| / |a or b|, 1 when a and b share no one bit
SELECT jaccard_distance('1111', '1111');
SELECT jaccard_distance('1111', '1110');
SELECT jaccard_distance('1111', '1100');
SELECT jaccard_distance('1111', '0000');
SELECT jaccard_distance('0000', '0000');
SELECT jaccard_distance('1100', '0011');
SELECT jaccard_distance('1110', '0111');
SELECT jaccard_distance('101', '011');
SELECT '1111'::bit(4) <%> '1110'::bit(4);
SELECT pg_typeof(jaccard_distance('1', '0'));

-- empty bit strings
SELECT hamming_distance('', '');
SELECT jaccard_distance('', '');
SELECT ''::varbit <~> ''::varbit, ''::varbit <%> ''::varbit;
SELECT hamming_distance('', '1');
SELECT jaccard_distance('1', '');

-- different lengths
SELECT hamming_distance('111', '11');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT jaccard_distance('11', '111');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '111'::bit(3) <~> '1111'::bit(4);
SELECT '111'::bit(3) <%> '1111'::bit(4);
SELECT hamming_distance(repeat('1', 513)::varbit, repeat('1', 512)::varbit);
SELECT jaccard_distance(repeat('1', 65)::varbit, repeat('1', 64)::varbit);
-- the bit lengths are compared, not the declared types: bit(n) vs varbit
SELECT '101'::bit(3) <~> '011'::varbit(4);
SELECT '101'::bit(3) <%> '011'::varbit;
SELECT '101'::bit(3) <~> '0110'::varbit(4);
SELECT '101'::varbit(10) <~> '111'::varbit(20);
SELECT '1'::bit(8) <~> '1'::bit;
SELECT '1'::bit(8), '1'::bit(8) <~> '10000000'::varbit;

-- NULLs
SELECT hamming_distance(NULL, '1'), jaccard_distance('1', NULL), NULL::bit <~> '1', '1' <%> NULL::bit;

-- lengths around the 64-bit and 512-bit blocks of the kernels, with bit
-- patterns that exercise every byte of the tail
CREATE TABLE bit_lens AS
  SELECT len,
         (SELECT string_agg(CASE WHEN (i * 7 + len) % 3 = 0 THEN '1' ELSE '0' END, '' ORDER BY i) FROM generate_series(1, len) i)::varbit AS a,
         (SELECT string_agg(CASE WHEN (i * 5 + len) % 4 = 1 THEN '1' ELSE '0' END, '' ORDER BY i) FROM generate_series(1, len) i)::varbit AS b
  FROM (SELECT generate_series(1, 80) UNION SELECT unnest(ARRAY[127, 128, 129, 255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 4096, 64000])) l(len);
-- reference values computed with PostgreSQL's own bit operators
SELECT count(*) AS lengths,
       count(*) FILTER (WHERE a <~> b = bit_count(a # b)) AS hamming_ok,
       count(*) FILTER (WHERE a <%> b = CASE WHEN bit_count(a & b) = 0 THEN 1
             ELSE 1 - bit_count(a & b)::float8 / (bit_count(a) + bit_count(b) - bit_count(a & b)) END) AS jaccard_ok,
       count(*) FILTER (WHERE a <~> a = 0 AND b <~> b = 0) AS self_ok
  FROM bit_lens;
SELECT len, a <~> b AS hamming, round((a <%> b)::numeric, 12) AS jaccard
  FROM bit_lens WHERE len IN (1, 7, 8, 9, 63, 64, 65, 511, 512, 513, 64000) ORDER BY len;
DROP TABLE bit_lens;

-- 513 bits: the first, 512th and 513th bit
SELECT (B'1' || repeat('0', 512)::varbit) <~> repeat('0', 513)::varbit;
SELECT (repeat('0', 511)::varbit || B'10') <~> repeat('0', 513)::varbit;
SELECT (repeat('0', 512)::varbit || B'1') <~> repeat('0', 513)::varbit;
SELECT (repeat('0', 512)::varbit || B'1') <%> (repeat('0', 512)::varbit || B'1');
SELECT (repeat('0', 512)::varbit || B'1') <%> (repeat('1', 512)::varbit || B'1');
SELECT repeat('1', 513)::varbit <~> repeat('0', 513)::varbit, repeat('1', 513)::varbit <%> repeat('0', 513)::varbit;

-- long sparse strings: a few ones in 100000 bits
CREATE TABLE bit_sparse AS
  SELECT overlay(overlay(repeat('0', 100000) PLACING '1' FROM 17) PLACING '1' FROM 99999)::varbit AS a,
         overlay(overlay(overlay(repeat('0', 100000) PLACING '1' FROM 17) PLACING '1' FROM 50001) PLACING '1' FROM 100000)::varbit AS b;
SELECT length(a), a <~> b, a <%> b, hamming_distance(b, a), jaccard_distance(b, a) FROM bit_sparse;
SELECT a <~> a, a <%> a, (a & ~a) <%> (b & ~b) FROM bit_sparse;
DROP TABLE bit_sparse;

-- binary_quantize output feeds the bit distances
SELECT binary_quantize('[1,-2,3,0]'::vector) <~> binary_quantize('[-1,2,3,4]'::vector);
SELECT binary_quantize('[1,-2,3,0]'::halfvec) <%> binary_quantize('[-1,2,3,4]'::halfvec);

-- bit columns, ordering by distance
CREATE TABLE bit_t (id int, b bit(4));
INSERT INTO bit_t VALUES (1, '0000'), (2, '1111'), (3, '1100'), (4, '0011'), (5, NULL), (6, '1000');
SELECT id, b, b <~> '1110' AS hamming, b <%> '1110' AS jaccard FROM bit_t ORDER BY b <~> '1110', id;
SELECT id FROM bit_t ORDER BY b <%> '1110', id;
SELECT id FROM bit_t WHERE b <~> '1110' <= 1 ORDER BY id;
DROP TABLE bit_t;

-- the catalog
SELECT p.oid::regprocedure, p.prorettype::regtype, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_proc p WHERE p.proname IN ('hamming_distance', 'jaccard_distance') ORDER BY 1::text;
SELECT o.oprname, o.oprleft::regtype, o.oprright::regtype, o.oprresult::regtype,
       o.oprcode::regprocedure, o.oprcom::regoperator
  FROM pg_operator o WHERE o.oprname IN ('<~>', '<%>') ORDER BY 1;
