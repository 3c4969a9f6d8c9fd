-- sparsevec casts: typmod, vector <-> sparsevec, halfvec <-> sparsevec,
-- integer[] / real[] / double precision[] / numeric[] -> sparsevec

-- sparsevec -> sparsevec(n) only checks, never pads or truncates
SELECT '{1:1}/3'::sparsevec::sparsevec(3);
SELECT '{1:1}/3'::sparsevec::sparsevec(2);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec('{1:1}/3'::sparsevec, 3, true);
SELECT sparsevec('{1:1}/3'::sparsevec, -1, false);
SELECT sparsevec('{1:1}/3'::sparsevec, 4, false);
SELECT CAST('{1:1}/1000000000'::sparsevec AS sparsevec(1000000000));

-- vector -> sparsevec (implicit): zeros (and negative zeros) are dropped
SELECT '[1,0,2,-0,3]'::vector::sparsevec;
SELECT '[0,0,0]'::vector::sparsevec;
SELECT '[-1.5,3.4028235e38,1e-45]'::vector::sparsevec;
SELECT '[1,0,2]'::vector::sparsevec(3);
SELECT '[1,0,2]'::vector::sparsevec(2);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_to_sparsevec('[1,0,2]'::vector, -1, true);
SELECT l2_norm(array_fill(1, ARRAY[16000])::vector::sparsevec);
SELECT pg_column_size(array_fill(0, ARRAY[16000])::vector::sparsevec);
-- implicit: a vector goes into a sparsevec column and sparsevec functions
CREATE TABLE sparsevec_cast_t (v sparsevec(3));
INSERT INTO sparsevec_cast_t VALUES ('[1,0,3]'::vector);
INSERT INTO sparsevec_cast_t VALUES ('[1,0]'::vector);
INSERT INTO sparsevec_cast_t SELECT '[0,5,0]'::vector;
SELECT * FROM sparsevec_cast_t;
DROP TABLE sparsevec_cast_t;
SELECT l2_norm('[3,0,4]'::vector::sparsevec);

-- sparsevec -> vector (assignment)
SELECT '{1:1,3:2}/3'::sparsevec::vector;
SELECT '{}/3'::sparsevec::vector;
SELECT '{2:-1.5}/4'::sparsevec::vector(4);
SELECT '{2:-1.5}/4'::sparsevec::vector(3);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_dims('{}/16000'::sparsevec::vector);
SELECT '{}/16001'::sparsevec::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:1}/1000000000'::sparsevec::vector;
SELECT sparsevec_to_vector('{1:1,3:2}/3'::sparsevec, -1, true);
CREATE TABLE sparsevec_cast_v (v vector);
INSERT INTO sparsevec_cast_v VALUES ('{1:1,3:2}/3'::sparsevec);
SELECT * FROM sparsevec_cast_v;
DROP TABLE sparsevec_cast_v;
-- round trips
SELECT '{1:1.5,4:-2,7:3.4028235e38}/7'::sparsevec::vector::sparsevec;
SELECT '[0,1.5,0,-2]'::vector::sparsevec::vector;

-- halfvec -> sparsevec (implicit)
SELECT '[1,0,2.5,-0]'::halfvec::sparsevec;
SELECT '[0,0]'::halfvec::sparsevec;
SELECT '[65504,-6e-8,0.1]'::halfvec::sparsevec;
SELECT '[1,0,2]'::halfvec::sparsevec(3);
SELECT '[1,0,2]'::halfvec::sparsevec(4);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_to_sparsevec('[1,0,2]'::halfvec, -1, true);
SELECT l2_norm(array_fill(1, ARRAY[16000])::halfvec::sparsevec);
SELECT l2_norm('[3,0,4]'::halfvec::sparsevec);
CREATE TABLE sparsevec_cast_h (v sparsevec);
INSERT INTO sparsevec_cast_h VALUES ('[1,0,3]'::halfvec);
SELECT * FROM sparsevec_cast_h;
DROP TABLE sparsevec_cast_h;

-- sparsevec -> halfvec (assignment): rounds to nearest binary16
SELECT '{1:1,3:2}/3'::sparsevec::halfvec;
SELECT '{}/2'::sparsevec::halfvec;
SELECT '{1:1.23456,2:0.1,3:65519}/3'::sparsevec::halfvec;
SELECT '{1:1e-8,2:-1e-8,3:1}/3'::sparsevec::halfvec;
SELECT '{1:65504,2:-65504}/2'::sparsevec::halfvec;
SELECT '{2:65520}/2'::sparsevec::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:-1e38}/1'::sparsevec::halfvec;
SELECT '{1:3.4028235e38}/1'::sparsevec::halfvec;
SELECT '{1:1}/2'::sparsevec::halfvec(2);
SELECT '{1:1}/2'::sparsevec::halfvec(3);
SELECT vector_dims('{}/16000'::sparsevec::halfvec);
SELECT '{}/16001'::sparsevec::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sparsevec_to_halfvec('{1:1,3:2}/3'::sparsevec, -1, true);
CREATE TABLE sparsevec_cast_hv (v halfvec);
INSERT INTO sparsevec_cast_hv VALUES ('{1:1,3:2}/3'::sparsevec);
SELECT * FROM sparsevec_cast_hv;
DROP TABLE sparsevec_cast_hv;

