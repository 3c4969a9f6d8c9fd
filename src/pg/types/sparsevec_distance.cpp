// Distance functions, norm and normalization of `sparsevec`. The distances
// are plain "C zone" code: no C++ object with a destructor is alive, so
// PostgreSQL errors (detoasting, dimension mismatch) may longjmp straight
// out, and the core merges are noexcept.
#include <cmath>
#include <cstring>

#include "pgvec/core/kernels.hpp"
#include "pgvec/core/sparse_vector.hpp"

#include "pg/fence.hpp"
#include "pg/types/sparsevec_datum.hpp"

using pgvec::pg::SparsevecDatum;
using pgvec::pg::ViewOf;

namespace {

inline void CheckSameDims(const SparsevecDatum* a, const SparsevecDatum* b) {
  if (a->dim != b->dim) {
    ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                    errmsg("different sparsevec dimensions %d and %d", a->dim, b->dim)));
  }
}

}  // namespace

PGVEC_FUNCTION(sparsevec_l2_distance) {
  const SparsevecDatum* a = PG_GETARG_SPARSEVEC_P(0);
  const SparsevecDatum* b = PG_GETARG_SPARSEVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(std::sqrt(static_cast<double>(pgvec::core::SparseL2Squared(ViewOf(a), ViewOf(b)))));
}

// Index support: ordering by the square saves a sqrt per comparison.
PGVEC_FUNCTION(sparsevec_l2_squared_distance) {
  const SparsevecDatum* a = PG_GETARG_SPARSEVEC_P(0);
  const SparsevecDatum* b = PG_GETARG_SPARSEVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(static_cast<double>(pgvec::core::SparseL2Squared(ViewOf(a), ViewOf(b))));
}

PGVEC_FUNCTION(sparsevec_inner_product) {
  const SparsevecDatum* a = PG_GETARG_SPARSEVEC_P(0);
  const SparsevecDatum* b = PG_GETARG_SPARSEVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(static_cast<double>(pgvec::core::SparseInnerProduct(ViewOf(a), ViewOf(b))));
}

// The <#> operator: negated so that ascending order is "most similar first".
PGVEC_FUNCTION(sparsevec_negative_inner_product) {
  const SparsevecDatum* a = PG_GETARG_SPARSEVEC_P(0);
  const SparsevecDatum* b = PG_GETARG_SPARSEVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(-static_cast<double>(pgvec::core::SparseInnerProduct(ViewOf(a), ViewOf(b))));
}

PGVEC_FUNCTION(sparsevec_cosine_distance) {
  const SparsevecDatum* a = PG_GETARG_SPARSEVEC_P(0);
  const SparsevecDatum* b = PG_GETARG_SPARSEVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(pgvec::core::CosineDistanceFromTerms(pgvec::core::SparseCosineTerms(ViewOf(a), ViewOf(b))));
}

PGVEC_FUNCTION(sparsevec_l1_distance) {
  const SparsevecDatum* a = PG_GETARG_SPARSEVEC_P(0);
  const SparsevecDatum* b = PG_GETARG_SPARSEVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(static_cast<double>(pgvec::core::SparseL1(ViewOf(a), ViewOf(b))));
}

PGVEC_FUNCTION(sparsevec_l2_norm) {
  const SparsevecDatum* a = PG_GETARG_SPARSEVEC_P(0);
  PG_RETURN_FLOAT8(pgvec::core::SparseNorm(ViewOf(a)));
}

PGVEC_FUNCTION(sparsevec_l2_normalize) {
  const SparsevecDatum* a = PG_GETARG_SPARSEVEC_P(0);
  SparsevecDatum* result = pgvec::pg::NewSparsevec(a->dim, a->nnz);
  const int kept =
      pgvec::pg::Fenced([&] { return pgvec::core::SparseL2Normalize(ViewOf(a), pgvec::pg::StorageOf(result)); });
  if (kept < result->nnz) {
    // Elements that underflowed to zero were dropped. Shrink in place: slide
    // the values down to where a datum of `kept` elements keeps them. The
    // allocation stays larger than the varlena size, which is harmless.
    float* values = pgvec::pg::SparsevecValues(result);
    result->nnz = kept;
    std::memmove(pgvec::pg::SparsevecValues(result), values, sizeof(float) * static_cast<Size>(kept));
    SET_VARSIZE(result, pgvec::pg::SparsevecDatumSize(kept));
  }
  PG_RETURN_POINTER(result);
}
