-- halfvec casts: to and from vector, from int/real/float8/numeric arrays, to
-- real[]; typmod checks on every path; the cast catalog

-- halfvec -> vector (exact widening)
SELECT '[1,2,3]'::halfvec::vector;
SELECT '[1.23456,-0,65504,5.9604645e-8]'::halfvec::vector;
SELECT '[1,2,3]'::halfvec::vector(3);
SELECT '[1,2,3]'::halfvec::vector(2);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_dims(array_fill(1, ARRAY[16000])::halfvec::vector);
SELECT halfvec_to_vector('[1,2]', -1, false), halfvec_to_vector('[1,2]', 2, true);
SELECT halfvec_to_vector('[1,2]', 3, true);

-- vector -> halfvec (round to nearest)
SELECT '[1,2,3]'::vector::halfvec;
SELECT '[1.23456,0.1,-0,65504,65519]'::vector::halfvec;
SELECT '[1e-8,-1e-8,1e-45,3e-8]'::vector::halfvec;
SELECT '[65520]'::vector::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[-65520]'::vector::halfvec;
SELECT '[1,100000]'::vector::halfvec;
SELECT '[3.4028235e38]'::vector::halfvec;
SELECT '[65519.996]'::vector::halfvec;
SELECT '[1,2,3]'::vector::halfvec(3);
SELECT '[1,2,3]'::vector::halfvec(2);
SELECT vector_dims(array_fill(1, ARRAY[16000])::vector::halfvec);
SELECT vector_to_halfvec('[1,2]', -1, false), vector_to_halfvec('[1,2]', 2, true);
SELECT vector_to_halfvec('[1,2]', 3, false);

-- halfvec -> halfvec (typmod only)
SELECT '[1,2,3]'::halfvec::halfvec(3);
SELECT '[1,2,3]'::halfvec::halfvec(4);
SELECT halfvec('[1,2]', -1, false), halfvec('[1,2]', 2, true);
SELECT halfvec('[1,2]', 1, true);

-- vector -> halfvec is implicit, halfvec -> vector is assignment only
CREATE TABLE halfvec_cast_t (h halfvec(3), v vector(3));
INSERT INTO halfvec_cast_t (h) VALUES ('[1,2,3]'::vector);
INSERT INTO halfvec_cast_t (v) VALUES ('[4,5,6]'::halfvec);
INSERT INTO halfvec_cast_t (h) VALUES ('[1,2]'::vector);
SELECT :'LAST_ERROR_SQLSTATE';
INSERT INTO halfvec_cast_t (h) VALUES ('[1,2,3,4]'::vector(4));
INSERT INTO halfvec_cast_t (v) VALUES ('[4,5]'::halfvec);
INSERT INTO halfvec_cast_t (v) VALUES ('[4,5,6,7]'::halfvec(4));
INSERT INTO halfvec_cast_t (h) VALUES ('[1,2,70000]'::vector);
INSERT INTO halfvec_cast_t (h, v) SELECT v, h FROM halfvec_cast_t WHERE h IS NULL OR v IS NULL;
SELECT h, v FROM halfvec_cast_t ORDER BY h, v;
UPDATE halfvec_cast_t SET h = v WHERE h IS NULL;
UPDATE halfvec_cast_t SET v = h WHERE v IS NULL;
SELECT h, v, h = v FROM halfvec_cast_t ORDER BY h, v;
UPDATE halfvec_cast_t SET h = '[1,2]'::vector(2);
UPDATE halfvec_cast_t SET v = '[1,2]'::halfvec(2);
-- implicit vector -> halfvec in function and operator calls
SELECT halfvec_l2_squared_distance('[0,0]'::vector, '[3,4]'::vector);
SELECT h <-> '[1,2,4]'::vector FROM halfvec_cast_t ORDER BY 1;
SELECT h + v FROM halfvec_cast_t ORDER BY 1;
DROP TABLE halfvec_cast_t;

-- halfvec -> real[]
SELECT '[1,2,3]'::halfvec::real[];
SELECT '[1.23456,-0,65504,5.9604645e-8]'::halfvec::real[];
SELECT '[1,2,3]'::halfvec::float4[] AS arr, pg_typeof('[1,2,3]'::halfvec::float4[]);
SELECT array_length(array_fill(1, ARRAY[16000])::halfvec::real[], 1);
SELECT halfvec_to_float4('[1,2]', -1, false);
SELECT '[1,2]'::halfvec::float8[];

-- int4[] -> halfvec
SELECT ARRAY[1,2,3]::halfvec;
SELECT ARRAY[65504,-65504,0]::halfvec;
SELECT ARRAY[2049,4097,4099]::halfvec;
SELECT ARRAY[65519]::halfvec, ARRAY[65520]::halfvec;
SELECT ARRAY[1,-65520]::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT ARRAY[2147483647]::halfvec;
SELECT '{1,2,3}'::int[]::halfvec(3);
SELECT '{1,2,3}'::int[]::halfvec(2);
SELECT :'LAST_ERROR_SQLSTATE';

