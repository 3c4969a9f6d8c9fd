-- halfvec type: text input and output, rounding to binary16, typmods,
-- arrays of halfvecs, binary send

-- basic input
SELECT '[1,2,3]'::halfvec;
SELECT '[-1,-2,-3]'::halfvec;
SELECT '[1.,2.,3.]'::halfvec;
SELECT '[+1,+.5,-.25]'::halfvec;
SELECT ' [ 1,  2 ,    3  ] '::halfvec;
-- every whitespace character: space, \t, \n, \v, \f, \r
SELECT replace('_[_1_,_2_]_', '_', ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))::halfvec;
-- other characters are not whitespace
SELECT replace('[1_]', '_', chr(1))::halfvec;
SELECT replace('[1_]', '_', chr(160))::halfvec;
SELECT '[1e2,1E-2,2.5e+3]'::halfvec;
SELECT '[0x10,0x1p-2,-0X1.8P1]'::halfvec;
SELECT '[1]'::halfvec;

-- rounding to nearest binary16, printed as the float4 of that half
SELECT '[1.23456]'::halfvec;
SELECT '[0.6,0.1,0.2,0.3,3.14159]'::halfvec;
SELECT '[2049,2051,4097,4099,1.0009765625,1.00048828125]'::halfvec;
SELECT '[1000.3,1000.7,12345,-12345]'::halfvec;
SELECT '[65504,-65504]'::halfvec;
SELECT '[65519,-65519,65519.99]'::halfvec;
SELECT '[65505,65535]'::halfvec;

-- negative zero is kept and printed
SELECT '[-0]'::halfvec;
SELECT '[-0.0,0.0,-0e10]'::halfvec;

-- underflow flushes silently to (signed) zero
SELECT '[1e-8,-1e-8]'::halfvec;
SELECT '[1e-46,-1e-46,1e-300]'::halfvec;
-- 2^-25 is a tie between 0 and the smallest subnormal: ties to even gives 0
SELECT '[2.98023223876953125e-8,-2.98023223876953125e-8]'::halfvec;
SELECT '[2.9802326e-8,3e-8]'::halfvec;

-- subnormal halves are kept
SELECT '[5.9604645e-8,-5.9604645e-8,1e-7,6.0e-5,6.097555e-5]'::halfvec;
-- smallest normal half
SELECT '[6.1035156e-5,-6.1035156e-5]'::halfvec;

-- out of range for half (the quoted token is the exact input substring)
SELECT '[65520]'::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[-65520]'::halfvec;
SELECT '[1, 65520.0 ,2]'::halfvec;
SELECT '[1e5]'::halfvec;
SELECT '[3.4e38]'::halfvec;
-- out of range for float4 too
SELECT '[4e38]'::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[-4e38]'::halfvec;
SELECT '[1,1e400]'::halfvec;

-- non-finite values
SELECT '[NaN]'::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,nan]'::halfvec;
SELECT '[Infinity]'::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[-Infinity]'::halfvec;
SELECT '[inf,1]'::halfvec;
SELECT '[1,-INF]'::halfvec;

-- malformed input
SELECT ''::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '   '::halfvec;
SELECT '1,2,3'::halfvec;
SELECT '(1,2,3)'::halfvec;
SELECT '{1,2,3}'::halfvec;
SELECT '[]'::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[ ]'::halfvec;
SELECT '[1,2,3'::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '['::halfvec;
SELECT '[ '::halfvec;
SELECT '[,'::halfvec;
SELECT '[,]'::halfvec;
SELECT '[1,]'::halfvec;
SELECT '[1a]'::halfvec;
SELECT '[1,,3]'::halfvec;
SELECT '[1, ,3]'::halfvec;
SELECT '[hello,1]'::halfvec;
SELECT '[1 2]'::halfvec;
SELECT '[1;2]'::halfvec;
SELECT '[1,2,3]9'::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2,3] x'::halfvec;
SELECT '[1,2,3]]'::halfvec;
-- the first error wins: a bad element stops parsing before the junk check
SELECT '[65520,2]x'::halfvec;
SELECT '[nan,x'::halfvec;

