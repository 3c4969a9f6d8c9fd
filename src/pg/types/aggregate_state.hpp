// The transition state shared by avg(vector) and avg(halfvec): a float8[]
// {n, sum_1, ..., sum_dim} in pgvector's layout, so partial aggregates and
// stored states stay compatible.
#pragma once

#include "pg/prelude.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
}

namespace pgvec::pg {

// Validates a state array and returns its values; elog (internal error)
// because only a hand-made call can pass a malformed state.
inline double* CheckStateArray(ArrayType* state, const char* caller) {
  if (ARR_NDIM(state) != 1 || ARR_DIMS(state)[0] < 1 || ARR_HASNULL(state) ||
      ARR_ELEMTYPE(state) != FLOAT8OID) {
    elog(ERROR, "%s: expected state array", caller);
  }
  return reinterpret_cast<double*>(ARR_DATA_PTR(state));
}

inline int StateDims(ArrayType* state) { return ARR_DIMS(state)[0] - 1; }

// A fresh {n, sums...} array of dim + 1 zeros in the current context.
inline ArrayType* NewStateArray(int dim) {
  const int count = dim + 1;
  const Size size = ARR_OVERHEAD_NONULLS(1) + sizeof(double) * static_cast<Size>(count);
  auto* state = static_cast<ArrayType*>(palloc0(size));
  SET_VARSIZE(state, size);
  state->ndim = 1;
  state->dataoffset = 0;
  state->elemtype = FLOAT8OID;
  ARR_DIMS(state)[0] = count;
  ARR_LBOUND(state)[0] = 1;
  return state;
}

inline double* StateValues(ArrayType* state) { return reinterpret_cast<double*>(ARR_DATA_PTR(state)); }

}  // namespace pgvec::pg
