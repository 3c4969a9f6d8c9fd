-- halfvec aggregates: avg (float8 sums, rounded to half) and sum (added in
-- half precision); their state functions called directly

CREATE TABLE halfvec_agg_t (g int, v halfvec);
INSERT INTO halfvec_agg_t VALUES
  (1, '[1,2,3]'), (1, '[3,5,7]'), (1, NULL),
  (2, '[1,1,1]'), (2, '[2,2,2]'), (2, '[4,4,4]'), (2, '[-0,0,1]'),
  (3, NULL);

-- avg
SELECT avg(v) FROM halfvec_agg_t WHERE g = 1;
SELECT g, avg(v) FROM halfvec_agg_t GROUP BY g ORDER BY g;
SELECT avg(v) FROM halfvec_agg_t WHERE g = 3;
SELECT avg(v) FROM halfvec_agg_t WHERE false;
SELECT avg(v) FROM (VALUES ('[1]'::halfvec), ('[2]'), ('[2]')) t(v);
SELECT avg(v) FROM (VALUES ('[65504,-65504]'::halfvec), ('[65504,-65504]')) t(v);
SELECT avg(v) FROM (VALUES ('[0.1,5.9604645e-8]'::halfvec), ('[0.2,0]')) t(v);
SELECT avg(v), pg_typeof(avg(v)) FROM (VALUES ('[1,2]'::halfvec)) t(v);
SELECT avg(v) FROM (VALUES ('[1,2]'::halfvec), ('[1,2,3]')) t(v);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT avg(v) FROM (VALUES ('[1,2,3]'::halfvec), ('[1,2]')) t(v);
-- float8 sums do not overflow where half sums would
SELECT avg(v) FROM (SELECT '[65504,1]'::halfvec FROM generate_series(1, 1000)) t(v);
SELECT avg(v) FROM (SELECT ('[' || (i % 7) || ',' || -i % 5 || ']')::halfvec FROM generate_series(1, 700) i) t(v);
SELECT vector_dims(avg(v)) FROM (SELECT array_fill(i, ARRAY[16000])::halfvec FROM generate_series(1, 3) i) t(v);
SELECT avg(v) OVER (ORDER BY g) FROM (VALUES (1, '[2]'::halfvec), (2, '[4]'), (3, '[9]')) t(g, v);

-- sum
SELECT sum(v) FROM halfvec_agg_t WHERE g = 1;
SELECT g, sum(v) FROM halfvec_agg_t GROUP BY g ORDER BY g;
SELECT sum(v) FROM halfvec_agg_t WHERE g = 3;
SELECT sum(v) FROM halfvec_agg_t WHERE false;
SELECT sum(v), pg_typeof(sum(v)) FROM (VALUES ('[1,2]'::halfvec)) t(v);
SELECT sum(v) FROM (VALUES ('[1,2]'::halfvec), ('[1,2,3]')) t(v);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sum(v) FROM (VALUES ('[65504]'::halfvec), ('[65504]')) t(v);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sum(v) FROM (VALUES ('[-65504]'::halfvec), ('[-32]')) t(v);
SELECT sum(v) FROM (VALUES ('[65504]'::halfvec), ('[15]')) t(v);
SELECT sum(v) FROM (VALUES ('[65504]'::halfvec), ('[-65504]'), ('[65504]')) t(v);
-- half-precision accumulation saturates: 2048 + 1 rounds back to 2048
SELECT sum(v) FROM (SELECT '[1]'::halfvec FROM generate_series(1, 3000)) t(v);
SELECT sum(v) FROM (SELECT '[1.5,2.5,3.5]'::halfvec FROM generate_series(1, 100000)) t(v);
SELECT sum(v) FROM (SELECT '[0.1]'::halfvec FROM generate_series(1, 1000)) t(v);
SELECT sum(v) FROM (SELECT '[1,-1]'::halfvec FROM generate_series(1, 10)) t(v);
SELECT sum(v) FROM (SELECT '[5.9604645e-8]'::halfvec FROM generate_series(1, 4)) t(v);
SELECT sum(v) OVER (ORDER BY g) FROM (VALUES (1, '[2]'::halfvec), (2, '[4]'), (3, '[9]')) t(g, v);

