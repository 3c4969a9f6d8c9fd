-- The index access methods as the catalog shows them: handlers, comments,
-- operator classes (which is the default), their ordering operators and
-- support functions, pinned to pgvector's catalog.
SELECT a.amname, a.amtype, a.amhandler::regproc, obj_description(a.oid, 'pg_am') AS comment
  FROM pg_am a WHERE a.amname IN ('hnsw', 'ivfflat') ORDER BY 1;

SELECT p.proname, pg_get_function_arguments(p.oid) AS args, p.prorettype::regtype, p.provolatile, p.proisstrict,
       p.proparallel, obj_description(p.oid, 'pg_proc') AS comment
  FROM pg_proc p
  WHERE p.proname IN ('hnswhandler', 'ivfflathandler', 'hnsw_halfvec_support', 'hnsw_bit_support',
                      'hnsw_sparsevec_support', 'ivfflat_halfvec_support', 'ivfflat_bit_support')
  ORDER BY 1;

SELECT a.amname, c.opcname, c.opcintype::regtype, c.opcdefault, f.opfname
  FROM pg_opclass c
  JOIN pg_am a ON a.oid = c.opcmethod
  JOIN pg_opfamily f ON f.oid = c.opcfamily
  WHERE a.amname IN ('hnsw', 'ivfflat')
  ORDER BY a.amname, c.opcname::text COLLATE "C", c.opcintype::regtype::text COLLATE "C";

SELECT a.amname, f.opfname, ao.amoplefttype::regtype, ao.amopstrategy, ao.amopopr::regoperator,
       ao.amoppurpose, sf.opfname AS sort_family
  FROM pg_amop ao
  JOIN pg_opfamily f ON f.oid = ao.amopfamily
  JOIN pg_am a ON a.oid = f.opfmethod
  LEFT JOIN pg_opfamily sf ON sf.oid = ao.amopsortfamily
  WHERE a.amname IN ('hnsw', 'ivfflat')
  ORDER BY a.amname, f.opfname::text COLLATE "C", ao.amoplefttype::regtype::text COLLATE "C", ao.amopstrategy;

SELECT a.amname, f.opfname, ap.amproclefttype::regtype, ap.amprocnum, ap.amproc::regprocedure
  FROM pg_amproc ap
  JOIN pg_opfamily f ON f.oid = ap.amprocfamily
  JOIN pg_am a ON a.oid = f.opfmethod
  WHERE a.amname IN ('hnsw', 'ivfflat')
  ORDER BY a.amname, f.opfname::text COLLATE "C", ap.amproclefttype::regtype::text COLLATE "C", ap.amprocnum;

-- amvalidate accepts every operator class
SELECT c.opcname, a.amname, amvalidate(c.oid)
  FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
  WHERE a.amname IN ('hnsw', 'ivfflat') AND NOT amvalidate(c.oid);

-- reloptions and settings as pg_settings describes them
SELECT name, setting, unit, category, short_desc, extra_desc, context, vartype, min_val, max_val, enumvals
  FROM pg_settings WHERE name LIKE 'hnsw.%' OR name LIKE 'ivfflat.%' ORDER BY 1;
