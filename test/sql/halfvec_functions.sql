-- halfvec functions and operators: distances, norms, normalize, quantize,
-- subvector, element-wise arithmetic, concatenation, comparisons

-- l2 distance
SELECT l2_distance('[0,0]'::halfvec, '[3,4]');
SELECT l2_distance('[0,0]'::halfvec, '[0,1]');
SELECT l2_distance('[1,2,3]'::halfvec, '[1,2,3]');
SELECT l2_distance('[65504]'::halfvec, '[-65504]');
SELECT l2_distance('[1,2]'::halfvec, '[3]');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[0,0]'::halfvec <-> '[3,4]';
SELECT '[1,2]'::halfvec <-> '[3,4,5]';
SELECT halfvec_l2_squared_distance('[0,0]', '[3,4]');
SELECT halfvec_l2_squared_distance('[1,2]', '[3]');
SELECT l2_distance(array_fill(1, ARRAY[16000])::halfvec, array_fill(-1, ARRAY[16000])::halfvec);
SELECT l1_distance(array_fill(1, ARRAY[16000])::halfvec, array_fill(-1, ARRAY[16000])::halfvec);
SELECT inner_product(array_fill(2, ARRAY[16000])::halfvec, array_fill(-3, ARRAY[16000])::halfvec);
SELECT cosine_distance(array_fill(2, ARRAY[16000])::halfvec, array_fill(-3, ARRAY[16000])::halfvec);

-- inner product
SELECT inner_product('[1,2]'::halfvec, '[3,4]');
SELECT inner_product('[1,2]'::halfvec, '[3]');
SELECT inner_product('[65504]'::halfvec, '[65504]');
SELECT inner_product('[-0]'::halfvec, '[0]');
SELECT '[1,2]'::halfvec <#> '[3,4]';
SELECT '[1,2]'::halfvec <#> '[3]';
SELECT halfvec_negative_inner_product('[1,2]', '[3,4]');
SELECT halfvec_negative_inner_product('[0,0]', '[3,4]');
SELECT halfvec_negative_inner_product('[1,2]', '[3,4,5]');

-- cosine distance
SELECT cosine_distance('[1,2]'::halfvec, '[2,4]');
SELECT cosine_distance('[1,2]'::halfvec, '[0,0]');
SELECT cosine_distance('[1,1]'::halfvec, '[1,1]');
SELECT cosine_distance('[1,0]'::halfvec, '[0,2]');
SELECT cosine_distance('[1,1]'::halfvec, '[-1,-1]');
SELECT cosine_distance('[1,2]'::halfvec, '[3]');
SELECT cosine_distance('[65504,65504]'::halfvec, '[65504,65504]');
SELECT cosine_distance('[6e-8]'::halfvec, '[6e-8]');
SELECT '[1,2]'::halfvec <=> '[2,4]';
SELECT '[1,2]'::halfvec <=> '[2,4,6]';
SELECT '[0,0]'::halfvec <=> '[0,0]';

-- l1 distance
SELECT l1_distance('[0,0]'::halfvec, '[3,4]');
SELECT l1_distance('[0,0]'::halfvec, '[0,1]');
SELECT l1_distance('[1,2]'::halfvec, '[3]');
SELECT l1_distance('[65504]'::halfvec, '[-65504]');
SELECT '[0,0]'::halfvec <+> '[3,4]';
SELECT '[0,0]'::halfvec <+> '[3]';

-- spherical distance: acos(clamped dot) / pi
SELECT halfvec_spherical_distance('[1,0]', '[0,1]');
SELECT halfvec_spherical_distance('[1,0]', '[1,0]');
SELECT halfvec_spherical_distance('[1,0]', '[-1,0]');
SELECT halfvec_spherical_distance('[2,0]', '[2,0]');
SELECT halfvec_spherical_distance('[-2,0]', '[2,0]');
SELECT halfvec_spherical_distance('[1,0]', '[1]');

-- NULL arguments
SELECT l2_distance('[1]'::halfvec, NULL), NULL::halfvec <-> '[1]', inner_product(NULL::halfvec, NULL),
       cosine_distance('[1]'::halfvec, NULL), l1_distance(NULL, '[1]'::halfvec);

-- dims and norms
SELECT vector_dims('[1,2,3]'::halfvec);
SELECT vector_dims(array_fill(0, ARRAY[16000])::halfvec);
SELECT l2_norm('[3,4]'::halfvec);
SELECT l2_norm('[0,1]'::halfvec);
SELECT l2_norm('[0,0]'::halfvec);
SELECT l2_norm('[-0,-0]'::halfvec);
SELECT l2_norm('[2]'::halfvec);
SELECT l2_norm('[65504,65504]'::halfvec);
SELECT l2_norm(array_fill(65504, ARRAY[16000])::halfvec);
SELECT l2_norm('[5.9604645e-8]'::halfvec);

