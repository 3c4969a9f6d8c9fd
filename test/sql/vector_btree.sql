-- btree operator class: index lookups, ordering, DISTINCT, GROUP BY, joins

CREATE TABLE vector_btree_t (id int, v vector);
INSERT INTO vector_btree_t VALUES
  (1, '[1,2,3]'), (2, '[1,2]'), (3, '[1,2,4]'), (4, NULL), (5, '[0,9,9]'),
  (6, '[1,2,3]'), (7, '[-0,9,9]'), (8, '[2]'), (9, '[-1,5]'), (10, NULL),
  (11, '[1,2,3,0]'), (12, '[1e-45]'), (13, '[-1e-45]'), (14, '[0]');
CREATE INDEX vector_btree_idx ON vector_btree_t (v);

SELECT opcname, opcdefault, amname FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
  WHERE opcintype = 'vector'::regtype AND amname = 'btree';

SET enable_seqscan = off;
SET enable_bitmapscan = off;

EXPLAIN (COSTS OFF) SELECT id FROM vector_btree_t WHERE v = '[1,2,3]';
SELECT id FROM vector_btree_t WHERE v = '[1,2,3]' ORDER BY id;
SELECT id FROM vector_btree_t WHERE v = '[0,9,9]' ORDER BY id;
SELECT id FROM vector_btree_t WHERE v = '[0]' ORDER BY id;
SELECT id FROM vector_btree_t WHERE v = '[1,2,3,4,5]' ORDER BY id;
SELECT id FROM vector_btree_t WHERE v IS NULL ORDER BY id;

EXPLAIN (COSTS OFF) SELECT id FROM vector_btree_t WHERE v < '[1,2,3]';
SELECT id, v FROM vector_btree_t WHERE v < '[1,2,3]' ORDER BY v, id;
SELECT id, v FROM vector_btree_t WHERE v <= '[1,2,3]' ORDER BY v, id;
SELECT id, v FROM vector_btree_t WHERE v > '[1,2,3]' ORDER BY v, id;
SELECT id, v FROM vector_btree_t WHERE v >= '[1,2,3]' ORDER BY v, id;
SELECT id, v FROM vector_btree_t WHERE v BETWEEN '[0]' AND '[1,2]' ORDER BY v, id;
SELECT id, v FROM vector_btree_t WHERE v IN ('[2]', '[1,2]') ORDER BY v, id;

EXPLAIN (COSTS OFF) SELECT id, v FROM vector_btree_t ORDER BY v;
SELECT id, v FROM vector_btree_t ORDER BY v, id;
SELECT id, v FROM vector_btree_t ORDER BY v DESC, id;
SELECT id, v FROM vector_btree_t ORDER BY v NULLS FIRST, id;
SELECT id, v FROM vector_btree_t ORDER BY v DESC NULLS LAST, id;

EXPLAIN (COSTS OFF) SELECT DISTINCT v FROM vector_btree_t ORDER BY v;
SELECT DISTINCT v FROM vector_btree_t ORDER BY v;
SELECT count(DISTINCT v) FROM vector_btree_t;

SELECT v, count(*), array_agg(id ORDER BY id) FROM vector_btree_t GROUP BY v ORDER BY v;
SELECT min(id), max(id) FROM vector_btree_t GROUP BY v HAVING count(*) > 1 ORDER BY 1;

-- merge join
SET enable_seqscan = on;
SET enable_indexscan = off;
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT a.id, b.id FROM vector_btree_t a JOIN vector_btree_t b ON a.v = b.v WHERE a.id < b.id;
SELECT a.id, b.id FROM vector_btree_t a JOIN vector_btree_t b ON a.v = b.v WHERE a.id < b.id ORDER BY 1, 2;
RESET enable_nestloop;
RESET enable_hashjoin;
RESET enable_indexscan;
SET enable_seqscan = off;

-- unique index
CREATE TABLE vector_btree_u (v vector(2) UNIQUE);
INSERT INTO vector_btree_u VALUES ('[1,2]'), ('[2,1]');
INSERT INTO vector_btree_u VALUES ('[1,2]');
INSERT INTO vector_btree_u VALUES ('[-0,0]'), ('[0,-0]');
SELECT * FROM vector_btree_u ORDER BY v;
DROP TABLE vector_btree_u;

-- hash-based operations need a hash opclass, which vector does not have
SET enable_seqscan = on;
SET enable_hashagg = on;
EXPLAIN (COSTS OFF) SELECT v FROM vector_btree_t GROUP BY v;

-- ordering of values of different dimensions matches array ordering
SELECT v FROM (VALUES ('[1,2,3]'::vector), ('[1,2]'), ('[2]'), ('[1,3]'), ('[1,2,3,4]'), ('[0,5,5,5,5]')) t(v) ORDER BY v;
SELECT bool_and((a.v < b.v) = (a.v::real[] < b.v::real[])) AND bool_and((a.v = b.v) = (a.v::real[] = b.v::real[]))
  AND bool_and(vector_cmp(a.v, b.v) = btarraycmp(a.v::real[], b.v::real[]))
  FROM vector_btree_t a, vector_btree_t b WHERE a.v IS NOT NULL AND b.v IS NOT NULL;

RESET enable_hashagg;
RESET enable_bitmapscan;
RESET enable_seqscan;
DROP TABLE vector_btree_t;

-- ANALYZE gathers btree-based statistics, also with mixed dimensions
CREATE TABLE vector_btree_stats (v vector);
INSERT INTO vector_btree_stats SELECT ARRAY[i % 10, i % 3]::vector FROM generate_series(1, 1000) i;
INSERT INTO vector_btree_stats SELECT ARRAY[i % 5]::vector FROM generate_series(1, 300) i;
INSERT INTO vector_btree_stats SELECT ARRAY[i, i, i]::vector FROM generate_series(1, 300) i;
INSERT INTO vector_btree_stats SELECT NULL FROM generate_series(1, 50);
ANALYZE vector_btree_stats;
SELECT null_frac, avg_width, n_distinct, most_common_vals, most_common_freqs, histogram_bounds, correlation
  FROM pg_stats WHERE tablename = 'vector_btree_stats';
EXPLAIN SELECT * FROM vector_btree_stats WHERE v < '[1,1]';
EXPLAIN SELECT * FROM vector_btree_stats WHERE v = '[1,1]';
DROP TABLE vector_btree_stats;
