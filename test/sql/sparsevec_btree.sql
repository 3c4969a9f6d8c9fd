-- sparsevec comparison operators, sparsevec_cmp and the btree operator
-- class: ordering is that of the dense expansion compared like an array
-- (implicit zeros take part), then the number of dimensions

SELECT sparsevec_cmp('{1:1}/3', '{2:1}/3'), sparsevec_cmp('{2:1}/3', '{1:1}/3');
SELECT sparsevec_cmp('{1:-1}/3', '{2:1}/3'), sparsevec_cmp('{2:1}/3', '{1:-1}/3');
SELECT sparsevec_cmp('{}/3', '{3:1}/3'), sparsevec_cmp('{}/3', '{3:-1}/3');
SELECT sparsevec_cmp('{1:1,2:2}/2', '{1:1,2:2}/2'), sparsevec_cmp('{}/5', '{}/5');
-- a prefix is smaller; different dimensions compare instead of erroring
SELECT sparsevec_cmp('{1:1}/1', '{1:1}/2'), sparsevec_cmp('{1:1}/2', '{1:1}/1');
SELECT sparsevec_cmp('{1:1}/1', '{1:1,2:-1}/2'), sparsevec_cmp('{1:1,2:-1}/2', '{1:1}/1');
SELECT sparsevec_cmp('{}/2', '{3:1}/3'), sparsevec_cmp('{}/2', '{3:-1}/3');
SELECT sparsevec_cmp('{1:2}/2', '{1:1,2:5}/3'), sparsevec_cmp('{1:1}/2', '{1:1,2:5}/3');
SELECT sparsevec_cmp('{2:1}/2', '{1:1}/1000000000'), sparsevec_cmp('{1000000000:1}/1000000000', '{}/1000000000');
-- stored elements beyond the other vector's dimensions do not matter
SELECT sparsevec_cmp('{5:1}/5', '{}/4'), sparsevec_cmp('{5:-1}/5', '{}/4');
SELECT sparsevec_cmp('{1:1,5:1}/5', '{1:1,2:1}/2');

SELECT '{1:1}/3'::sparsevec < '{2:1}/3', '{1:1}/3'::sparsevec <= '{2:1}/3',
       '{1:1}/3'::sparsevec = '{2:1}/3', '{1:1}/3'::sparsevec <> '{2:1}/3',
       '{1:1}/3'::sparsevec >= '{2:1}/3', '{1:1}/3'::sparsevec > '{2:1}/3';
SELECT '{1:1}/3'::sparsevec < '{1:1}/3', '{1:1}/3'::sparsevec <= '{1:1}/3',
       '{1:1}/3'::sparsevec = '{1:1}/3', '{1:1}/3'::sparsevec <> '{1:1}/3',
       '{1:1}/3'::sparsevec >= '{1:1}/3', '{1:1}/3'::sparsevec > '{1:1}/3';
SELECT sparsevec_lt('{}/2', '{}/3'), sparsevec_le('{}/2', '{}/3'), sparsevec_eq('{}/2', '{}/3'),
       sparsevec_ne('{}/2', '{}/3'), sparsevec_ge('{}/2', '{}/3'), sparsevec_gt('{}/2', '{}/3');
-- a stored zero cannot exist, so text forms that differ only in zeros are equal
SELECT '{1:0,2:1}/2'::sparsevec = '{2:1}/2', '{2:1,1:0}/2'::sparsevec = '[0,1]'::vector::sparsevec;
SELECT '{1:1}/2'::sparsevec = '{1:1}/3';
SELECT '{1:1}/2'::sparsevec = '[1,0]';

-- a table whose ordering is checked against the dense arrays
CREATE TABLE sparsevec_btree_t (id int, v sparsevec);
INSERT INTO sparsevec_btree_t VALUES
  (1, '{1:1}/3'), (2, '{2:1}/3'), (3, '{3:1}/3'), (4, '{}/3'), (5, '{1:-1}/3'),
  (6, '{1:1,2:2,3:3}/3'), (7, '{1:1,2:2}/2'), (8, '{1:1,2:2}/3'), (9, '{}/1'), (10, '{1:1}/1'),
  (11, '{1:-1,3:5}/3'), (12, '{2:-1}/3'), (13, '{3:-1}/3'), (14, '{1:1,2:2,3:3}/4'),
  (15, '{1:1,2:2,3:3,4:-1}/4'), (16, '{}/2'), (17, '{2:1}/2'), (18, '{1:0.5}/3'),
  (19, '{1:1,3:1}/3'), (20, '{1:1}/3'), (21, NULL);
