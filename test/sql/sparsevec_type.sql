-- sparsevec type: text input and output, typmods, arrays of sparsevec, send

-- basic input: 1-based indices in text, shortest float4 output
SELECT '{1:1.5,3:2,5:3}/5'::sparsevec;
SELECT '{1:-1,2:-2.5}/2'::sparsevec;
SELECT '{1:1.,2:.5,3:+3}/3'::sparsevec;
SELECT '{+1:1,+2:2}/+2'::sparsevec;
SELECT '{1:1e2,2:1E-2,3:2.5e+3}/3'::sparsevec;
SELECT '{1:0x10,2:0x1p-2}/2'::sparsevec;
SELECT '{1:1.23456}/1'::sparsevec;
SELECT '{1:0.1,2:0.2,3:0.3}/3'::sparsevec;

-- whitespace around every token
SELECT ' { 1 : 1 , 3 : 2 } / 3 '::sparsevec;
SELECT replace('_{_1_:_1_,_2_:_2_}_/_2_', '_', ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))::sparsevec;
SELECT replace('{1:1_}/1', '_', chr(11))::sparsevec;
SELECT replace('{1:1}/1_', '_', chr(12))::sparsevec;
-- other control characters are not whitespace
SELECT replace('{1:1_}/1', '_', chr(1))::sparsevec;
SELECT replace('{1:1}/1_', '_', chr(160))::sparsevec;

-- empty (all-zero) vectors
SELECT '{}/5'::sparsevec;
SELECT '{ }/1'::sparsevec;
SELECT '{}/1000000000'::sparsevec;

-- pairs in any order are sorted
SELECT '{2:1,1:1}/2'::sparsevec;
SELECT '{5:5,3:3,4:4,1:1,2:2}/5'::sparsevec;
SELECT '{1000000000:1,1:2}/1000000000'::sparsevec;

-- zero values are not stored, before duplicates are looked for
SELECT '{1:0,2:1,3:0}/3'::sparsevec;
SELECT '{1:0,2:-0,3:0.0}/3'::sparsevec;
SELECT '{1:0,1:5}/2'::sparsevec;
SELECT '{1:5,1:0}/2'::sparsevec;
SELECT '{1:0,1:0}/1'::sparsevec;

-- shortest round-trip float4 output, with and without exponent
SELECT '{1:1.5e38,2:1.5e-38,3:-1.5e38,4:-1.5e-38}/4'::sparsevec;
SELECT '{1:3.4028235e38,2:-3.4028235e38,3:1.17549435e-38}/3'::sparsevec;
SELECT '{1:123456789,2:1234567,3:123456,4:0.0001,5:0.00001}/5'::sparsevec;
SELECT '{1:1e6,2:1e7,3:1e15,4:1e20}/4'::sparsevec;
SELECT '{1:0.1234567,2:3.14159265358979,3:16777217}/3'::sparsevec;

-- subnormals are kept (they are not an underflow to zero)
SELECT '{1:1e-45,2:-1.4e-45,3:1e-40}/3'::sparsevec;

-- unlike vector, an underflow to zero is an error
SELECT '{1:1e-46,2:1}/2'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:-1e-46}/1'::sparsevec;
SELECT '{1: 1e-300 }/1'::sparsevec;

-- float4 overflow
SELECT '{1:4e38}/1'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:-4e38}/1'::sparsevec;
SELECT '{1:1, 2: 1e39 }/2'::sparsevec;

-- non-finite values
SELECT '{1:NaN}/1'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:nan}/2'::sparsevec;
SELECT '{1:Infinity}/1'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:-Infinity}/1'::sparsevec;
SELECT '{1:inf}/1'::sparsevec;
SELECT '{1:1,2:-INF}/2'::sparsevec;
-- value errors come in text order, before later syntax errors
SELECT '{1:nan,}/1'::sparsevec;
SELECT '{1:1,2:4e38,3:nan}/3'::sparsevec;

-- must start with "{"
SELECT ''::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT ' '::sparsevec;
SELECT '[1,2,3]'::sparsevec;
SELECT '1:1}/1'::sparsevec;
SELECT '/1'::sparsevec;
SELECT 'x{}/1'::sparsevec;

