// Comparison operators and the btree support function of `sparsevec`.
// Ordering is that of the dense expansion compared like arrays (elements
// first, implicit zeros included, then dimensions), so values of different
// dimensions compare instead of raising an error.
#include "pgvec/core/sparse_vector.hpp"

#include "pg/types/sparsevec_datum.hpp"

using pgvec::pg::SparsevecDatum;

namespace {

int CompareArgs(FunctionCallInfo fcinfo) {
  const SparsevecDatum* a = PG_GETARG_SPARSEVEC_P(0);
  const SparsevecDatum* b = PG_GETARG_SPARSEVEC_P(1);
  return pgvec::core::CompareSparse(pgvec::pg::ViewOf(a), pgvec::pg::ViewOf(b));
}

}  // namespace

PGVEC_FUNCTION(sparsevec_lt) { PG_RETURN_BOOL(CompareArgs(fcinfo) < 0); }
PGVEC_FUNCTION(sparsevec_le) { PG_RETURN_BOOL(CompareArgs(fcinfo) <= 0); }
PGVEC_FUNCTION(sparsevec_eq) { PG_RETURN_BOOL(CompareArgs(fcinfo) == 0); }
PGVEC_FUNCTION(sparsevec_ne) { PG_RETURN_BOOL(CompareArgs(fcinfo) != 0); }
PGVEC_FUNCTION(sparsevec_ge) { PG_RETURN_BOOL(CompareArgs(fcinfo) >= 0); }
PGVEC_FUNCTION(sparsevec_gt) { PG_RETURN_BOOL(CompareArgs(fcinfo) > 0); }
PGVEC_FUNCTION(sparsevec_cmp) { PG_RETURN_INT32(CompareArgs(fcinfo)); }
