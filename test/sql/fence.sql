-- The C++/PostgreSQL fence: C++ exceptions thrown inside SQL functions become
-- ordinary SQL errors with the right SQLSTATE, PostgreSQL errors raised while
-- C++ objects are alive still run their destructors, and the backend (and so
-- the server) survives all of it.
CREATE FUNCTION pgvec_probe_throw(text) RETURNS int
	AS '$libdir/pgvec_fence_probe' LANGUAGE C STRICT;
CREATE FUNCTION pgvec_probe_throw_core() RETURNS int
	AS '$libdir/pgvec_fence_probe' LANGUAGE C STRICT;
CREATE FUNCTION pgvec_probe_bad_alloc() RETURNS void
	AS '$libdir/pgvec_fence_probe' LANGUAGE C STRICT;
CREATE FUNCTION pgvec_probe_new_bad_alloc() RETURNS void
	AS '$libdir/pgvec_fence_probe' LANGUAGE C STRICT;
CREATE FUNCTION pgvec_probe_pg_error() RETURNS int
	AS '$libdir/pgvec_fence_probe' LANGUAGE C STRICT;
CREATE FUNCTION pgvec_probe_spin() RETURNS void
	AS '$libdir/pgvec_fence_probe' LANGUAGE C STRICT;
CREATE FUNCTION pgvec_probe_live_objects() RETURNS int
	AS '$libdir/pgvec_fence_probe' LANGUAGE C STRICT;

SELECT pg_backend_pid() AS pid0 \gset
SELECT pg_postmaster_start_time() AS start0 \gset

SELECT pgvec_probe_throw('boom from C++');
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

\set VERBOSITY default
SELECT pgvec_probe_throw_core();
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

SELECT pgvec_probe_new_bad_alloc();
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- an impossible std::vector reservation: a C++ library error, still fenced
SELECT pgvec_probe_bad_alloc() IS NULL;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- a PostgreSQL error inside PgCall keeps its own SQLSTATE (22012)
SELECT pgvec_probe_pg_error();
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- a query cancel inside C++ code stays a cancel (57014)
SET statement_timeout = '200ms';
SELECT pgvec_probe_spin();
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
RESET statement_timeout;

-- every C++ object created above was destroyed
SELECT pgvec_probe_live_objects();

-- PL/pgSQL can catch the converted errors like any other
DO $$
BEGIN
  PERFORM pgvec_probe_throw('caught');
EXCEPTION WHEN internal_error THEN
  RAISE NOTICE 'caught: %', SQLERRM;
END $$;

-- a real extension error path through the same fence
SELECT '[1,2'::vector;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- same backend, same postmaster: nothing crashed or restarted
SELECT pg_backend_pid() = :pid0 AS same_backend;
SELECT pg_postmaster_start_time() = :'start0' AS same_postmaster;
