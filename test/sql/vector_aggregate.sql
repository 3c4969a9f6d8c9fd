-- avg(vector) and sum(vector), and their state functions

CREATE TABLE vector_agg_t (g int, v vector(3));
INSERT INTO vector_agg_t VALUES
  (1, '[1,2,3]'), (1, '[3,2,1]'), (1, NULL),
  (2, '[1,1,1]'), (2, '[2,2,2]'), (2, '[4,4,4]'),
  (3, NULL);

SELECT avg(v) FROM vector_agg_t;
SELECT sum(v) FROM vector_agg_t;
SELECT pg_typeof(avg(v)), pg_typeof(sum(v)) FROM vector_agg_t;
SELECT g, avg(v), sum(v), count(v) FROM vector_agg_t GROUP BY g ORDER BY g;
SELECT g, avg(v) FROM vector_agg_t GROUP BY g HAVING avg(v) IS NOT NULL ORDER BY avg(v);

-- no rows, only NULLs
SELECT avg(v), sum(v) FROM vector_agg_t WHERE false;
SELECT avg(v), sum(v) FROM vector_agg_t WHERE g = 3;
SELECT avg(v) FROM vector_agg_t WHERE g > 100 GROUP BY g;

-- single row
SELECT avg(v), sum(v) FROM vector_agg_t WHERE v = '[2,2,2]';

-- results are rounded to float4
SELECT avg(v) FROM (VALUES ('[1]'::vector), ('[2]'), ('[2]')) t(v);
SELECT avg(v) FROM (VALUES ('[0.1,1e-45]'::vector), ('[0.2,0]')) t(v);
SELECT sum(v) FROM (VALUES ('[0.1]'::vector), ('[0.2]')) t(v);
SELECT avg(v), sum(v) FROM (VALUES ('[-0]'::vector), ('[-0]')) t(v);

-- large values: avg accumulates in double precision, sum in single
SELECT avg(v) FROM (VALUES ('[3e38,-3e38]'::vector), ('[3e38,-3e38]')) t(v);
SELECT sum(v) FROM (VALUES ('[3e38]'::vector), ('[3e38]')) t(v);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sum(v) FROM (VALUES ('[-3e38]'::vector), ('[-3e38]')) t(v);
SELECT sum(v) FROM (VALUES ('[3e38]'::vector), ('[3e38]'), ('[-3e38]')) t(v);

-- dimension mismatch
SELECT avg(v) FROM (VALUES ('[1,2]'::vector), ('[1]')) t(v);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT avg(v) FROM (VALUES ('[1]'::vector), ('[1,2]')) t(v);
SELECT avg(v) FROM (VALUES ('[1,2]'::vector), (NULL), ('[1,2,3]')) t(v);
SELECT sum(v) FROM (VALUES ('[1,2]'::vector), ('[1]')) t(v);
SELECT :'LAST_ERROR_SQLSTATE';
SELECT sum(v) FROM (VALUES ('[1]'::vector), ('[1,2]')) t(v);

-- aggregates as window functions and with ORDER BY / FILTER / DISTINCT
SELECT g, v, sum(v) OVER (PARTITION BY g ORDER BY v) FROM vector_agg_t WHERE v IS NOT NULL ORDER BY g, v;
SELECT g, v, avg(v) OVER (ORDER BY g, v ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), avg(v) OVER () FROM vector_agg_t ORDER BY g, v;
SELECT avg(v ORDER BY v) FILTER (WHERE g = 2) FROM vector_agg_t;
SELECT sum(DISTINCT v) FROM (VALUES ('[1,1]'::vector), ('[1,1]'), ('[2,2]')) t(v);
SELECT avg(DISTINCT v) FROM (VALUES ('[1,1]'::vector), ('[1,1]'), ('[4,4]')) t(v);

-- maximum dimensions
SELECT vector_dims(avg(v)), vector_dims(sum(v))
  FROM (SELECT array_fill(i, ARRAY[16000])::vector FROM generate_series(1, 3) i) t(v);

DROP TABLE vector_agg_t;