SELECT id, v FROM sparsevec_btree_t ORDER BY v, id;
SELECT id, v FROM sparsevec_btree_t ORDER BY v DESC, id;
SELECT id, v FROM sparsevec_btree_t ORDER BY v NULLS FIRST, id LIMIT 3;
-- every pair agrees with PostgreSQL's array comparison of the expansions
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE sparsevec_cmp(a.v, b.v) =
                              btarraycmp(a.v::vector::real[], b.v::vector::real[])) AS agree,
       count(*) FILTER (WHERE (a.v < b.v) = (a.v::vector::real[] < b.v::vector::real[])
                          AND (a.v = b.v) = (a.v::vector::real[] = b.v::vector::real[])
                          AND (a.v > b.v) = (a.v::vector::real[] > b.v::vector::real[])) AS operators_agree
  FROM sparsevec_btree_t a, sparsevec_btree_t b WHERE a.v IS NOT NULL AND b.v IS NOT NULL;
-- and with the dense vector ordering
SELECT count(*) FILTER (WHERE sparsevec_cmp(a.v, b.v) <> vector_cmp(a.v::vector, b.v::vector)) AS disagree
  FROM sparsevec_btree_t a, sparsevec_btree_t b;

SELECT DISTINCT v FROM sparsevec_btree_t ORDER BY v;
SELECT v, count(*) FROM sparsevec_btree_t GROUP BY v ORDER BY v;
SELECT min(id), max(id) FROM sparsevec_btree_t WHERE v = '{1:1}/3';
SELECT count(*) FROM sparsevec_btree_t WHERE v > '{}/3';
SELECT count(*) FROM sparsevec_btree_t WHERE v BETWEEN '{}/3' AND '{1:1}/3';
SELECT count(*) FROM sparsevec_btree_t WHERE v IN ('{1:1}/3', '{}/1');

-- a btree index: equality and range scans, ordered scans
CREATE INDEX sparsevec_btree_idx ON sparsevec_btree_t (v);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM sparsevec_btree_t WHERE v = '{1:1}/3';
SELECT id FROM sparsevec_btree_t WHERE v = '{1:1}/3' ORDER BY id;
SELECT id FROM sparsevec_btree_t WHERE v < '{}/3' ORDER BY v, id;
SELECT id FROM sparsevec_btree_t WHERE v >= '{1:1,2:2}/2' ORDER BY v, id;
EXPLAIN (COSTS OFF) SELECT id FROM sparsevec_btree_t ORDER BY v LIMIT 3;
SELECT id FROM sparsevec_btree_t ORDER BY v, id LIMIT 3;
RESET enable_seqscan;

-- a unique index sees through zero-valued text pairs
CREATE TABLE sparsevec_btree_u (v sparsevec PRIMARY KEY);
INSERT INTO sparsevec_btree_u VALUES ('{1:1}/2'), ('{2:1}/2');
INSERT INTO sparsevec_btree_u VALUES ('{1:1,2:0}/2');
INSERT INTO sparsevec_btree_u VALUES ('{1:1}/3');
SELECT * FROM sparsevec_btree_u ORDER BY v;

-- merge join on the btree ordering
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM sparsevec_btree_t a JOIN sparsevec_btree_u b ON a.v = b.v;
SELECT a.id, b.v FROM sparsevec_btree_t a JOIN sparsevec_btree_u b ON a.v = b.v ORDER BY a.id;
RESET enable_hashjoin;
RESET enable_nestloop;

-- no hash support
SELECT count(*) FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
  WHERE a.amname = 'hash' AND c.opcintype = 'sparsevec'::regtype;
SELECT v FROM sparsevec_btree_t UNION SELECT v FROM sparsevec_btree_u ORDER BY 1;

DROP TABLE sparsevec_btree_t, sparsevec_btree_u;