-- arrays -> sparsevec (assignment)
SELECT ARRAY[1,0,2,0,3]::sparsevec;
SELECT ARRAY[1,0,2]::integer[]::sparsevec(3);
SELECT ARRAY[1.5,0,-2.25]::real[]::sparsevec;
SELECT ARRAY[1.5,0,-2.25]::double precision[]::sparsevec;
SELECT ARRAY[1.5,0,-2.25]::numeric[]::sparsevec;
SELECT ARRAY[0,0,0]::sparsevec;
SELECT ARRAY[-0.0]::real[]::sparsevec;
SELECT '{2147483647,-2147483648}'::integer[]::sparsevec;
-- float8 -> float4 by C conversion: tiny values become 0 and are dropped
SELECT ARRAY[1e-46,1]::double precision[]::sparsevec;
SELECT ARRAY[1e-46,-1e-46]::double precision[]::sparsevec;
SELECT ARRAY[4e38]::double precision[]::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT ARRAY['NaN']::double precision[]::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT ARRAY['Infinity']::real[]::sparsevec;
SELECT ARRAY[1,'-Infinity']::real[]::sparsevec;
SELECT ARRAY['NaN']::numeric[]::sparsevec;
SELECT ARRAY[4e38]::numeric[]::sparsevec;
SELECT ARRAY[1e-46]::numeric[]::sparsevec;
SELECT ARRAY[0.1,0.123456789]::numeric[]::sparsevec;
-- array shape and contents
SELECT '{}'::integer[]::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{}'::real[]::sparsevec;
SELECT '{{1,2},{3,4}}'::integer[]::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{{1}}'::real[]::sparsevec;
SELECT ARRAY[1,NULL,3]::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT ARRAY[NULL]::real[]::sparsevec;
SELECT '[2:3]={1,2}'::integer[]::sparsevec;
-- typmod
SELECT ARRAY[1,2]::sparsevec(2);
SELECT ARRAY[1,2]::sparsevec(3);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT ARRAY[0,0]::sparsevec(3);
SELECT array_to_sparsevec(ARRAY[1,0,2], -1, true);
SELECT array_to_sparsevec(ARRAY[1,0,2]::real[], 3, false);
SELECT array_to_sparsevec(ARRAY[1,0,2]::float8[], 2, false);
SELECT array_to_sparsevec(ARRAY[1,0,2]::numeric[], -1, false);
-- the 16000 non-zero elements limit (enforced since 0.8.6), zeros excluded
SELECT l2_norm(array_fill(1, ARRAY[16000])::sparsevec);
SELECT l2_norm(array_fill(1, ARRAY[16001])::sparsevec);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT l2_norm((array_fill(1, ARRAY[16000]) || array_fill(0, ARRAY[50000]))::sparsevec);
SELECT l2_norm(array_fill(1.5::real, ARRAY[16001])::sparsevec);
SELECT l2_norm(array_fill(1.5::float8, ARRAY[16001])::sparsevec);
SELECT l2_norm(array_fill(1.5::numeric, ARRAY[16001])::sparsevec);
-- NaN counts as non-zero: the element limit is reported first
SELECT (array_fill(1::real, ARRAY[16000]) || 'NaN'::real)::sparsevec;
-- assignment: an array goes into a sparsevec column
CREATE TABLE sparsevec_cast_a (v sparsevec(3));
INSERT INTO sparsevec_cast_a VALUES (ARRAY[1,0,2]), ('{0,1.5,0}'::real[]), (ARRAY[0,0,0.5]::numeric[]);
INSERT INTO sparsevec_cast_a VALUES (ARRAY[1,0]);
SELECT * FROM sparsevec_cast_a;
DROP TABLE sparsevec_cast_a;

-- no cast to arrays or bit
SELECT '{1:1}/2'::sparsevec::real[];
SELECT '{1:1}/2'::sparsevec::float8[];
SELECT '{1:1}/2'::sparsevec::bit(2);
SELECT binary_quantize('{1:1}/2'::sparsevec);
SELECT '{1:1,2:1}/2'::text::sparsevec;
SELECT '{1:1}/2'::sparsevec::text;
