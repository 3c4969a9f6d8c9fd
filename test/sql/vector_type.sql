-- vector type: text input and output, typmods, arrays of vectors, send

-- basic input
SELECT '[1,2,3]'::vector;
SELECT '[-1,-2,-3]'::vector;
SELECT '[1.,2.,3.]'::vector;
SELECT '[+1,+.5,-.25]'::vector;
SELECT ' [ 1,  2 ,    3  ] '::vector;
-- every whitespace character: space, \t, \n, \v, \f, \r
SELECT replace('_[_1_,_2_]_', '_', ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))::vector;
SELECT replace('[1_]', '_', chr(11))::vector;
SELECT replace('[_1]', '_', chr(12))::vector;
-- other control characters are not whitespace
SELECT replace('[1_]', '_', chr(1))::vector;
SELECT replace('[1_]', '_', chr(160))::vector;
SELECT '[1e2,1E-2,2.5e+3]'::vector;
SELECT '[0x10,0x1p-2,-0X1.8P1]'::vector;
SELECT '[1.23456]'::vector;
SELECT '[0.1,0.2,0.3]'::vector;
SELECT '[1]'::vector;

-- negative zero is kept and printed
SELECT '[-0]'::vector;
SELECT '[-0.0,0.0,-0e10]'::vector;

-- underflow flushes silently to (signed) zero
SELECT '[1e-46,1]'::vector;
SELECT '[-1e-46,1]'::vector;
SELECT '[1e-300]'::vector;

-- subnormals are kept
SELECT '[1e-45,-1.4e-45,1e-40]'::vector;

-- shortest round-trip float4 output, with and without exponent
SELECT '[1.5e38,1.5e-38,-1.5e38,-1.5e-38]'::vector;
SELECT '[3.4028235e38,-3.4028235e38,1.17549435e-38]'::vector;
SELECT '[123456789,1234567,123456,0.0001,0.00001,1e-5]'::vector;
SELECT '[1e6,1e7,1e8,1e15,1e16,1e17,1e20]'::vector;
SELECT '[100000,1000000,10000000,99999999]'::vector;
SELECT '[0.1234567,3.14159265358979,2.718281828,16777217]'::vector;
SELECT '[0.333333333333,0.66666666666,1e-10,5e-324]'::vector;
-- the shorter decimal exactly halfway between two floats is never printed
SELECT '[4.6083008e+07,3.3554448e+07,-5.1281958e+08,2.1475041e+09,8.590399e+09]'::vector;
SELECT '[8.806401e+12,1.25829124e+17,46083010,4.608301e+07]'::vector;

-- float4 overflow
SELECT '[4e38]'::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[-4e38]'::vector;
SELECT '[1, 4e38 ,2]'::vector;
SELECT '[1e39,1]'::vector;
SELECT '[1,1e400]'::vector;

-- non-finite values
SELECT '[NaN]'::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,nan]'::vector;
SELECT '[Infinity]'::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[-Infinity]'::vector;
SELECT '[inf,1]'::vector;
SELECT '[1,-INF]'::vector;

-- rejections
SELECT ''::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT ' '::vector;
SELECT '1,2,3'::vector;
SELECT '{1,2,3}'::vector;
SELECT '(1,2,3)'::vector;
SELECT '[]'::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[ ]'::vector;
SELECT ('[' || chr(9) || chr(10) || ']')::vector;
SELECT '[1,2,3'::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '['::vector;
SELECT '[ '::vector;
SELECT '[,'::vector;
SELECT '[,]'::vector;
SELECT '[1,]'::vector;
SELECT '[,1]'::vector;
SELECT '[1a]'::vector;
SELECT '[1,,3]'::vector;
SELECT '[1, ,3]'::vector;
SELECT '[hello,1]'::vector;
SELECT '[1 2]'::vector;
SELECT '[1;2]'::vector;
SELECT '[1,2]]'::vector;
SELECT '[[1,2]]'::vector;
SELECT '[1,2,3]9'::vector;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2,3] 9'::vector;
SELECT '[1,2,3],'::vector;
SELECT '[1,2,3][4]'::vector;
SELECT '[-]'::vector;
SELECT '[e5]'::vector;
SELECT '[.]'::vector;
SELECT '[1e]'::vector;
SELECT '[0x]'::vector;

-- maximum number of dimensions
SELECT vector_dims(('[' || repeat('1,', 15999) || '1]')::vector);
SELECT vector_dims(('[' || repeat('1,', 16000) || '1]')::vector);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_dims(('[' || repeat('1,', 16000) || ']')::vector);
SELECT vector_dims(('[' || repeat('1,', 20000) || '1]')::vector);

-- typmod
SELECT '[1,2,3]'::vector(3);
SELECT '[1,2]'::vector(3);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2,3,4]'::vector(3);
SELECT '[1]'::vector(1);
SELECT '[1,2]'::vector(3, 2);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2]'::vector('a');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2]'::vector(0);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2]'::vector(16001);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_dims(('[' || repeat('1,', 15999) || '1]')::vector(16000));
SELECT format_type('vector'::regtype, 3);
SELECT format_type('vector'::regtype, -1);

