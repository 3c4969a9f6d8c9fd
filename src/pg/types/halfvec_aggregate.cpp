// avg(halfvec): float8 sums like avg(vector) (same state layout; the combine
// function is vector_combine), the result rounded to half. sum(halfvec)
// reuses halfvec_add and so accumulates in half precision, as pgvector does.
#include "pgvec/core/half_vector.hpp"
#include "pgvec/core/limits.hpp"

#include "pg/fence.hpp"
#include "pg/types/aggregate_state.hpp"
#include "pg/types/halfvec_datum.hpp"

using pgvec::pg::CheckStateArray;
using pgvec::pg::Fenced;
using pgvec::pg::HalfvecDatum;
using pgvec::pg::kHalfvecTypeName;
using pgvec::pg::NewStateArray;
using pgvec::pg::StateDims;
using pgvec::pg::StateValues;

PGVEC_FUNCTION(halfvec_accum) {
  // In an aggregate the state is ours to update in place (see vector_accum).
  const bool in_aggregate = AggCheckCallContext(fcinfo, nullptr) != 0;
  ArrayType* state = in_aggregate ? PG_GETARG_ARRAYTYPE_P(0) : PG_GETARG_ARRAYTYPE_P_COPY(0);
  const HalfvecDatum* v = PG_GETARG_HALFVEC_P(1);
  double* values = CheckStateArray(state, "halfvec_accum");
  const int dim = StateDims(state);

  if (dim == 0) {
    ArrayType* fresh = NewStateArray(v->dim);
    double* fresh_values = StateValues(fresh);
    fresh_values[0] = values[0] + 1.0;
    for (int i = 0; i < v->dim; ++i) fresh_values[i + 1] = static_cast<double>(pgvec::core::HalfToFloat(v->x[i]));
    PG_RETURN_ARRAYTYPE_P(fresh);
  }

  Fenced([&] {
    pgvec::core::CheckTypmod(dim, v->dim);
    pgvec::core::AccumulateHalfSums(values + 1, v->x, static_cast<std::size_t>(dim));
  });
  values[0] += 1.0;
  PG_RETURN_ARRAYTYPE_P(state);
}

PGVEC_FUNCTION(halfvec_avg) {
  ArrayType* state = PG_GETARG_ARRAYTYPE_P(0);
  const double* values = CheckStateArray(state, "halfvec_avg");
  const double n = values[0];
  if (n == 0.0) PG_RETURN_NULL();
  const int dim = StateDims(state);
  HalfvecDatum* result = nullptr;
  Fenced([&] {
    pgvec::core::CheckDimensions(kHalfvecTypeName, dim, pgvec::core::kHalfvecMaxDim);
    result = pgvec::pg::NewHalfvec(dim);
    for (int i = 0; i < dim; ++i) {
      result->x[i] = pgvec::core::FloatToHalfChecked(static_cast<float>(values[i + 1] / n));
      pgvec::core::CheckFiniteElement(kHalfvecTypeName, pgvec::core::HalfToFloat(result->x[i]));
    }
  });
  PG_RETURN_POINTER(result);
}
