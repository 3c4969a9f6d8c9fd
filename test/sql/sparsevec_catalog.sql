-- The catalog entries of the sparsevec type's SQL surface: every function,
-- operator, cast, type and btree operator class of the extension that
-- involves sparsevec (the HNSW support function and operator classes belong
-- to the index tests). Prints C symbol names (prosrc) but no OIDs, library
-- paths or extension names.

CREATE TEMP VIEW sparsevec_catalog_members AS
  SELECT d.classid, d.objid, d.objsubid,
         pg_describe_object(d.classid, d.objid, d.objsubid) AS descr
  FROM pg_depend d
  WHERE d.refclassid = 'pg_extension'::regclass
    AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname IN ('vector', 'pgvref'))
    AND d.deptype = 'e'
    AND pg_describe_object(d.classid, d.objid, d.objsubid) ~ 'sparsevec'
    AND pg_describe_object(d.classid, d.objid, d.objsubid) !~ '(hnsw|ivfflat)';

-- every member object
SELECT descr FROM sparsevec_catalog_members ORDER BY descr COLLATE "C";
SELECT (SELECT relname COLLATE "C" FROM pg_class WHERE oid = classid) AS catalog, count(*)
  FROM sparsevec_catalog_members GROUP BY 1 ORDER BY 1;

-- functions
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args,
       p.prorettype::regtype AS result, p.prokind, l.lanname, p.prosrc,
       p.provolatile, p.proisstrict, p.proparallel, p.proleakproof, p.proretset,
       p.procost, p.prorows, p.pronargdefaults, p.prosecdef, p.proconfig,
       obj_description(p.oid, 'pg_proc') AS comment
  FROM sparsevec_catalog_members m
  JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
  JOIN pg_language l ON l.oid = p.prolang
  ORDER BY p.proname COLLATE "C", pg_get_function_identity_arguments(p.oid) COLLATE "C";

-- operators
SELECT o.oprname, o.oprkind, o.oprleft::regtype, o.oprright::regtype,
       o.oprresult::regtype, o.oprcode::regprocedure, o.oprcom::regoperator AS commutator,
       o.oprnegate::regoperator AS negator, o.oprrest::regprocedure, o.oprjoin::regprocedure,
       o.oprcanmerge, o.oprcanhash,
       obj_description(o.oid, 'pg_operator') AS comment
  FROM sparsevec_catalog_members m
  JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid
  ORDER BY o.oprname COLLATE "C", o.oprleft::regtype::text COLLATE "C", o.oprright::regtype::text COLLATE "C";

-- casts
SELECT c.castsource::regtype AS source, c.casttarget::regtype AS target,
       c.castfunc::regprocedure AS function, c.castcontext, c.castmethod
  FROM sparsevec_catalog_members m
  JOIN pg_cast c ON m.classid = 'pg_cast'::regclass AND c.oid = m.objid
  ORDER BY c.castsource::regtype::text COLLATE "C", c.casttarget::regtype::text COLLATE "C";

-- types
SELECT t.typname, t.typtype, t.typlen, t.typbyval, t.typalign, t.typstorage,
       t.typcategory, t.typispreferred, t.typdelim, t.typelem::regtype, t.typarray::regtype,
       t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout,
       t.typanalyze, t.typsubscript, t.typcollation, t.typdefault,
       obj_description(t.oid, 'pg_type') AS comment
  FROM pg_type t
  WHERE t.oid IN ('sparsevec'::regtype, 'sparsevec[]'::regtype)
  ORDER BY t.typname COLLATE "C";

-- btree operator class and family
SELECT c.opcname, a.amname, c.opcintype::regtype, c.opcdefault, c.opckeytype,
       f.opfname, obj_description(c.oid, 'pg_opclass') AS comment
  FROM sparsevec_catalog_members m
  JOIN pg_opclass c ON m.classid = 'pg_opclass'::regclass AND c.oid = m.objid
  JOIN pg_am a ON a.oid = c.opcmethod
  JOIN pg_opfamily f ON f.oid = c.opcfamily
  ORDER BY c.opcname COLLATE "C", a.amname COLLATE "C";
SELECT f.opfname, a.amname, ao.amopstrategy, ao.amoplefttype::regtype, ao.amoprighttype::regtype,
       ao.amopopr::regoperator, ao.amoppurpose, ao.amopsortfamily
  FROM pg_amop ao
  JOIN pg_opfamily f ON f.oid = ao.amopfamily
  JOIN pg_am a ON a.oid = f.opfmethod
  WHERE ao.amoplefttype = 'sparsevec'::regtype AND a.amname = 'btree'
  ORDER BY f.opfname COLLATE "C", ao.amopstrategy;
SELECT f.opfname, a.amname, ap.amprocnum, ap.amproclefttype::regtype, ap.amprocrighttype::regtype,
       ap.amproc::regprocedure
  FROM pg_amproc ap
  JOIN pg_opfamily f ON f.oid = ap.amprocfamily
  JOIN pg_am a ON a.oid = f.opfmethod
  WHERE ap.amproclefttype = 'sparsevec'::regtype AND a.amname = 'btree'
  ORDER BY f.opfname COLLATE "C", ap.amprocnum;

-- name resolution: the shared SQL names pick the sparsevec functions
SELECT 'l2_distance(sparsevec,sparsevec)'::regprocedure, 'inner_product(sparsevec,sparsevec)'::regprocedure,
       'cosine_distance(sparsevec,sparsevec)'::regprocedure, 'l1_distance(sparsevec,sparsevec)'::regprocedure,
       'l2_norm(sparsevec)'::regprocedure, 'l2_normalize(sparsevec)'::regprocedure;

DROP VIEW sparsevec_catalog_members;
