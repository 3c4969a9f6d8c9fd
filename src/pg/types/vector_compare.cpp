// Comparison operators and the btree support function of `vector`.
// Ordering is array-like (elements first, then dimensions), so vectors of
// different dimensions compare instead of raising an error.
#include "pgvec/core/vector_math.hpp"

#include "pg/types/vector_datum.hpp"

using pgvec::pg::VectorDatum;

namespace {

int CompareArgs(FunctionCallInfo fcinfo) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  return pgvec::core::CompareDense(a->x, a->dim, b->x, b->dim);
}

}  // namespace

PGVEC_FUNCTION(vector_lt) { PG_RETURN_BOOL(CompareArgs(fcinfo) < 0); }
PGVEC_FUNCTION(vector_le) { PG_RETURN_BOOL(CompareArgs(fcinfo) <= 0); }
PGVEC_FUNCTION(vector_eq) { PG_RETURN_BOOL(CompareArgs(fcinfo) == 0); }
PGVEC_FUNCTION(vector_ne) { PG_RETURN_BOOL(CompareArgs(fcinfo) != 0); }
PGVEC_FUNCTION(vector_ge) { PG_RETURN_BOOL(CompareArgs(fcinfo) >= 0); }
PGVEC_FUNCTION(vector_gt) { PG_RETURN_BOOL(CompareArgs(fcinfo) > 0); }
PGVEC_FUNCTION(vector_cmp) { PG_RETURN_INT32(CompareArgs(fcinfo)); }
