// Distance functions and norms of `halfvec`. Halves are widened to float
// inside the kernels (F16C / AVX-512), without a temporary copy; results are
// identical to `vector`'s for values a half represents exactly.
#include <cmath>

#include "pgvec/core/half_vector.hpp"
#include "pgvec/core/kernels.hpp"

#include "pg/types/halfvec_datum.hpp"

using pgvec::core::ActiveHalfKernels;
using pgvec::pg::HalfvecDatum;

namespace {

inline void CheckSameDims(const HalfvecDatum* a, const HalfvecDatum* b) {
  if (a->dim != b->dim) {
    ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                    errmsg("different halfvec dimensions %d and %d", a->dim, b->dim)));
  }
}

inline std::size_t Dim(const HalfvecDatum* v) { return static_cast<std::size_t>(v->dim); }

}  // namespace

PGVEC_FUNCTION(halfvec_l2_distance) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(std::sqrt(static_cast<double>(ActiveHalfKernels().l2_squared(a->x, b->x, Dim(a)))));
}

PGVEC_FUNCTION(halfvec_l2_squared_distance) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(static_cast<double>(ActiveHalfKernels().l2_squared(a->x, b->x, Dim(a))));
}

PGVEC_FUNCTION(halfvec_inner_product) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(static_cast<double>(ActiveHalfKernels().inner_product(a->x, b->x, Dim(a))));
}

PGVEC_FUNCTION(halfvec_negative_inner_product) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(-static_cast<double>(ActiveHalfKernels().inner_product(a->x, b->x, Dim(a))));
}

PGVEC_FUNCTION(halfvec_cosine_distance) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(pgvec::core::CosineDistanceFromTerms(ActiveHalfKernels().cosine_terms(a->x, b->x, Dim(a))));
}

// Angular distance for unit vectors (spherical k-means), see vector's twin.
PGVEC_FUNCTION(halfvec_spherical_distance) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(pgvec::core::SphericalDistanceFromDot(static_cast<double>(ActiveHalfKernels().inner_product(a->x, b->x, Dim(a)))));
}

PGVEC_FUNCTION(halfvec_l1_distance) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(static_cast<double>(ActiveHalfKernels().l1(a->x, b->x, Dim(a))));
}

PGVEC_FUNCTION(halfvec_vector_dims) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  PG_RETURN_INT32(a->dim);
}

PGVEC_FUNCTION(halfvec_l2_norm) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  PG_RETURN_FLOAT8(pgvec::core::HalfNorm(a->x, Dim(a)));
}
