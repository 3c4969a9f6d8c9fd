-- vector functions and operators: distances, norms, normalize, quantize,
-- subvector, arithmetic, concatenation, comparison

-- l2_distance / <->
SELECT l2_distance('[0,0]'::vector, '[3,4]');
SELECT l2_distance('[0,0]'::vector, '[0,1]');
SELECT l2_distance('[1,2,3]'::vector, '[1,2,3]');
SELECT '[0,0]'::vector <-> '[3,4]';
SELECT '[1,1,1,1]'::vector <-> '[2,2,2,2]';
SELECT l2_distance('[3e38]'::vector, '[-3e38]');
SELECT l2_distance('[1,2]'::vector, '[3]');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2]'::vector <-> '[3,4,5]';
SELECT l2_distance(NULL::vector, '[1]');
SELECT round(l2_distance('[0.1,0.2]'::vector, '[0.3,0.4]')::numeric, 6);

-- vector_l2_squared_distance
SELECT vector_l2_squared_distance('[0,0]'::vector, '[3,4]');
SELECT vector_l2_squared_distance('[1,2]'::vector, '[1,2]');
SELECT vector_l2_squared_distance('[3e38]'::vector, '[-3e38]');
SELECT vector_l2_squared_distance('[1,2]'::vector, '[3]');

