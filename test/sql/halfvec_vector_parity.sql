-- halfvec distances equal vector distances exactly (same text) when the
-- elements are small integers, which both types hold exactly: every distance
-- function, every dimension 1..70 (kernel tails) and a few large ones

SELECT setseed(0.34);
CREATE TABLE halfvec_parity_t AS
  SELECT n, d,
         (SELECT array_agg(floor(random() * 11 - 5)::int) FROM generate_series(1, d) WHERE n > -1) AS a,
         (SELECT array_agg(floor(random() * 11 - 5)::int) FROM generate_series(1, d) WHERE n > -1) AS b
  FROM generate_series(1, 70) d, generate_series(1, 5) n;
INSERT INTO halfvec_parity_t
  SELECT n, d,
         (SELECT array_agg(floor(random() * 31 - 15)::int) FROM generate_series(1, d) WHERE n > -1),
         (SELECT array_agg(floor(random() * 31 - 15)::int) FROM generate_series(1, d) WHERE n > -1)
  FROM (VALUES (127), (128), (129), (1000), (1536), (4000), (16000)) dims(d), generate_series(1, 3) n;
-- vectors made of only zeros or only one value
INSERT INTO halfvec_parity_t VALUES
  (1, 3, '{0,0,0}', '{1,2,3}'), (1, 3, '{0,0,0}', '{0,0,0}'), (1, 17, array_fill(2, ARRAY[17]), array_fill(2, ARRAY[17])),
  (1, 17, array_fill(-3, ARRAY[17]), array_fill(3, ARRAY[17]));
SELECT count(*), count(DISTINCT d) FROM halfvec_parity_t;

CREATE TEMP VIEW halfvec_parity_v AS
  SELECT n, d, a, b, a::vector AS va, b::vector AS vb, a::halfvec AS ha, b::halfvec AS hb FROM halfvec_parity_t;

SELECT count(*) AS rows,
       count(*) FILTER (WHERE l2_distance(ha, hb)::text <> l2_distance(va, vb)::text) AS l2,
       count(*) FILTER (WHERE (ha <-> hb)::text <> (va <-> vb)::text) AS l2_op,
       count(*) FILTER (WHERE halfvec_l2_squared_distance(ha, hb)::text <> vector_l2_squared_distance(va, vb)::text) AS l2_squared,
       count(*) FILTER (WHERE inner_product(ha, hb)::text <> inner_product(va, vb)::text) AS ip,
       count(*) FILTER (WHERE (ha <#> hb)::text <> (va <#> vb)::text) AS ip_op,
       count(*) FILTER (WHERE cosine_distance(ha, hb)::text <> cosine_distance(va, vb)::text) AS cosine,
       count(*) FILTER (WHERE (ha <=> hb)::text <> (va <=> vb)::text) AS cosine_op,
       count(*) FILTER (WHERE l1_distance(ha, hb)::text <> l1_distance(va, vb)::text) AS l1,
       count(*) FILTER (WHERE (ha <+> hb)::text <> (va <+> vb)::text) AS l1_op,
       count(*) FILTER (WHERE l2_norm(ha)::text <> vector_norm(va)::text) AS norm
  FROM halfvec_parity_v;

-- the same, against the other argument order
SELECT count(*) FILTER (WHERE l2_distance(hb, ha)::text <> l2_distance(va, vb)::text) AS l2,
       count(*) FILTER (WHERE inner_product(hb, ha)::text <> inner_product(va, vb)::text) AS ip,
       count(*) FILTER (WHERE cosine_distance(hb, ha)::text <> cosine_distance(va, vb)::text) AS cosine,
       count(*) FILTER (WHERE l1_distance(hb, ha)::text <> l1_distance(va, vb)::text) AS l1
  FROM halfvec_parity_v;

-- element-wise operations, comparisons, quantization and subvectors agree too
SELECT count(*) FILTER (WHERE (ha + hb)::vector <> va + vb) AS add,
       count(*) FILTER (WHERE (ha - hb)::vector <> va - vb) AS sub,
       count(*) FILTER (WHERE (ha * hb)::vector <> va * vb) AS mul,
       count(*) FILTER (WHERE d <= 8000 AND (ha || hb)::vector <> va || vb) AS concat,
       count(*) FILTER (WHERE halfvec_cmp(ha, hb) <> vector_cmp(va, vb)) AS cmp,
       count(*) FILTER (WHERE binary_quantize(ha) <> binary_quantize(va)) AS quantize,
       count(*) FILTER (WHERE subvector(ha, 2, d / 2)::vector <> subvector(va, 2, d / 2)) AS subvector
  FROM halfvec_parity_v WHERE d > 3;

-- a sample of the values themselves (small dims, so the sums are exact)
SELECT d, a, b, ha <-> hb AS l2, ha <#> hb AS nip, round((ha <=> hb)::numeric, 12) AS cosine, ha <+> hb AS l1
  FROM halfvec_parity_v WHERE n = 1 AND d IN (1, 2, 3, 5, 8) ORDER BY d;

-- aggregates over small integers agree as well
SELECT avg(ha)::vector = avg(va) AS avg, sum(ha)::vector = sum(va) AS sum
  FROM halfvec_parity_v WHERE d = 16 AND n <= 4;

DROP VIEW halfvec_parity_v;
DROP TABLE halfvec_parity_t;
