-- sparsevec functions and distance operators: l2_distance (<->),
-- inner_product, the negative inner product (<#>), cosine_distance (<=>),
-- l1_distance (<+>), the squared L2 distance, l2_norm, l2_normalize

CREATE TABLE sparsevec_fn_pairs (id int, a sparsevec, b sparsevec);
INSERT INTO sparsevec_fn_pairs VALUES
  -- same indices
  (1, '{1:1,2:2,3:3}/3', '{1:4,2:5,3:6}/3'),
  -- disjoint indices
  (2, '{1:1,3:2}/4', '{2:3,4:4}/4'),
  -- partial overlap, b before, between and after a's indices
  (3, '{2:1,4:-2,6:3}/8', '{1:5,4:1,5:-1,8:2}/8'),
  -- one side empty
  (4, '{}/3', '{2:5}/3'),
  (5, '{1:-3,2:4}/3', '{}/3'),
  -- both empty
  (6, '{}/2', '{}/2'),
  -- identical
  (7, '{1:1.5,5:-2.25}/5', '{1:1.5,5:-2.25}/5'),
  -- opposite
  (8, '{1:1,2:1}/2', '{1:-1,2:-1}/2'),
  -- fractional values (dyadic, so that every product and sum is exact:
  -- otherwise the last bits depend on how the compiler fused and ordered
  -- pgvector's float arithmetic)
  (9, '{1:0.5,2:0.25,3:0.125}/3', '{1:0.125,2:0.25,3:0.5}/3'),
  -- large dimensions, few elements
  (10, '{1:1,1000000000:2}/1000000000', '{500000000:3,1000000000:-2}/1000000000');

SELECT id, l2_distance(a, b), a <-> b AS op, l2_distance(b, a) AS swapped FROM sparsevec_fn_pairs ORDER BY id;
SELECT id, sparsevec_l2_squared_distance(a, b) FROM sparsevec_fn_pairs ORDER BY id;
SELECT id, inner_product(a, b), sparsevec_negative_inner_product(a, b), a <#> b AS op,
       inner_product(b, a) AS swapped
  FROM sparsevec_fn_pairs ORDER BY id;
SELECT id, cosine_distance(a, b), a <=> b AS op, cosine_distance(b, a) AS swapped FROM sparsevec_fn_pairs ORDER BY id;
SELECT id, l1_distance(a, b), a <+> b AS op, l1_distance(b, a) AS swapped FROM sparsevec_fn_pairs ORDER BY id;

-- the same results as the dense vector functions on the expansions
SELECT id,
       l2_distance(a, b) = l2_distance(a::vector, b::vector) AS l2,
       inner_product(a, b) = inner_product(a::vector, b::vector) AS ip,
       l1_distance(a, b) = l1_distance(a::vector, b::vector) AS l1,
       cosine_distance(a, b)::text = cosine_distance(a::vector, b::vector)::text AS cos,
       l2_norm(a) = vector_norm(a::vector) AS norm
  FROM sparsevec_fn_pairs WHERE id < 10 ORDER BY id;

-- different dimensions
SELECT l2_distance('{1:1}/2'::sparsevec, '{1:1}/3');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:1}/2'::sparsevec <-> '{1:1}/3';
SELECT sparsevec_l2_squared_distance('{}/3', '{}/2');
SELECT inner_product('{1:1}/2'::sparsevec, '{1:1}/1');
SELECT '{1:1}/2'::sparsevec <#> '{1:1}/1';
SELECT sparsevec_negative_inner_product('{1:1}/2', '{1:1}/1');
SELECT cosine_distance('{1:1}/1000000000'::sparsevec, '{1:1}/999999999');
SELECT '{1:1}/2'::sparsevec <=> '{1:1}/1';
SELECT l1_distance('{1:1}/2'::sparsevec, '{1:1}/1');
SELECT '{1:1}/2'::sparsevec <+> '{1:1}/1';

-- overflow is not an error: infinities and NaN come back
SELECT l2_distance('{1:3e38}/1'::sparsevec, '{1:-3e38}/1');
SELECT l2_distance('{1:3e38}/2'::sparsevec, '{2:3e38}/2');
SELECT inner_product('{1:3e38}/1'::sparsevec, '{1:3e38}/1');
SELECT '{1:3e38}/1'::sparsevec <#> '{1:3e38}/1';
SELECT cosine_distance('{1:3e38}/1'::sparsevec, '{1:3e38}/1');
SELECT l1_distance('{1:3e38,2:3e38}/2'::sparsevec, '{1:-3e38,2:-3e38}/2');
SELECT l2_norm('{1:3e38,2:3e38}/2'::sparsevec);

-- cosine distance with a zero vector is NaN; the result is clamped to [0, 2]
SELECT cosine_distance('{}/2'::sparsevec, '{1:1}/2');
SELECT cosine_distance('{}/2'::sparsevec, '{}/2');
SELECT cosine_distance('{1:1,2:1}/2'::sparsevec, '{1:1,2:1}/2');
SELECT cosine_distance('{1:1,2:1}/2'::sparsevec, '{1:-1,2:-1}/2');
SELECT cosine_distance('{1:0.5,2:0.25,3:-0.125}/3'::sparsevec, '{1:0.5,2:0.25,3:-0.125}/3');
SELECT cosine_distance('{1:1,2:2,3:3}/3'::sparsevec, '{1:2,2:4,3:6}/3');

-- subnormals and tiny products
SELECT l2_distance('{1:1e-45}/1'::sparsevec, '{}/1'), inner_product('{1:1e-45}/1'::sparsevec, '{1:1e-45}/1');

-- l2_norm (note: vector_norm is the vector spelling; there is no
-- vector_dims(sparsevec))
SELECT l2_norm('{1:3,2:4}/2'::sparsevec);
SELECT l2_norm('{}/2'::sparsevec);
SELECT l2_norm('{1:1,2:1,3:1,4:1}/1000000000'::sparsevec);
SELECT l2_norm('{1:0.1,2:0.2}/2'::sparsevec);
SELECT l2_norm('{1:1e-45}/1'::sparsevec);
SELECT l2_norm('{1:3.4028235e38}/1'::sparsevec);
SELECT vector_norm('{1:3,2:4}/2'::sparsevec);
SELECT vector_dims('{1:3,2:4}/2'::sparsevec);

-- l2_normalize
SELECT l2_normalize('{1:3,2:4}/2'::sparsevec);
SELECT l2_normalize('{1:3,3:4}/5'::sparsevec);
SELECT l2_normalize('{}/3'::sparsevec);
SELECT l2_normalize('{1:-5}/1000000000'::sparsevec);
SELECT l2_normalize('{1:0.1,2:0.2,3:0.3}/3'::sparsevec);
SELECT l2_normalize('{1:1e-45,2:1e-45}/2'::sparsevec);
SELECT l2_normalize('{1:3.4028235e38,2:3.4028235e38}/2'::sparsevec);
-- elements that underflow to zero after normalizing are removed
SELECT l2_normalize('{1:3e38,2:1e-37}/2'::sparsevec);
SELECT l2_normalize('{1:1e-37,2:3e38,3:-1e-37,4:1}/4'::sparsevec);
SELECT sparsevec_send(l2_normalize('{1:3e38,2:1e-37}/2'::sparsevec));
SELECT pg_column_size(l2_normalize('{1:3e38,2:1e-37,3:1e-37}/3'::sparsevec));
SELECT l2_norm(l2_normalize('{1:1,2:2,3:3}/3'::sparsevec));
SELECT l2_normalize('{1:1,2:2,3:3}/3'::sparsevec)::vector = l2_normalize('[1,2,3]'::vector);

-- strictness: NULL in, NULL out
SELECT l2_distance(NULL::sparsevec, '{}/1') IS NULL, inner_product('{}/1'::sparsevec, NULL) IS NULL,
       cosine_distance(NULL::sparsevec, NULL) IS NULL, l1_distance(NULL::sparsevec, '{}/1') IS NULL,
       l2_norm(NULL::sparsevec) IS NULL, l2_normalize(NULL::sparsevec) IS NULL,
       (NULL::sparsevec <-> '{}/1') IS NULL;

-- untyped literals on the right resolve to sparsevec
SELECT '{1:1}/2'::sparsevec <-> '{2:1}/2';

-- no arithmetic operators for sparsevec
SELECT '{1:1}/2'::sparsevec + '{2:1}/2';
SELECT '{1:1}/2'::sparsevec - '{2:1}/2';
SELECT '{1:1}/2'::sparsevec * '{2:1}/2';
SELECT '{1:1}/2'::sparsevec || '{2:1}/2';

-- exact nearest-neighbour queries
CREATE TABLE sparsevec_fn_items (id int, embedding sparsevec(1000));
INSERT INTO sparsevec_fn_items
  SELECT i, ('{' || (i % 1000) + 1 || ':' || i || ',' || ((i * 7) % 1000) + 1 || ':1}/1000')::sparsevec
  FROM generate_series(1, 200) i WHERE (i % 1000) <> ((i * 7) % 1000);
INSERT INTO sparsevec_fn_items VALUES (1000, '{}/1000'), (1001, NULL);
SELECT id, embedding <-> '{5:4,29:1}/1000' AS d FROM sparsevec_fn_items ORDER BY d, id LIMIT 5;
SELECT id, embedding <#> '{5:4,29:1}/1000' AS d FROM sparsevec_fn_items ORDER BY d, id LIMIT 5;
SELECT id, embedding <=> '{5:4,29:1}/1000' AS d FROM sparsevec_fn_items ORDER BY d, id LIMIT 5;
SELECT id, embedding <+> '{5:4,29:1}/1000' AS d FROM sparsevec_fn_items ORDER BY d, id LIMIT 5;
SELECT count(*) FROM sparsevec_fn_items WHERE embedding <-> '{}/1000' < 50;
SELECT id FROM sparsevec_fn_items WHERE id <> 3
  ORDER BY embedding <-> (SELECT embedding FROM sparsevec_fn_items WHERE id = 3), id LIMIT 3;
DROP TABLE sparsevec_fn_items, sparsevec_fn_pairs;
