-- halfvec btree operator class: ORDER BY, DISTINCT, GROUP BY, btree index
-- scans, joins; NULLs sort last

CREATE TABLE halfvec_btree_t (id int, v halfvec);
INSERT INTO halfvec_btree_t VALUES
  (1, '[1,2,3]'), (2, '[1,2]'), (3, '[1,2,4]'), (4, NULL), (5, '[-1]'),
  (6, '[0,0]'), (7, '[-0,0]'), (8, '[1,2,3]'), (9, '[65504]'), (10, '[-65504,1]'),
  (11, '[5.9604645e-8]'), (12, '[1.0001,2,3]');

SELECT id, v FROM halfvec_btree_t ORDER BY v, id;
SELECT id, v FROM halfvec_btree_t ORDER BY v DESC, id;
SELECT id, v FROM halfvec_btree_t ORDER BY v NULLS FIRST, id;
SELECT DISTINCT v FROM halfvec_btree_t ORDER BY v;
SELECT v, count(*) FROM halfvec_btree_t GROUP BY v ORDER BY v;
SELECT min(id), max(id) FROM halfvec_btree_t GROUP BY v HAVING count(*) > 1 ORDER BY 1;
SELECT id FROM halfvec_btree_t WHERE v = '[1,2,3]' ORDER BY id;
SELECT id FROM halfvec_btree_t WHERE v IN ('[0,0]', '[65504]') ORDER BY id;

-- btree index
CREATE INDEX halfvec_btree_idx ON halfvec_btree_t (v);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM halfvec_btree_t WHERE v = '[1,2,3]';
SELECT id FROM halfvec_btree_t WHERE v = '[1,2,3]' ORDER BY id;
SELECT id FROM halfvec_btree_t WHERE v = '[1.0001,2,3]' ORDER BY id;
SELECT id FROM halfvec_btree_t WHERE v = '[-0,-0]' ORDER BY id;
SELECT id, v FROM halfvec_btree_t WHERE v < '[1,2,3]' ORDER BY id;
SELECT id, v FROM halfvec_btree_t WHERE v <= '[1,2,3]' AND v > '[0]' ORDER BY id;
SELECT id, v FROM halfvec_btree_t WHERE v >= '[1,2,3]' ORDER BY id;
SELECT id, v FROM halfvec_btree_t WHERE v <> '[1,2,3]' ORDER BY id;
EXPLAIN (COSTS OFF) SELECT v FROM halfvec_btree_t ORDER BY v;
SELECT v FROM halfvec_btree_t ORDER BY v;
SELECT v FROM halfvec_btree_t ORDER BY v DESC;
SELECT v FROM halfvec_btree_t WHERE v IS NULL;
INSERT INTO halfvec_btree_t SELECT 100 + i, ARRAY[i % 5, i % 3]::halfvec FROM generate_series(1, 300) i;
SELECT count(*) FROM halfvec_btree_t WHERE v = '[2,1]';
SELECT v, count(*) FROM halfvec_btree_t WHERE v BETWEEN '[1]' AND '[2]' GROUP BY v ORDER BY v;
-- unique index
CREATE TABLE halfvec_btree_u (v halfvec PRIMARY KEY);
INSERT INTO halfvec_btree_u VALUES ('[1,2]'), ('[1,2,0]'), ('[0]');
INSERT INTO halfvec_btree_u VALUES ('[1.0001,2]');
INSERT INTO halfvec_btree_u VALUES ('[-0]');
SELECT * FROM halfvec_btree_u ORDER BY v;
-- joins on halfvec keys: = is not declared MERGES (as in pgvector), so no merge join
RESET enable_seqscan;
RESET enable_bitmapscan;
SET enable_hashjoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM halfvec_btree_t a JOIN halfvec_btree_u b ON a.v = b.v;
SELECT a.id, b.v FROM halfvec_btree_t a JOIN halfvec_btree_u b ON a.v = b.v ORDER BY a.id;
RESET enable_hashjoin;
RESET enable_nestloop;
-- no hash opclass
SELECT v FROM halfvec_btree_u UNION SELECT v FROM halfvec_btree_u ORDER BY v;

-- the operator family
SELECT opc.opcname, am.amname, opc.opcdefault, opc.opcintype::regtype
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
  WHERE opc.opcintype = 'halfvec'::regtype AND am.amname IN ('btree', 'hash') ORDER BY 1;
SELECT ao.amopstrategy, ao.amopopr::regoperator
  FROM pg_amop ao JOIN pg_opfamily f ON f.oid = ao.amopfamily
  WHERE f.opfname = 'halfvec_ops' ORDER BY 1;
SELECT ap.amprocnum, ap.amproc::regprocedure
  FROM pg_amproc ap JOIN pg_opfamily f ON f.oid = ap.amprocfamily
  WHERE f.opfname = 'halfvec_ops' ORDER BY 1;
-- the operators of halfvec
SELECT o.oprname, o.oprleft::regtype, o.oprright::regtype, o.oprresult::regtype,
       o.oprcode::regprocedure, o.oprcom::regoperator, o.oprnegate::regoperator,
       o.oprrest::regproc, o.oprjoin::regproc, o.oprcanmerge, o.oprcanhash
  FROM pg_operator o
  WHERE o.oprleft = 'halfvec'::regtype OR o.oprright = 'halfvec'::regtype
  ORDER BY o.oprname COLLATE "C";

DROP TABLE halfvec_btree_t, halfvec_btree_u;