-- real[] -> halfvec
SELECT ARRAY[1.5,2.5,3.5]::real[]::halfvec;
SELECT '{1.23456,-0,1e-8,-1e-8,65519}'::real[]::halfvec;
SELECT '{1e-45,-1e-45}'::real[]::halfvec;
SELECT '{70000}'::real[]::halfvec;
SELECT '{3.4e38}'::real[]::halfvec;
SELECT '{NaN}'::real[]::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1,Infinity}'::real[]::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{-Infinity}'::real[]::halfvec;
-- every element is rounded before any is checked for being finite
SELECT '{Infinity,70000}'::real[]::halfvec;
SELECT '{NaN,Infinity}'::real[]::halfvec;
SELECT '{Infinity,NaN}'::real[]::halfvec;
SELECT '{1,2}'::real[]::halfvec(2), '{1,2}'::real[]::halfvec(3);

-- double precision[] -> halfvec (C conversion to float first)
SELECT ARRAY[1,2,3]::double precision[]::halfvec;
SELECT '{1.23456,0.1,65519.99}'::float8[]::halfvec;
SELECT '{1e-300,-1e-300,1e-8,-1e-50}'::float8[]::halfvec;
SELECT '{65520}'::float8[]::halfvec;
SELECT '{1e10}'::float8[]::halfvec;
-- beyond float4 the C conversion gives infinity, rejected as infinite
SELECT '{4e38}'::float8[]::halfvec;
SELECT '{-1e300}'::float8[]::halfvec;
SELECT '{NaN}'::float8[]::halfvec;
SELECT '{Infinity}'::float8[]::halfvec;
SELECT '{1,2}'::float8[]::halfvec(3);

-- numeric[] -> halfvec (through numeric_float4)
SELECT ARRAY[1,2,3]::numeric[]::halfvec;
SELECT '{1.23456,0.1,-0.0,65519}'::numeric[]::halfvec;
SELECT '{0.00000001,-0.00000001}'::numeric[]::halfvec;
SELECT '{65520}'::numeric[]::halfvec;
SELECT '{1e39}'::numeric[]::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{NaN}'::numeric[]::halfvec;
SELECT '{Infinity}'::numeric[]::halfvec;
SELECT '{1,2}'::numeric[]::halfvec(1);

-- array shape errors
SELECT '{}'::int[]::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{}'::real[]::halfvec;
SELECT '{{1,2},{3,4}}'::int[]::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{{1}}'::real[]::halfvec;
SELECT '{1,NULL,3}'::int[]::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{NULL}'::float8[]::halfvec;
SELECT '{NULL}'::numeric[]::halfvec;
SELECT '[0:2]={1,2,3}'::int[]::halfvec;
SELECT vector_dims(array_fill(1, ARRAY[16000])::halfvec);
SELECT array_fill(1, ARRAY[16001])::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT array_fill(1::real, ARRAY[16001])::halfvec;
SELECT array_fill(1::float8, ARRAY[16001])::halfvec;
SELECT array_fill(1::numeric, ARRAY[16001])::halfvec;
-- the dimension checks come before the element checks
SELECT array_fill(70000, ARRAY[16001])::halfvec;
SELECT array_fill(70000, ARRAY[3])::halfvec(2);
SELECT array_to_halfvec(ARRAY[1,2], -1, false), array_to_halfvec(ARRAY[1.5,2.5]::real[], 2, true);
SELECT array_to_halfvec(ARRAY[1,2]::float8[], -1, true), array_to_halfvec(ARRAY[1.5]::numeric[], 1, true);
SELECT array_to_halfvec(ARRAY[1,2], 3, true);
SELECT array_to_halfvec(NULL::int[], -1, true);

-- arrays are converted in assignments, not implicitly
CREATE TABLE halfvec_cast_arr (h halfvec(2));
INSERT INTO halfvec_cast_arr VALUES (ARRAY[1,2]), ('{3,4}'::real[]), ('{5,6}'::float8[]), ('{7,8}'::numeric[]);
INSERT INTO halfvec_cast_arr VALUES (ARRAY[1,2,3]);
SELECT * FROM halfvec_cast_arr ORDER BY h;
SELECT l2_norm(ARRAY[3,4]);
DROP TABLE halfvec_cast_arr;

-- casts between halfvec and other types that do not exist
SELECT '[1,0]'::halfvec::bit;
SELECT '{1}'::text[]::halfvec;

-- the cast catalog (sparsevec casts are checked with sparsevec)
SELECT castsource::regtype, casttarget::regtype, castfunc::regprocedure, castcontext, castmethod
  FROM pg_cast
  WHERE (castsource = 'halfvec'::regtype OR casttarget = 'halfvec'::regtype)
    AND castsource::regtype::text <> 'sparsevec' AND casttarget::regtype::text <> 'sparsevec'
  ORDER BY castsource::regtype::text COLLATE "C", casttarget::regtype::text COLLATE "C";
