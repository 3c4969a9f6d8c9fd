// Distance functions and norms of `vector`: the hot path of exact search and
// of every index. Plain "C zone" code: no C++ object with a destructor is
// alive here, so PostgreSQL errors (detoasting, dimension mismatch) may
// longjmp straight out, and the kernels are noexcept.
#include <cmath>

#include "pgvec/core/kernels.hpp"
#include "pgvec/core/vector_math.hpp"

#include "pg/types/vector_datum.hpp"

using pgvec::core::ActiveFloatKernels;
using pgvec::pg::VectorDatum;

namespace {

inline void CheckSameDims(const VectorDatum* a, const VectorDatum* b) {
  if (a->dim != b->dim) {
    ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                    errmsg("different vector dimensions %d and %d", a->dim, b->dim)));
  }
}

inline std::size_t Dim(const VectorDatum* v) { return static_cast<std::size_t>(v->dim); }

}  // namespace

PGVEC_FUNCTION(l2_distance) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(std::sqrt(static_cast<double>(ActiveFloatKernels().l2_squared(a->x, b->x, Dim(a)))));
}

// Index support: ordering by the square saves a sqrt per comparison.
PGVEC_FUNCTION(vector_l2_squared_distance) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(static_cast<double>(ActiveFloatKernels().l2_squared(a->x, b->x, Dim(a))));
}

PGVEC_FUNCTION(inner_product) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(static_cast<double>(ActiveFloatKernels().inner_product(a->x, b->x, Dim(a))));
}

// The <#> operator: negated so that ascending order is "most similar first".
PGVEC_FUNCTION(vector_negative_inner_product) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(-static_cast<double>(ActiveFloatKernels().inner_product(a->x, b->x, Dim(a))));
}

PGVEC_FUNCTION(cosine_distance) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(pgvec::core::CosineDistanceFromTerms(ActiveFloatKernels().cosine_terms(a->x, b->x, Dim(a))));
}

// Angular distance acos(a.b)/pi for unit vectors: unlike cosine distance it
// satisfies the triangle inequality, which spherical k-means relies on.
PGVEC_FUNCTION(vector_spherical_distance) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(pgvec::core::SphericalDistanceFromDot(static_cast<double>(ActiveFloatKernels().inner_product(a->x, b->x, Dim(a)))));
}

PGVEC_FUNCTION(l1_distance) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  CheckSameDims(a, b);
  PG_RETURN_FLOAT8(static_cast<double>(ActiveFloatKernels().l1(a->x, b->x, Dim(a))));
}

PGVEC_FUNCTION(vector_dims) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  PG_RETURN_INT32(a->dim);
}

PGVEC_FUNCTION(vector_norm) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  PG_RETURN_FLOAT8(pgvec::core::Norm(a->x, Dim(a)));
}