-- parallel aggregation gives the serial result
CREATE TABLE vector_agg_par (i int, v vector(3));
INSERT INTO vector_agg_par SELECT i, ARRAY[i, i % 7, -1] FROM generate_series(1, 5000) i;
INSERT INTO vector_agg_par VALUES (0, NULL);
ANALYZE vector_agg_par;
SELECT avg(v), sum(v), count(*) FROM vector_agg_par;
SELECT i % 3 AS k, avg(v), sum(v) FROM vector_agg_par GROUP BY k ORDER BY k;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT avg(v), sum(v), count(*) FROM vector_agg_par;
SELECT avg(v), sum(v), count(*) FROM vector_agg_par;
EXPLAIN (COSTS OFF) SELECT i % 3 AS k, avg(v), sum(v) FROM vector_agg_par GROUP BY k ORDER BY k;
SELECT i % 3 AS k, avg(v), sum(v) FROM vector_agg_par GROUP BY k ORDER BY k;
SELECT avg(v), sum(v) FROM vector_agg_par WHERE i > 100000;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE vector_agg_par;

-- vector_accum
SELECT vector_accum('{0}', '[1,2,3]');
SELECT vector_accum('{1,1,2,3}', '[1,2,3]');
SELECT vector_accum('{2,0.5,-1}', '[0.25,1]');
SELECT vector_accum('{1,1.7e308}', '[3e38]');
SELECT vector_accum('{1,1,2}', '[1,2,3]');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_accum('{1,2}'::float8[], '[1,2,3]');
SELECT vector_accum('{}', '[1,2,3]');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_accum('{{0}}', '[1]');
SELECT vector_accum('{0,NULL}', '[1]');
SELECT vector_accum('{0}', NULL);
SELECT vector_accum(NULL, '[1]');
SELECT vector_accum('{0,5,5}', '[1,2]');
SELECT vector_accum('{NaN,1}', '[1]');
SELECT vector_accum('{1,Infinity}', '[1]');
SELECT vector_accum('[0:2]={1,2,4}'::float8[], '[1,1]');
SELECT vector_accum(array_fill(1::float8, ARRAY[16002]), array_fill(1, ARRAY[16001])::vector);

-- vector_combine
SELECT vector_combine('{0}', '{0}');
SELECT vector_combine('{0}', '{2,2,4}');
SELECT vector_combine('{2,2,4}', '{0}');
SELECT vector_combine('{2,2,4}', '{1,1,1}');
SELECT vector_combine('{1,1,1}', '{1,2}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_combine('{1,1.7e308}', '{1,1.7e308}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_combine('{}', '{1,1}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_combine('{1,1}', '{}');
SELECT vector_combine('{{1,1}}', '{1,1}');
SELECT vector_combine('{1,NULL}', '{1,1}');
SELECT vector_combine('{0,1,1}', '{2,2,4}');
SELECT vector_combine('{1}', '{1,2}');
SELECT vector_combine('{NaN,1}', '{1,1}');
SELECT vector_combine('{1,1}', '{1,-Infinity}');
SELECT vector_combine('[5:7]={1,2,4}'::float8[], '{1,1,1}');
SELECT vector_combine(array_fill(1::float8, ARRAY[16002]), array_fill(1::float8, ARRAY[16002]));

-- vector_avg
SELECT vector_avg('{0}');
SELECT vector_avg('{0,1,2}');
SELECT vector_avg('{1}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_avg('{2,2,4}');
SELECT vector_avg('{3,1,2}');
SELECT vector_avg('{1,-0}');
SELECT vector_avg('{1,1e300}');
SELECT vector_avg('{1,1e-300}');
SELECT vector_avg('{1,NaN}');
SELECT vector_avg('{1,Infinity}');
SELECT vector_avg('{0.5,1}');
SELECT vector_avg('{-1,1}');
SELECT vector_avg('{}');
SELECT :'LAST_ERROR_SQLSTATE';
SELECT vector_avg('{{1,1}}');
SELECT vector_avg('{1,NULL}');
SELECT vector_avg('{Infinity,1}');
SELECT vector_avg('{1e-320,1}');
SELECT vector_avg('{0.5,2e38}');
SELECT vector_avg('[0:2]={2,2,4}'::float8[]);
SELECT vector_avg(array_fill(0::float8, ARRAY[16002]));
SELECT vector_dims(vector_avg(array_fill(1::float8, ARRAY[16001])));
SELECT vector_avg(array_fill(1::float8, ARRAY[16002]));