-- l2_normalize
SELECT l2_normalize('[3,4]'::halfvec);
SELECT l2_normalize('[3,0]'::halfvec);
SELECT l2_normalize('[0,0.1]'::halfvec);
SELECT l2_normalize('[0,0]'::halfvec);
SELECT l2_normalize('[-0,0]'::halfvec);
SELECT l2_normalize('[65504]'::halfvec);
SELECT l2_normalize('[65504,65504]'::halfvec);
SELECT l2_normalize('[5.9604645e-8,-5.9604645e-8]'::halfvec);
SELECT l2_normalize('[1,2,3,4,5,6,7,8,9,10]'::halfvec);
SELECT l2_norm(l2_normalize('[1,1,1,1]'::halfvec));

-- binary_quantize: bit i is 1 iff element i > 0
SELECT binary_quantize('[1,0,-1]'::halfvec);
SELECT binary_quantize('[0,0.1,-0.2,-0.3,0.4,0.5,0.6,-0.7,0.8,-0.9,1]'::halfvec);
SELECT binary_quantize('[-0,0,5.9604645e-8,-5.9604645e-8]'::halfvec);
SELECT binary_quantize('[1,1,1,1,1,1,1,1]'::halfvec);
SELECT binary_quantize('[1,1,1,1,1,1,1,1,1]'::halfvec);
SELECT binary_quantize('[65504]'::halfvec), pg_typeof(binary_quantize('[65504]'::halfvec));
SELECT length(binary_quantize(array_fill(1, ARRAY[16000])::halfvec)),
       bit_count(binary_quantize(array_fill(1, ARRAY[16000])::halfvec));
SELECT binary_quantize('[1,-1,1]'::halfvec)::bit(3);
SELECT binary_quantize('[1,-1,1]'::halfvec) <~> binary_quantize('[1,1,-1]'::halfvec);

-- subvector(v, start, count): 1-based, substring-like clipping
SELECT subvector('[1,2,3,4,5]'::halfvec, 1, 3);
SELECT subvector('[1,2,3,4,5]'::halfvec, 3, 2);
SELECT subvector('[1,2,3,4,5]'::halfvec, -1, 3);
SELECT subvector('[1,2,3,4,5]'::halfvec, 3, 9);
SELECT subvector('[1,2,3,4,5]'::halfvec, 5, 1);
SELECT subvector('[1,2,3,4,5]'::halfvec, 1, 5);
SELECT subvector('[1,2,3,4,5]'::halfvec, 0, 6);
SELECT subvector('[1,2,3,4,5]'::halfvec, 3, 2147483647);
SELECT subvector('[1,2,3,4,5]'::halfvec, -2147483644, 2147483647);
SELECT subvector('[1,2,3,4,5]'::halfvec, 2147483647, 2147483647);
SELECT subvector('[1,2,3,4,5]'::halfvec, 1, 0);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT subvector('[1,2,3,4,5]'::halfvec, 3, -1);
SELECT subvector('[1,2,3,4,5]'::halfvec, 6, 1);
SELECT subvector('[1,2,3,4,5]'::halfvec, 0, 1);
SELECT subvector('[1,2,3,4,5]'::halfvec, -1, 2);
SELECT subvector('[1,2,3,4,5]'::halfvec, -2147483648, 2147483647);
SELECT subvector('[1,2,3,4,5]'::halfvec, -2147483648, 1);
SELECT subvector('[1,2,3,4,5]'::halfvec, 1, -2147483648);
SELECT subvector('[1,2,3,4,5]'::halfvec, 2147483647, 1);
SELECT subvector('[-0,0.1,65504]'::halfvec, 1, 3);
SELECT vector_dims(subvector(array_fill(1, ARRAY[16000])::halfvec, 2, 16000));
SELECT subvector('[1,2,3]'::halfvec, NULL, 1), subvector(NULL::halfvec, 1, 1);