-- inner_product / vector_negative_inner_product / <#>
SELECT inner_product('[1,2]'::vector, '[3,4]');
SELECT inner_product('[1,-2]'::vector, '[3,4]');
SELECT inner_product('[0,0]'::vector, '[3,4]');
SELECT inner_product('[3e38]'::vector, '[3e38]');
SELECT inner_product('[3e38]'::vector, '[-3e38]');
SELECT inner_product('[1,2]'::vector, '[3]');
SELECT vector_negative_inner_product('[1,2]'::vector, '[3,4]');
SELECT vector_negative_inner_product('[1,2]'::vector, '[3]');
SELECT '[1,2]'::vector <#> '[3,4]';
SELECT '[1,2]'::vector <#> '[-3,-4]';
SELECT ('[1,2]'::vector <#> '[3,4]') * -1;

-- cosine_distance / <=>
SELECT cosine_distance('[1,2]'::vector, '[2,4]');
SELECT cosine_distance('[1,2]'::vector, '[0,0]');
SELECT cosine_distance('[0,0]'::vector, '[0,0]');
SELECT cosine_distance('[1,1]'::vector, '[1,1]');
SELECT cosine_distance('[1,1]'::vector, '[-1,-1]');
SELECT cosine_distance('[1,0]'::vector, '[0,2]');
SELECT cosine_distance('[3e38]'::vector, '[3e38]');
SELECT cosine_distance('[1,2]'::vector, '[3]');
SELECT '[1,2]'::vector <=> '[2,4]';
SELECT '[1,0]'::vector <=> '[-1,0]';
SELECT 1 - ('[3,4]'::vector <=> '[4,3]');
SELECT round(cosine_distance('[1,2,3]'::vector, '[4,5,6]')::numeric, 6);

-- vector_spherical_distance
SELECT vector_spherical_distance('[1,0]'::vector, '[0,1]');
SELECT vector_spherical_distance('[1,0]'::vector, '[1,0]');
SELECT vector_spherical_distance('[1,0]'::vector, '[-1,0]');
SELECT vector_spherical_distance('[2,0]'::vector, '[2,0]');
SELECT vector_spherical_distance('[2,0]'::vector, '[-2,0]');
SELECT vector_spherical_distance('[0,0]'::vector, '[0,0]');
SELECT vector_spherical_distance('[1,0]'::vector, '[1]');

-- l1_distance / <+>
SELECT l1_distance('[0,0]'::vector, '[3,4]');
SELECT l1_distance('[1,-1]'::vector, '[-1,1]');
SELECT l1_distance('[0,0]'::vector, '[0,0]');
SELECT l1_distance('[3e38]'::vector, '[-3e38]');
SELECT l1_distance('[1,2]'::vector, '[3]');
SELECT '[0,0]'::vector <+> '[3,4]';

-- operators are commutative where declared
SELECT '[3,4]'::vector <-> '[0,0]', '[3,4]'::vector <+> '[0,0]', '[3,4]'::vector <#> '[1,1]', '[3,4]'::vector <=> '[4,3]' = '[4,3]'::vector <=> '[3,4]';

-- untyped literals resolve to vector
SELECT '[1,2]' <-> '[1,2]'::vector;

-- vector_dims
SELECT vector_dims('[1,2,3]'::vector);
SELECT vector_dims('[1]'::vector);
SELECT vector_dims(NULL::vector);

-- vector_norm
SELECT vector_norm('[3,4]'::vector);
SELECT vector_norm('[0,0]'::vector);
SELECT vector_norm('[1,1,1,1]'::vector);
SELECT vector_norm('[-3,-4]'::vector);
SELECT vector_norm('[3e38,3e38]'::vector);
SELECT vector_norm('[1e-45]'::vector);

-- l2_normalize
SELECT l2_normalize('[3,4]'::vector);
SELECT l2_normalize('[3,0]'::vector);
SELECT l2_normalize('[0,-5]'::vector);
SELECT l2_normalize('[0,0]'::vector);
SELECT l2_normalize('[-0,0]'::vector);
SELECT l2_normalize('[3e38]'::vector);
SELECT l2_normalize('[3e38,3e38]'::vector);
SELECT l2_normalize('[1e-45]'::vector);
SELECT l2_normalize('[1e-45,1e-45]'::vector);
SELECT l2_normalize('[3e38,1e-37]'::vector);
SELECT vector_norm(l2_normalize('[1,1,1,1]'::vector));

-- binary_quantize
SELECT binary_quantize('[1,0,-1]'::vector);
SELECT binary_quantize('[1,0,-1,2,0.5,-0.5,0,0,1]'::vector);
SELECT binary_quantize('[-0,0,1e-45,-1e-45]'::vector);
SELECT binary_quantize('[1]'::vector);
SELECT binary_quantize('[1,1,1,1,1,1,1,1]'::vector);
SELECT length(binary_quantize(('[' || repeat('1,', 15999) || '1]')::vector));
SELECT binary_quantize('[1,0,-1]'::vector)::bit(3);
SELECT pg_typeof(binary_quantize('[1]'::vector));

-- subvector
SELECT subvector('[1,2,3,4,5]'::vector, 1, 3);
SELECT subvector('[1,2,3,4,5]'::vector, 3, 2);
SELECT subvector('[1,2,3,4,5]'::vector, 5, 1);
SELECT subvector('[1,2,3,4,5]'::vector, 1, 5);
SELECT subvector('[1,2,3,4,5]'::vector, -1, 3);
SELECT subvector('[1,2,3,4,5]'::vector, 0, 2);
SELECT subvector('[1,2,3,4,5]'::vector, 3, 9);
SELECT subvector('[1,2,3,4,5]'::vector, 3, 2147483647);
SELECT subvector('[1,2,3,4,5]'::vector, -2147483644, 2147483647);
SELECT subvector('[1,2,3,4,5]'::vector, -2147483648, 2147483647);
SELECT subvector('[1,2,3,4,5]'::vector, 1, 0);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT subvector('[1,2,3,4,5]'::vector, 1, -1);
SELECT subvector('[1,2,3,4,5]'::vector, 1, -2147483648);
SELECT subvector('[1,2,3,4,5]'::vector, 6, 1);
SELECT subvector('[1,2,3,4,5]'::vector, 2147483647, 1);
SELECT subvector('[1,2,3,4,5]'::vector, 2147483647, 2147483647);
SELECT subvector('[1,2,3,4,5]'::vector, 0, 1);
SELECT subvector('[1,2,3,4,5]'::vector, -5, 3);
SELECT subvector('[1,2,3,4,5]'::vector, -2147483648, 1);
SELECT subvector('[1,2,3,4,5]'::vector, NULL, 1);

-- + - * operators and functions
SELECT '[1,2,3]'::vector + '[4,5,6]';
SELECT vector_add('[1,2,3]'::vector, '[4,5,6]');
SELECT '[1,2,3]'::vector - '[4,5,6]';
SELECT vector_sub('[1,2,3]'::vector, '[4,5,6]');
SELECT '[4,5,6]'::vector - '[1,2,3]';
SELECT '[1,2,3]'::vector * '[4,5,6]';
SELECT vector_mul('[1,2,3]'::vector, '[4,5,6]');
SELECT '[1,-2]'::vector * '[-0,0]';
SELECT '[0.5,0.25]'::vector + '[0.25,0.5]';
SELECT '[1,2]'::vector - '[1,2]';
SELECT '[-0]'::vector + '[-0]';
SELECT '[1,2]'::vector + '[3]';
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2]'::vector - '[3]';
SELECT '[1,2]'::vector * '[3]';
SELECT '[1]'::vector + '[3,4]';

