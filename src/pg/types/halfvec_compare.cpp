// Comparison operators and the btree support function of `halfvec`
// (array-like ordering on the float values, as for vector).
#include "pgvec/core/half_vector.hpp"

#include "pg/types/halfvec_datum.hpp"

using pgvec::pg::HalfvecDatum;

namespace {

int CompareArgs(FunctionCallInfo fcinfo) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  return pgvec::core::CompareHalf(a->x, a->dim, b->x, b->dim);
}

}  // namespace

PGVEC_FUNCTION(halfvec_lt) { PG_RETURN_BOOL(CompareArgs(fcinfo) < 0); }
PGVEC_FUNCTION(halfvec_le) { PG_RETURN_BOOL(CompareArgs(fcinfo) <= 0); }
PGVEC_FUNCTION(halfvec_eq) { PG_RETURN_BOOL(CompareArgs(fcinfo) == 0); }
PGVEC_FUNCTION(halfvec_ne) { PG_RETURN_BOOL(CompareArgs(fcinfo) != 0); }
PGVEC_FUNCTION(halfvec_ge) { PG_RETURN_BOOL(CompareArgs(fcinfo) >= 0); }
PGVEC_FUNCTION(halfvec_gt) { PG_RETURN_BOOL(CompareArgs(fcinfo) > 0); }
PGVEC_FUNCTION(halfvec_cmp) { PG_RETURN_INT32(CompareArgs(fcinfo)); }
