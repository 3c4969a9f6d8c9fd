-- casts between vector and arrays, and vector -> vector(n)

-- integer[] -> vector
SELECT ARRAY[1,2,3]::vector;
SELECT '{1,-2,3}'::int[]::vector;
SELECT ARRAY[2147483647,-2147483648]::vector;
SELECT ARRAY[16777217]::vector;
SELECT ARRAY[1,2,3]::vector(3);
SELECT ARRAY[1,2,3]::vector(2);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT array_to_vector(ARRAY[1,2,3], -1, true);
SELECT array_to_vector(ARRAY[1,2,3], 3, false);
SELECT array_to_vector(ARRAY[1,2,3], 4, true);

-- real[] -> vector
SELECT ARRAY[1.5,2.5,-3.25]::real[]::vector;
SELECT '{1e-45,-0,3.4028235e38}'::real[]::vector;
SELECT '{NaN}'::real[]::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1,Infinity}'::real[]::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{-Infinity}'::real[]::vector;
SELECT '{1,2}'::real[]::vector(2);
SELECT '{1,2}'::real[]::vector(1);

-- double precision[] -> vector
SELECT ARRAY[1.5,2.5,-3.25]::float8[]::vector;
SELECT '{0.1,0.2,0.3}'::float8[]::vector;
SELECT '{1.0000001,16777217}'::float8[]::vector;
SELECT '{4e38}'::float8[]::vector;
SELECT '{-4e38}'::float8[]::vector;
SELECT '{1e300}'::float8[]::vector;
SELECT '{3.4028235e38,3.4028236e38}'::float8[]::vector;
SELECT '{1e-46,-1e-46,1e-300}'::float8[]::vector;
SELECT '{NaN}'::float8[]::vector;
SELECT '{Infinity}'::float8[]::vector;
SELECT '{-Infinity,1}'::float8[]::vector;
SELECT '{1,2}'::float8[]::vector(3);

-- numeric[] -> vector
SELECT ARRAY[1.5,2.5,-3.25]::vector;
SELECT '{0.1,0.2,0.3}'::numeric[]::vector;
SELECT '{123456789.123456789}'::numeric[]::vector;
SELECT '{1e-46}'::numeric[]::vector;
SELECT '{1e-50}'::numeric[]::vector;
SELECT '{-1e-46}'::numeric[]::vector;
SELECT '{4e38}'::numeric[]::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1e39}'::numeric[]::vector;
SELECT '{NaN}'::numeric[]::vector;
SELECT '{Infinity}'::numeric[]::vector;
SELECT '{-Infinity}'::numeric[]::vector;
SELECT '{1,2}'::numeric[]::vector(1);

-- other array types have no cast
SELECT ARRAY[1,2]::smallint[]::vector;
SELECT ARRAY[1,2]::bigint[]::vector;
SELECT ARRAY['1','2']::text[]::vector;

-- nulls
SELECT ARRAY[1,NULL]::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{NULL}'::real[]::vector;
SELECT '{1,NULL}'::float8[]::vector;
SELECT '{NULL,1}'::numeric[]::vector;
SELECT NULL::int[]::vector;
SELECT NULL::real[]::vector(3);

-- multidimensional
SELECT ARRAY[[1,2],[3,4]]::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{{1.5},{2.5}}'::real[]::vector;
SELECT '{{1}}'::float8[]::vector;
SELECT '{{{1}}}'::numeric[]::vector;

-- non-default lower bound
SELECT '[0:2]={1,2,3}'::int[]::vector;
SELECT '[-5:-4]={1.5,2.5}'::real[]::vector;

-- empty
SELECT '{}'::int[]::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{}'::real[]::vector;
SELECT '{}'::float8[]::vector;
SELECT '{}'::numeric[]::vector;
SELECT '{}'::int[]::vector(1);

-- dimension limit
SELECT vector_dims(array_fill(1, ARRAY[16000])::vector);
SELECT vector_dims(array_fill(1, ARRAY[16001])::vector);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_dims(array_fill(1::real, ARRAY[16001])::vector);
SELECT vector_dims(array_fill(1::float8, ARRAY[16001])::vector);
SELECT vector_dims(array_fill(1::numeric, ARRAY[16001])::vector);
SELECT vector_dims(array_fill(1, ARRAY[16000])::vector(16000));

-- vector -> real[]
SELECT '[1,2,3]'::vector::real[];
SELECT '[-0,1.5,1e-45,3.4028235e38]'::vector::real[];
SELECT vector_to_float4('[1,2]'::vector, -1, true);
SELECT pg_typeof('[1,2,3]'::vector::real[]);
SELECT array_dims('[1,2,3]'::vector::real[]);
SELECT ('[1,2,3]'::vector::real[])[2];
SELECT '[1,2,3]'::vector::real[]::vector;
SELECT '[1,2,3]'::vector::float8[];
SELECT '[1,2,3]'::vector::int[];
SELECT '[1,2,3]'::vector::numeric[];
SELECT NULL::vector::real[];

-- vector -> real[] is implicit
CREATE FUNCTION vector_cast_sum(real[]) RETURNS real
  LANGUAGE sql IMMUTABLE AS 'SELECT sum(x) FROM unnest($1) x';
SELECT vector_cast_sum('[1,2,3.5]'::vector);
DROP FUNCTION vector_cast_sum(real[]);

-- arrays -> vector are assignment casts, not implicit
CREATE TABLE vector_cast_t (v vector(3), r real[]);
INSERT INTO vector_cast_t (v) VALUES (ARRAY[1,2,3]);
INSERT INTO vector_cast_t (v) VALUES ('{4,5,6}'::real[]);
INSERT INTO vector_cast_t (v) VALUES ('{7,8,9}'::float8[]);
INSERT INTO vector_cast_t (v) VALUES (ARRAY[1.5,2.5,3.5]);
INSERT INTO vector_cast_t (v) VALUES (ARRAY[1,2]);
INSERT INTO vector_cast_t (v, r) VALUES ('[0,0,1]', '[9,8,7]'::vector);
SELECT * FROM vector_cast_t;
UPDATE vector_cast_t SET r = v;
SELECT r FROM vector_cast_t ORDER BY v;
SELECT l2_distance(r, '[0,0,0]'::vector) FROM vector_cast_t;
DROP TABLE vector_cast_t;

-- vector -> vector(n)
SELECT '[1,2,3]'::vector::vector(3);
SELECT '[1,2,3]'::vector::vector(2);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2,3]'::vector::vector(4);
SELECT '[1,2,3]'::vector::vector;
SELECT '[1,2,3]'::vector(3)::vector(3);
SELECT vector('[1,2,3]'::vector, 3, true);
SELECT vector('[1,2,3]'::vector, -1, false);
SELECT vector('[1,2,3]'::vector, 2, false);
SELECT CAST('[1,2]'::vector AS vector(2));
SELECT '[1,2]'::vector::vector(0);
SELECT '[1,2]'::vector::vector(16001);
SELECT ('{"[1,2]","[3,4,5]"}'::vector[])::vector(2)[];
SELECT ('{"[1,2]","[3,4]"}'::vector[])::vector(2)[];
SELECT ('{"[1,2]","[3,4]"}'::vector[])::real[];

-- text casts
SELECT '[1,2]'::vector::text;
SELECT '[1,2]'::text::vector;
SELECT ('[1,' || '2]')::vector(2);
SELECT '[1,2]'::varchar::vector;