-- malformed pairs
SELECT '{:}/1'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:}/1'::sparsevec;
SELECT '{:1}/1'::sparsevec;
SELECT '{1a:1}/1'::sparsevec;
SELECT '{1:1a}/1'::sparsevec;
SELECT '{1,}/1'::sparsevec;
SELECT '{1:1,}/1'::sparsevec;
SELECT '{,1:1}/1'::sparsevec;
SELECT '{,}/1'::sparsevec;
SELECT '{1:1,,2:1}/2'::sparsevec;
SELECT '{1:1 2:1}/2'::sparsevec;
SELECT '{1 1:1}/1'::sparsevec;
SELECT '{1::1}/1'::sparsevec;
SELECT '{1:1;2:1}/2'::sparsevec;
SELECT '{1.5:1}/2'::sparsevec;
SELECT '{a:1}/1'::sparsevec;
SELECT '{1:a}/1'::sparsevec;
SELECT '{'::sparsevec;
SELECT '{ '::sparsevec;
SELECT '{:'::sparsevec;
SELECT '{,'::sparsevec;
SELECT '{1'::sparsevec;
SELECT '{1:'::sparsevec;
SELECT '{1:1'::sparsevec;
SELECT '{1:1,'::sparsevec;
SELECT '{}/'::sparsevec;
SELECT '{}/ '::sparsevec;
SELECT '{}/a'::sparsevec;
SELECT '{}/1.5'::sparsevec;

-- missing "/dim"
SELECT '{}'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:1}'::sparsevec;
SELECT '{} 1'::sparsevec;
SELECT '{}}/1'::sparsevec;
SELECT '{1:1}x/1'::sparsevec;

-- junk after the dimensions
SELECT '{}/1a'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{}/1 2'::sparsevec;
SELECT '{}/1/'::sparsevec;
SELECT '{1:1}/2,'::sparsevec;
SELECT '{}/1 {}/1'::sparsevec;

-- dimensions
SELECT '{}/0'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{}/-1'::sparsevec;
SELECT '{}/-2147483648'::sparsevec;
SELECT '{}/-9223372036854775809'::sparsevec;
SELECT '{}/1000000001'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{}/2147483648'::sparsevec;
SELECT '{}/9223372036854775808'::sparsevec;
SELECT '{}/99999999999999999999999'::sparsevec;
-- dimensions are checked before indices
SELECT '{5:1}/0'::sparsevec;

-- index bounds
SELECT '{0:1}/1'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{2:1}/1'::sparsevec;
SELECT '{-1:1}/1'::sparsevec;
SELECT '{2147483647:1}/1000000000'::sparsevec;
SELECT '{2147483648:1}/1'::sparsevec;
SELECT '{-2147483649:1}/1'::sparsevec;
SELECT '{99999999999999999999:1}/1'::sparsevec;
SELECT '{-99999999999999999999:1}/1'::sparsevec;

-- duplicates
SELECT '{1:1,1:2}/1'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{2:1,1:1,2:3}/3'::sparsevec;
-- indices are checked in ascending order: the smallest bad one reports
SELECT '{1:1,1:2,0:1}/2'::sparsevec;
SELECT '{1:1,1:2,9:1}/2'::sparsevec;

-- the 16000 non-zero elements limit counts commas in the raw text first
SELECT l2_norm(('{' || (SELECT string_agg(i || ':1', ',') FROM generate_series(1, 16000) i) || '}/16000')::sparsevec);
SELECT l2_norm(('{' || (SELECT string_agg(i || ':1', ',') FROM generate_series(1, 16001) i) || '}/16001')::sparsevec);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT l2_norm(('{' || (SELECT string_agg(i || ':0', ',') FROM generate_series(1, 16001) i) || '}/16001')::sparsevec);
SELECT ('junk' || repeat(',', 16000))::sparsevec;
SELECT ('{}/1' || repeat(',', 15999))::sparsevec;

-- typmod
SELECT '{1:1}/3'::sparsevec(3);
SELECT '{1:1}/2'::sparsevec(3);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{}/4'::sparsevec(3);
SELECT '{9:1}/2'::sparsevec(3);
SELECT '{}/1000000000'::sparsevec(1000000000);
SELECT '{1:1}/1'::sparsevec(3, 2);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:1}/1'::sparsevec('a');
SELECT '{1:1}/1'::sparsevec(0);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT '{1:1}/1'::sparsevec(-1);
SELECT '{1:1}/1'::sparsevec(1000000001);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT format_type('sparsevec'::regtype, 3);
SELECT format_type('sparsevec'::regtype, -1);