-- dimensions: 16000 is the limit
SELECT vector_dims(('[' || array_to_string(array_fill(1, ARRAY[16000]), ',') || ']')::halfvec);
SELECT ('[' || array_to_string(array_fill(1, ARRAY[16001]), ',') || ']')::halfvec;
SELECT :'LAST_ERROR_SQLSTATE';
-- raised when the 16001st element starts, before looking at it
SELECT ('[' || array_to_string(array_fill(1, ARRAY[16000]), ',') || ',x]')::halfvec;
SELECT ('[' || array_to_string(array_fill(1, ARRAY[16000]), ',') || ']')::halfvec = array_fill(1, ARRAY[16000])::halfvec;

-- typmod
SELECT '[1,2,3]'::halfvec(3);
SELECT '[1,2]'::halfvec(3);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2,3,4]'::halfvec(3);
SELECT '[1]'::halfvec(1);
SELECT '[1,2]'::halfvec(0);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2]'::halfvec(-1);
SELECT '[1,2]'::halfvec(16001);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2]'::halfvec(3, 2);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '[1,2]'::halfvec('a');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_dims(array_fill(1, ARRAY[16000])::halfvec(16000));
-- typmods in tables, views and format_type
CREATE TABLE halfvec_type_t (a halfvec, b halfvec(3), c halfvec(16000));
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = 'halfvec_type_t'::regclass AND attnum > 0 ORDER BY attnum;
INSERT INTO halfvec_type_t (a, b) VALUES ('[1]', '[1,2,3]'), ('[1,2,3,4,5]', NULL);
INSERT INTO halfvec_type_t (b) VALUES ('[1,2]');
INSERT INTO halfvec_type_t (b) VALUES ('[1,2,3,4]'::halfvec);
UPDATE halfvec_type_t SET b = '[4,5]' WHERE b IS NOT NULL;
UPDATE halfvec_type_t SET b = a WHERE b IS NULL;
SELECT a, b FROM halfvec_type_t ORDER BY a;
CREATE TABLE halfvec_type_bad (v halfvec(0));
CREATE TABLE halfvec_type_bad (v halfvec(16001));
CREATE TABLE halfvec_type_bad (v halfvec(2, 3));
DROP TABLE halfvec_type_t;

-- arrays of halfvecs
SELECT '{"[1,2,3]","[4,5,6]"}'::halfvec[];
SELECT ('{"[1,2,3]","[4,5,6]"}'::halfvec[])[2];
SELECT ARRAY['[1,2]'::halfvec, '[0.1,65504]'];
SELECT '{"[1,2,3]","[4,5]"}'::halfvec(3)[];
SELECT '{"[1,2,3]","[65520,5,6]"}'::halfvec[];
SELECT array_length('{"[1]","[2]","[3]"}'::halfvec[], 1);
SELECT unnest('{"[1,2]",NULL,"[3,4]"}'::halfvec[]);

-- text output of every finite exponent
SELECT ('[' || string_agg(((2::float8) ^ e)::text, ',' ORDER BY e) || ']')::halfvec
  FROM generate_series(-24, 15) e;
SELECT ('[' || string_agg((-(2::float8) ^ e * 1.5)::text, ',' ORDER BY e) || ']')::halfvec
  FROM generate_series(-23, 15) e;

-- binary output (raw binary16 bits, big-endian)
SELECT halfvec_send('[1,2,3]');
SELECT halfvec_send('[-0,0,65504,-65504,5.9604645e-8,6.1035156e-5,0.5,-2]');
SELECT halfvec_send('[1.23456]');
SELECT length(halfvec_send(array_fill(1, ARRAY[16000])::halfvec));
-- storage: 2 bytes per element plus 8 bytes of header
SELECT pg_column_size('[1,2,3]'::halfvec), pg_column_size(array_fill(1, ARRAY[100])::halfvec);

-- NULL handling of the I/O functions
SELECT halfvec_send(NULL), NULL::halfvec;
SELECT halfvec_in('[1,2]', 0, -1), halfvec_out('[1,2]');
SELECT halfvec_in('[1,2]', 0, 3);
SELECT halfvec_typmod_in('{5}'::cstring[]), halfvec_typmod_in('{16000}'::cstring[]);
SELECT halfvec_typmod_in('{0}'::cstring[]);
SELECT halfvec_typmod_in('{1,2}'::cstring[]);
SELECT halfvec_typmod_in('{}'::cstring[]);
SELECT :'LAST_ERROR_SQLSTATE';