CREATE TABLE vector_type_t (v vector(3));
SELECT format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = 'vector_type_t'::regclass AND attname = 'v';
INSERT INTO vector_type_t VALUES ('[1,2,3]'), (NULL);
INSERT INTO vector_type_t VALUES ('[1,2]');
INSERT INTO vector_type_t SELECT '[1,2,3,4]'::vector;
SELECT :'LAST_ERROR_SQLSTATE';
UPDATE vector_type_t SET v = '[4,5]'::vector;
UPDATE vector_type_t SET v = v || '[4]'::vector;
SELECT * FROM vector_type_t;
CREATE TABLE vector_type_bad (v vector(0));
CREATE TABLE vector_type_bad (v vector(16001));
CREATE TABLE vector_type_bad (v vector(-1));
CREATE TABLE vector_type_bad (v vector(1, 2));
CREATE TABLE vector_type_max (v vector(16000));
\d vector_type_max
DROP TABLE vector_type_t, vector_type_max;

-- no typmod: mixed dimensions in one column
CREATE TABLE vector_type_mixed (v vector);
INSERT INTO vector_type_mixed VALUES ('[1]'), ('[1,2]'), ('[1,2,3]');
SELECT v, vector_dims(v) FROM vector_type_mixed ORDER BY vector_dims(v);
DROP TABLE vector_type_mixed;

-- arrays of vectors
SELECT '{"[1,2,3]","[4,5,6]"}'::vector[];
SELECT ('{"[1,2,3]","[4,5,6]"}'::vector[])[2];
SELECT '{"[1,2]","[4,5]"}'::vector(2)[];
SELECT '{"[1,2,3]","[4,5]"}'::vector(2)[];
SELECT '{"[1,2]",NULL}'::vector[];
SELECT '{"[1,2]","[1,"}'::vector[];
SELECT ARRAY['[1,2]'::vector, '[3]'];
SELECT array_length(ARRAY['[1,2]'::vector, '[3]', '[4,5,6]'], 1);
SELECT unnest('{"[1,2]","[3,4]"}'::vector[]);
SELECT format_type('vector[]'::regtype, 2);

-- binary output
SELECT vector_send('[1,2,3]');
SELECT vector_send('[-0,1.5,-2]');
SELECT vector_send('[3.4028235e38,1e-45]');

-- direct calls of the I/O functions
SELECT vector_in('[1,2]', 0, -1);
SELECT vector_in('[1,2]', 0, 2);
SELECT vector_in('[1,2]', 0, 3);
SELECT vector_out('[1,-0,2.5]');
SELECT vector_typmod_in('{5}'::cstring[]);
SELECT vector_typmod_in('{5,6}'::cstring[]);
SELECT vector_typmod_in('{0}'::cstring[]);
SELECT vector_typmod_in('{16000}'::cstring[]);
SELECT vector_typmod_in('{16001}'::cstring[]);
SELECT vector_typmod_in('{x}'::cstring[]);
SELECT vector_typmod_in('{}'::cstring[]);
SELECT :'LAST_ERROR_SQLSTATE';

-- the type itself
SELECT typname, typlen, typbyval, typalign, typstorage, typcategory, typdelim,
       typinput, typoutput, typreceive, typsend, typmodin, typmodout, typanalyze,
       typsubscript, typelem, typnotnull, typdefault
  FROM pg_type WHERE oid = 'vector'::regtype;
SELECT obj_description('vector'::regtype, 'pg_type');
SELECT typname, typlen, typalign, typstorage, typelem::regtype
  FROM pg_type WHERE oid = 'vector[]'::regtype;

-- input values are not modified (same literal used twice)
SELECT v, v FROM (SELECT ' [ 1 , 2 ] '::vector AS v) s;
SELECT pg_column_size('[1,2,3]'::vector);
SELECT pg_column_size(('[' || repeat('1,', 999) || '1]')::vector);

-- storage is external: large values are moved out of line, never compressed
CREATE TABLE vector_type_storage (v vector);
INSERT INTO vector_type_storage VALUES (array_fill(1, ARRAY[2000])::vector), (array_fill(0, ARRAY[16000])::vector), ('[1,2,3]');
SELECT vector_dims(v), pg_column_size(v), vector_norm(v) FROM vector_type_storage ORDER BY 1;
SELECT attstorage FROM pg_attribute WHERE attrelid = 'vector_type_storage'::regclass AND attname = 'v';
ALTER TABLE vector_type_storage ALTER COLUMN v SET STORAGE PLAIN;
INSERT INTO vector_type_storage VALUES (array_fill(1, ARRAY[1000])::vector);
INSERT INTO vector_type_storage VALUES (array_fill(1, ARRAY[3000])::vector);
DROP TABLE vector_type_storage;