-- overflow and underflow
SELECT '[3e38]'::vector + '[3e38]';
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[-3e38]'::vector + '[-3e38]';
SELECT '[-3e38]'::vector - '[3e38]';
SELECT '[3e38]'::vector - '[-3e38]';
SELECT '[1e20]'::vector * '[1e20]';
SELECT '[1e-30]'::vector * '[1e-30]';
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1e-30,1]'::vector * '[-1e-30,1]';
SELECT '[0]'::vector * '[1e-30]';
SELECT '[1e-30]'::vector * '[0]';
SELECT '[1e-45]'::vector * '[0.5]';
SELECT '[1e-45]'::vector * '[1]';
SELECT '[1e-20]'::vector * '[1e-20]';
SELECT '[3e38,1]'::vector + '[-3e38,1]';
SELECT '[1.7e38]'::vector + '[1.7e38]';

-- || concatenation
SELECT '[1,2]'::vector || '[3]';
SELECT vector_concat('[1]'::vector, '[2,3,4]');
SELECT '[-0]'::vector || '[1]' || '[2,3]';
SELECT vector_dims(('[' || repeat('1,', 7999) || '1]')::vector || ('[' || repeat('2,', 7999) || '2]')::vector);
SELECT vector_dims(('[' || repeat('1,', 7999) || '1]')::vector || ('[' || repeat('2,', 8000) || '2]')::vector);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_dims(('[' || repeat('1,', 15999) || '1]')::vector || '[1]'::vector);

-- comparison operators
SELECT '[1,2,3]'::vector = '[1,2,3]', '[1,2,3]'::vector = '[1,2,4]', '[1,2,3]'::vector = '[1,2]';
SELECT '[1,2,3]'::vector <> '[1,2,3]', '[1,2,3]'::vector <> '[1,2,4]', '[1,2,3]'::vector <> '[1,2]';
SELECT '[1,2,3]'::vector < '[1,2,4]', '[1,2,4]'::vector < '[1,2,3]', '[1,2]'::vector < '[1,2,3]', '[1,2,3]'::vector < '[1,2,3]';
SELECT '[1,2,3]'::vector <= '[1,2,4]', '[1,2,4]'::vector <= '[1,2,3]', '[1,2]'::vector <= '[1,2,3]', '[1,2,3]'::vector <= '[1,2,3]';
SELECT '[1,2,3]'::vector > '[1,2]', '[1,2,3]'::vector > '[1,2,4]', '[2]'::vector > '[1,2,3]', '[1,2,3]'::vector > '[1,2,3]';
SELECT '[1,2,3]'::vector >= '[1,2]', '[1,2,3]'::vector >= '[1,2,4]', '[2]'::vector >= '[1,2,3]', '[1,2,3]'::vector >= '[1,2,3]';
SELECT vector_lt('[1]'::vector, '[2]'), vector_le('[1]'::vector, '[1]'), vector_eq('[1]'::vector, '[1]'), vector_ne('[1]'::vector, '[1]'), vector_ge('[1]'::vector, '[2]'), vector_gt('[2]'::vector, '[1]');
SELECT '[-0]'::vector = '[0]', '[-0]'::vector < '[0]', '[0,-0]'::vector = '[-0,0]';
SELECT '[-1]'::vector < '[1]', '[-2,5]'::vector < '[-1,0]';
SELECT '[1,2]'::vector = NULL;

-- vector_cmp
SELECT vector_cmp('[1,2,3]'::vector, '[1,2,3]');
SELECT vector_cmp('[1,2,3]'::vector, '[1,2,4]');
SELECT vector_cmp('[1,2,4]'::vector, '[1,2,3]');
SELECT vector_cmp('[1,2]'::vector, '[2,3,4]');
SELECT vector_cmp('[2,3]'::vector, '[1,2,3]');
SELECT vector_cmp('[1,2]'::vector, '[1,2,3]');
SELECT vector_cmp('[1,2,3]'::vector, '[1,2]');
SELECT vector_cmp('[-0]'::vector, '[0]');
SELECT vector_cmp('[-1e-45]'::vector, '[1e-45]');
SELECT vector_cmp('[3e38]'::vector, '[-3e38]');