-- parallel plans use the combine functions
CREATE TABLE halfvec_agg_big (v halfvec(3));
INSERT INTO halfvec_agg_big SELECT ARRAY[i % 3, i % 4, -(i % 5)] FROM generate_series(1, 30000) i;
ANALYZE halfvec_agg_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT avg(v), sum(v) FROM halfvec_agg_big;
SELECT avg(v) FROM halfvec_agg_big;
SELECT sum(v), count(*) FROM halfvec_agg_big WHERE v < '[0,0,-3]';
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
DROP TABLE halfvec_agg_big;

-- halfvec_accum(state, value): state = {n, sum_1, ..., sum_dim}
SELECT halfvec_accum('{0}', '[1,2,3]');
SELECT halfvec_accum('{1,1,2,3}', '[1,2,3]');
SELECT halfvec_accum('{5,1.5,-2}', '[65504,-65504]');
SELECT halfvec_accum('{1,1,2,3}', '[1,2]');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_accum('{1,1}', '[1,2]');
SELECT halfvec_accum('{1,1.7976931348623157e308}', '[65504]');
SELECT halfvec_accum('{1,Infinity}', '[1]');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_accum('{1,-Infinity,0}', '[1,1]');
SELECT halfvec_accum('{1,NaN}', '[1]');
SELECT halfvec_accum('{}', '[1]');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_accum('{{0}}', '[1]');
SELECT halfvec_accum('{0,NULL}', '[1]');
SELECT halfvec_accum('{NULL}', '[1]');
SELECT halfvec_accum(NULL, '[1]'), halfvec_accum('{0}', NULL);
-- outside an aggregate the state argument is not modified
SELECT s, halfvec_accum(s, '[4,5]'), s FROM (SELECT '{1,1,2}'::float8[] AS s) t;

-- halfvec_avg(state)
SELECT halfvec_avg('{2,2,4,-6}');
SELECT halfvec_avg('{0}');
SELECT halfvec_avg('{0,1,2}');
SELECT halfvec_avg('{3,1,1}');
SELECT halfvec_avg('{1}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_avg('{2}');
SELECT halfvec_avg('{1,65504}');
SELECT halfvec_avg('{1,65519}');
SELECT halfvec_avg('{1,65520}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_avg('{2,-140000}');
SELECT halfvec_avg('{1,1e300}');
SELECT halfvec_avg('{1,Infinity}');
SELECT halfvec_avg('{1,NaN}');
SELECT halfvec_avg('{1,1e-9,-1e-9}');
SELECT halfvec_avg('{-1,2}');
SELECT halfvec_avg('{}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_avg('{{1,2}}');
SELECT halfvec_avg('{1,NULL}');
SELECT vector_dims(halfvec_avg(array_fill(1::float8, ARRAY[16001])));
SELECT halfvec_avg(array_fill(1::float8, ARRAY[16002]));
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_avg(NULL);

-- halfvec_combine(state, state)
SELECT halfvec_combine('{1,1,2}', '{2,3,4}');
SELECT halfvec_combine('{0}', '{2,3,4}');
SELECT halfvec_combine('{2,3,4}', '{0}');
SELECT halfvec_combine('{0}', '{0}');
SELECT halfvec_combine('{1,1,2}', '{1,1}');
SELECT halfvec_combine('{1,1.7e308}', '{1,1.7e308}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_combine('{}', '{1,1}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT halfvec_combine('{1,1}', '{{1,1}}');

-- aggregate catalog entries
SELECT aggfnoid::regprocedure, aggtransfn::regprocedure, aggfinalfn::regprocedure,
       aggcombinefn::regprocedure, aggtranstype::regtype, agginitval
  FROM pg_aggregate WHERE aggfnoid::regprocedure::text LIKE '%(halfvec)' ORDER BY 1::text COLLATE "C";

DROP TABLE halfvec_agg_t;
