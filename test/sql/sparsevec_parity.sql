-- sparsevec distances return exactly the text of the vector (and halfvec)
-- distances when the elements are small integers: any summation order is
-- exact then, so the merge over the stored elements must agree with the
-- dense kernels. Many zeros, so that the index lists overlap partially.

SELECT setseed(0.77);
CREATE TABLE sparsevec_parity_t AS
  SELECT n, d,
         (SELECT array_agg(floor(random() * 4)::int - 2) FROM generate_series(1, d) WHERE n > -1) AS a,
         (SELECT array_agg(floor(random() * 4)::int - 2) FROM generate_series(1, d) WHERE n > -1) AS b
  FROM generate_series(1, 40) d, generate_series(1, 5) n;
-- sparser and larger: mostly zeros
INSERT INTO sparsevec_parity_t
  SELECT n, d,
         (SELECT array_agg(CASE WHEN random() < 0.1 THEN floor(random() * 21)::int - 10 ELSE 0 END)
            FROM generate_series(1, d) WHERE n > -1),
         (SELECT array_agg(CASE WHEN random() < 0.1 THEN floor(random() * 21)::int - 10 ELSE 0 END)
            FROM generate_series(1, d) WHERE n > -1)
  FROM (VALUES (100), (1000), (4000), (16000)) dims(d), generate_series(1, 3) n;
-- all zeros on one or both sides, identical, opposite
INSERT INTO sparsevec_parity_t VALUES
  (1, 3, '{0,0,0}', '{1,2,3}'), (1, 3, '{0,0,0}', '{0,0,0}'), (1, 5, '{1,0,2,0,3}', '{1,0,2,0,3}'),
  (1, 5, '{1,0,-2,0,3}', '{-1,0,2,0,-3}'), (1, 4, '{1,0,0,0}', '{0,0,0,1}');
SELECT count(*), count(DISTINCT d) FROM sparsevec_parity_t;

CREATE TEMP VIEW sparsevec_parity_v AS
  SELECT n, d, a::vector AS va, b::vector AS vb, a::halfvec AS ha, b::halfvec AS hb,
         a::sparsevec AS sa, b::sparsevec AS sb
  FROM sparsevec_parity_t;

SELECT count(*) AS rows,
       count(*) FILTER (WHERE l2_distance(sa, sb)::text <> l2_distance(va, vb)::text) AS l2,
       count(*) FILTER (WHERE (sa <-> sb)::text <> (va <-> vb)::text) AS l2_op,
       count(*) FILTER (WHERE sparsevec_l2_squared_distance(sa, sb)::text
                              <> vector_l2_squared_distance(va, vb)::text) AS l2_squared,
       count(*) FILTER (WHERE inner_product(sa, sb)::text <> inner_product(va, vb)::text) AS ip,
       count(*) FILTER (WHERE (sa <#> sb)::text <> (va <#> vb)::text) AS ip_op,
       count(*) FILTER (WHERE sparsevec_negative_inner_product(sa, sb)::text
                              <> vector_negative_inner_product(va, vb)::text) AS negative_ip,
       count(*) FILTER (WHERE cosine_distance(sa, sb)::text <> cosine_distance(va, vb)::text) AS cosine,
       count(*) FILTER (WHERE (sa <=> sb)::text <> (va <=> vb)::text) AS cosine_op,
       count(*) FILTER (WHERE l1_distance(sa, sb)::text <> l1_distance(va, vb)::text) AS l1,
       count(*) FILTER (WHERE (sa <+> sb)::text <> (va <+> vb)::text) AS l1_op,
       count(*) FILTER (WHERE l2_norm(sa)::text <> vector_norm(va)::text) AS norm,
       count(*) FILTER (WHERE sparsevec_cmp(sa, sb) <> vector_cmp(va, vb)) AS cmp
  FROM sparsevec_parity_v;

-- the other argument order, and halfvec as the third witness
SELECT count(*) FILTER (WHERE l2_distance(sb, sa)::text <> l2_distance(ha, hb)::text) AS l2,
       count(*) FILTER (WHERE inner_product(sb, sa)::text <> inner_product(ha, hb)::text) AS ip,
       count(*) FILTER (WHERE cosine_distance(sb, sa)::text <> cosine_distance(ha, hb)::text) AS cosine,
       count(*) FILTER (WHERE l1_distance(sb, sa)::text <> l1_distance(ha, hb)::text) AS l1,
       count(*) FILTER (WHERE l2_norm(sb)::text <> l2_norm(hb)::text) AS norm
  FROM sparsevec_parity_v;

-- conversions agree with each other
SELECT count(*) FILTER (WHERE sa::vector <> va) AS to_vector,
       count(*) FILTER (WHERE sa::halfvec <> ha) AS to_halfvec,
       count(*) FILTER (WHERE ha::sparsevec <> sa) AS from_halfvec,
       count(*) FILTER (WHERE va::sparsevec <> sa) AS from_vector,
       count(*) FILTER (WHERE l2_normalize(sa)::vector <> l2_normalize(va)) AS normalize
  FROM sparsevec_parity_v;

-- a sample of the values themselves
SELECT d, sa, sb, sa <-> sb AS l2, sa <#> sb AS nip, sa <=> sb AS cos, sa <+> sb AS l1
  FROM sparsevec_parity_v WHERE n = 1 AND d <= 6 ORDER BY d, sa, sb;

DROP VIEW sparsevec_parity_v;
DROP TABLE sparsevec_parity_t;
