// Sentinel: included at the end of every core header. The core must never see
// a PostgreSQL header (DESIGN.md section 2); if one was included before any
// core header in a translation unit that is meant to be pure, fail loudly.
// The glue includes core headers *before* its PostgreSQL prelude, so this
// check holds there too.
#if defined(POSTGRES_H) && !defined(PGVEC_ALLOW_POSTGRES_BEFORE_CORE)
#error "pgvec core headers must be included before any PostgreSQL header"
#endif
