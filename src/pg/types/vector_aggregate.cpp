// avg(vector) and the machinery behind it. The transition state is a
// float8[] {n, sum_1, ..., sum_dim} (pgvector's layout, so partial aggregates
// and stored states stay compatible); sum(vector) reuses vector_add.
//
// Unlike a plain function call, a transition function called by the
// executor's aggregate machinery owns its state, so after the first row the
// state array is updated in place instead of being rebuilt for every row
// (PostgreSQL's float8_accum does the same).
#include <cstring>

#include "pgvec/core/limits.hpp"
#include "pgvec/core/vector_math.hpp"
#include "pgvec/core/vector_text.hpp"

#include "pg/fence.hpp"
#include "pg/types/aggregate_state.hpp"
#include "pg/types/vector_datum.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
}

using pgvec::pg::Fenced;
using pgvec::pg::kVectorTypeName;
using pgvec::pg::VectorDatum;

using pgvec::pg::CheckStateArray;
using pgvec::pg::NewStateArray;
using pgvec::pg::StateDims;

PGVEC_FUNCTION(vector_accum) {
  const bool in_aggregate = AggCheckCallContext(fcinfo, nullptr) != 0;
  ArrayType* state = PG_GETARG_ARRAYTYPE_P(0);
  const VectorDatum* v = PG_GETARG_VECTOR_P(1);
  double* values = CheckStateArray(state, "vector_accum");
  const int dim = StateDims(state);
  // In an aggregate the state may be modified in place; elsewhere the
  // argument must be treated as read-only, so work on a fresh array. The
  // result always has lower bound 1, as pgvector's does, even when a
  // hand-made state array had another one.
  if (dim > 0 && (!in_aggregate || ARR_LBOUND(state)[0] != 1)) {
    ArrayType* fresh = NewStateArray(dim);
    std::memcpy(ARR_DATA_PTR(fresh), values, sizeof(double) * static_cast<Size>(dim + 1));
    state = fresh;
    values = reinterpret_cast<double*>(ARR_DATA_PTR(fresh));
  }

  if (dim == 0) {
    ArrayType* fresh = NewStateArray(v->dim);
    double* fresh_values = reinterpret_cast<double*>(ARR_DATA_PTR(fresh));
    fresh_values[0] = values[0] + 1.0;
    for (int i = 0; i < v->dim; ++i) fresh_values[i + 1] = static_cast<double>(v->x[i]);
    PG_RETURN_ARRAYTYPE_P(fresh);
  }

  Fenced([&] {
    pgvec::core::CheckTypmod(dim, v->dim);
    pgvec::core::AccumulateSums(values + 1, v->x, static_cast<std::size_t>(dim));
  });
  values[0] += 1.0;
  PG_RETURN_ARRAYTYPE_P(state);
}

// Combines two partial states (parallel aggregation). Also serves
// halfvec_combine, whose state has the same shape.
PGVEC_FUNCTION(vector_combine) {
  ArrayType* state1 = PG_GETARG_ARRAYTYPE_P(0);
  ArrayType* state2 = PG_GETARG_ARRAYTYPE_P(1);
  const double* values1 = CheckStateArray(state1, "vector_combine");
  const double* values2 = CheckStateArray(state2, "vector_combine");
  const int dim1 = StateDims(state1);
  const int dim2 = StateDims(state2);
  const int dim = dim1 == 0 ? dim2 : dim1;

  Fenced([&] {
    if (dim > 0) pgvec::core::CheckDimensions(kVectorTypeName, dim, pgvec::core::kVectorMaxDim);
    if (dim1 > 0 && dim2 > 0) pgvec::core::CheckTypmod(dim1, dim2);
  });
  ArrayType* result = NewStateArray(dim);
  double* out = reinterpret_cast<double*>(ARR_DATA_PTR(result));
  out[0] = values1[0] + values2[0];
  if (dim1 > 0) std::memcpy(out + 1, values1 + 1, sizeof(double) * static_cast<Size>(dim));
  if (dim2 > 0) {
    if (dim1 > 0) {
      Fenced([&] { pgvec::core::CombineSums(out + 1, values2 + 1, static_cast<std::size_t>(dim)); });
    } else {
      std::memcpy(out + 1, values2 + 1, sizeof(double) * static_cast<Size>(dim));
    }
  }
  PG_RETURN_ARRAYTYPE_P(result);
}

PGVEC_FUNCTION(vector_avg) {
  ArrayType* state = PG_GETARG_ARRAYTYPE_P(0);
  const double* values = CheckStateArray(state, "vector_avg");
  const double n = values[0];
  // SQL defines the average of no rows as NULL.
  if (n == 0.0) PG_RETURN_NULL();
  const int dim = StateDims(state);
  Fenced([&] { pgvec::core::CheckDimensions(kVectorTypeName, dim, pgvec::core::kVectorMaxDim); });
  VectorDatum* result = pgvec::pg::NewVector(dim);
  for (int i = 0; i < dim; ++i) result->x[i] = static_cast<float>(values[i + 1] / n);
  Fenced([&] {
    for (int i = 0; i < dim; ++i) pgvec::core::CheckFiniteElement(kVectorTypeName, result->x[i]);
  });
  PG_RETURN_POINTER(result);
}