-- addition
SELECT '[1,2,3]'::halfvec + '[4,5,6]';
SELECT '[1,2]'::halfvec + '[3]';
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[65504]'::halfvec + '[65504]';
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[-65504]'::halfvec + '[-65504]';
SELECT '[65504]'::halfvec + '[15]';
SELECT '[65504]'::halfvec + '[16]';
SELECT '[65504,1]'::halfvec + '[-65504,-1]';
SELECT '[-0]'::halfvec + '[-0]';
SELECT '[2048,1]'::halfvec + '[1,2048]';
SELECT '[0.1]'::halfvec + '[0.2]';
SELECT halfvec_add('[1,2]', '[3,4]');
-- result elements are rounded to half precision
SELECT '[5.9604645e-8]'::halfvec + '[5.9604645e-8]';

-- subtraction
SELECT '[1,2,3]'::halfvec - '[4,5,6]';
SELECT '[4,5,6]'::halfvec - '[1,2,3]';
SELECT '[1,2]'::halfvec - '[3]';
SELECT '[65504]'::halfvec - '[-65504]';
SELECT '[-65504]'::halfvec - '[65504]';
SELECT '[1]'::halfvec - '[1]';
SELECT '[-0]'::halfvec - '[0]';
SELECT halfvec_sub('[1,2]', '[3,4]');

-- multiplication
SELECT '[1,2,3]'::halfvec * '[4,5,6]';
SELECT '[1,2]'::halfvec * '[3]';
SELECT '[256]'::halfvec * '[256]';
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[255.9]'::halfvec * '[255.9]';
SELECT '[1e-4]'::halfvec * '[1e-4]';
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1e-3]'::halfvec * '[1e-3]';
SELECT '[5.9604645e-8]'::halfvec * '[0.5]';
SELECT '[5.9604645e-8]'::halfvec * '[0.75]';
SELECT '[0,-0,2]'::halfvec * '[1e-4,1e-4,-0]';
SELECT '[-1]'::halfvec * '[0]';
SELECT '[65504]'::halfvec * '[1]';
SELECT halfvec_mul('[1,2]', '[3,4]');

-- concatenation
SELECT '[1,2,3]'::halfvec || '[4,5]';
SELECT '[1]'::halfvec || '[-0,65504]';
SELECT halfvec_concat('[1]', '[2]');
SELECT vector_dims(array_fill(1, ARRAY[8000])::halfvec || array_fill(2, ARRAY[8000])::halfvec);
SELECT array_fill(1, ARRAY[8000])::halfvec || array_fill(2, ARRAY[8001])::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT array_fill(1, ARRAY[16000])::halfvec || '[1]'::halfvec;
SELECT subvector(array_fill(1, ARRAY[15999])::halfvec || '[7]'::halfvec, 15999, 5);
SELECT '[1,2]'::halfvec || NULL;

-- comparison operators
SELECT '[1,2,3]'::halfvec < '[1,2,3]', '[1,2,3]'::halfvec <= '[1,2,3]', '[1,2,3]'::halfvec = '[1,2,3]',
       '[1,2,3]'::halfvec <> '[1,2,3]', '[1,2,3]'::halfvec >= '[1,2,3]', '[1,2,3]'::halfvec > '[1,2,3]';
SELECT '[1,2,3]'::halfvec < '[1,2,4]', '[1,2,3]'::halfvec <= '[1,2,4]', '[1,2,3]'::halfvec = '[1,2,4]',
       '[1,2,3]'::halfvec <> '[1,2,4]', '[1,2,3]'::halfvec >= '[1,2,4]', '[1,2,3]'::halfvec > '[1,2,4]';
-- different dimensions compare like arrays: values first, then length
SELECT '[1,2,3]'::halfvec > '[1,2]', '[1,2]'::halfvec < '[1,2,3]', '[1,2]'::halfvec = '[1,2,3]';
SELECT halfvec_cmp('[1,2]', '[2,3,4]'), halfvec_cmp('[2,3]', '[1,2,3]'), halfvec_cmp('[1,2]', '[1,2]');
SELECT halfvec_cmp('[1,2,3]', '[1,2]'), halfvec_cmp('[1,2]', '[1,2,3]');
SELECT halfvec_lt('[1]', '[2]'), halfvec_le('[2]', '[2]'), halfvec_eq('[2]', '[2]'),
       halfvec_ne('[1]', '[2]'), halfvec_ge('[1]', '[2]'), halfvec_gt('[3]', '[2]');
-- values compare as floats: -0 equals 0
SELECT '[-0]'::halfvec = '[0]', halfvec_cmp('[-0,1]', '[0,1]');
SELECT '[-65504]'::halfvec < '[-0]', '[5.9604645e-8]'::halfvec > '[0]';
-- values that round to the same half are equal
SELECT '[1.0001]'::halfvec = '[1]', '[1.001]'::halfvec = '[1]';
SELECT '[1]'::halfvec = NULL;