CREATE TABLE sparsevec_type_t (v sparsevec(3));
SELECT format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = 'sparsevec_type_t'::regclass AND attname = 'v';
INSERT INTO sparsevec_type_t VALUES ('{1:1,3:3}/3'), ('{}/3'), (NULL);
INSERT INTO sparsevec_type_t VALUES ('{1:1}/2');
INSERT INTO sparsevec_type_t SELECT '{1:1}/4'::sparsevec;
SELECT :'LAST_ERROR_SQLSTATE';
UPDATE sparsevec_type_t SET v = '{1:1}/5'::sparsevec;
SELECT * FROM sparsevec_type_t;
CREATE TABLE sparsevec_type_bad (v sparsevec(0));
CREATE TABLE sparsevec_type_bad (v sparsevec(1000000001));
CREATE TABLE sparsevec_type_bad (v sparsevec(1, 2));
CREATE TABLE sparsevec_type_max (v sparsevec(1000000000));
\d sparsevec_type_max
DROP TABLE sparsevec_type_t, sparsevec_type_max;

-- no typmod: mixed dimensions in one column
CREATE TABLE sparsevec_type_mixed (v sparsevec);
INSERT INTO sparsevec_type_mixed VALUES ('{1:1}/1'), ('{2:2}/2'), ('{}/1000000000');
SELECT v FROM sparsevec_type_mixed;
DROP TABLE sparsevec_type_mixed;

-- arrays of sparsevec
SELECT '{"{1:1}/2","{2:2}/2"}'::sparsevec[];
SELECT ('{"{1:1}/2","{2:2}/2"}'::sparsevec[])[2];
SELECT '{"{1:1}/2","{}/2"}'::sparsevec(2)[];
SELECT '{"{1:1}/2","{}/3"}'::sparsevec(2)[];
SELECT '{"{1:1}/2",NULL}'::sparsevec[];
SELECT '{"{1:1}/2","{1:"}'::sparsevec[];
SELECT ARRAY['{1:1}/2'::sparsevec, '{}/5'];
SELECT unnest('{"{1:1}/2","{2:2}/2"}'::sparsevec[]);
SELECT format_type('sparsevec[]'::regtype, 2);

-- binary output: int32 dim, nnz, unused, 0-based indices, then values
SELECT sparsevec_send('{1:1,3:2}/3');
SELECT sparsevec_send('{}/1');
SELECT sparsevec_send('{1000000000:-2.5}/1000000000');
SELECT sparsevec_send('{1:3.4028235e38,2:1e-45,3:-1.5}/3');

-- direct calls of the I/O functions
SELECT sparsevec_in('{2:1,1:2}/2', 0, -1);
SELECT sparsevec_in('{1:1}/2', 0, 2);
SELECT sparsevec_in('{1:1}/2', 0, 3);
SELECT sparsevec_out('{1:1,2:-2.5}/2');
SELECT sparsevec_typmod_in('{5}'::cstring[]);
SELECT sparsevec_typmod_in('{5,6}'::cstring[]);
SELECT sparsevec_typmod_in('{0}'::cstring[]);
SELECT sparsevec_typmod_in('{1000000000}'::cstring[]);
SELECT sparsevec_typmod_in('{1000000001}'::cstring[]);
SELECT sparsevec_typmod_in('{x}'::cstring[]);
SELECT sparsevec_typmod_in('{}'::cstring[]);

-- the type itself
SELECT typname, typlen, typbyval, typalign, typstorage, typcategory, typdelim,
       typinput, typoutput, typreceive, typsend, typmodin, typmodout, typanalyze,
       typsubscript, typelem, typnotnull, typdefault
  FROM pg_type WHERE oid = 'sparsevec'::regtype;
SELECT obj_description('sparsevec'::regtype, 'pg_type');
SELECT typname, typlen, typalign, typstorage, typelem::regtype
  FROM pg_type WHERE oid = 'sparsevec[]'::regtype;

-- storage size: 16 bytes of header plus 8 per stored element
SELECT pg_column_size('{}/5'::sparsevec);
SELECT pg_column_size('{1:1,2:2,3:3}/1000000'::sparsevec);
SELECT pg_column_size(('{' || (SELECT string_agg(i || ':1', ',') FROM generate_series(1, 1000) i) || '}/1000')::sparsevec);

-- input values are not modified (same literal used twice)
SELECT v, v FROM (SELECT ' { 2:1 , 1:2 } / 2 '::sparsevec AS v) s;
