// Element-wise arithmetic and the value transforms of `vector`:
// + - * ||, l2_normalize, binary_quantize, subvector.
#include <cstring>

#include "pgvec/core/limits.hpp"
#include "pgvec/core/vector_math.hpp"
#include "pgvec/core/vector_text.hpp"

#include "pg/fence.hpp"
#include "pg/types/vector_datum.hpp"

extern "C" {
#include "utils/varbit.h"
}

using pgvec::pg::Fenced;
using pgvec::pg::kVectorTypeName;
using pgvec::pg::NewVector;
using pgvec::pg::VectorDatum;

namespace {

using ElementWise = void (*)(const float*, const float*, float*, std::size_t);

Datum ApplyElementWise(FunctionCallInfo fcinfo, ElementWise op) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  return Fenced([&]() -> Datum {
    if (a->dim != b->dim) pgvec::core::ThrowDifferentDimensions(kVectorTypeName, a->dim, b->dim);
    VectorDatum* result = NewVector(a->dim);
    op(a->x, b->x, result->x, static_cast<std::size_t>(a->dim));
    PG_RETURN_POINTER(result);
  });
}

}  // namespace

PGVEC_FUNCTION(vector_add) { return ApplyElementWise(fcinfo, pgvec::core::AddChecked); }
PGVEC_FUNCTION(vector_sub) { return ApplyElementWise(fcinfo, pgvec::core::SubtractChecked); }
PGVEC_FUNCTION(vector_mul) { return ApplyElementWise(fcinfo, pgvec::core::MultiplyChecked); }

PGVEC_FUNCTION(vector_concat) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const VectorDatum* b = PG_GETARG_VECTOR_P(1);
  const int dim = a->dim + b->dim;
  return Fenced([&]() -> Datum {
    pgvec::core::CheckDimensions(kVectorTypeName, dim, pgvec::core::kVectorMaxDim);
    VectorDatum* result = NewVector(dim);
    std::memcpy(result->x, a->x, sizeof(float) * static_cast<std::size_t>(a->dim));
    std::memcpy(result->x + a->dim, b->x, sizeof(float) * static_cast<std::size_t>(b->dim));
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(l2_normalize) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  return Fenced([&]() -> Datum {
    VectorDatum* result = NewVector(a->dim);
    pgvec::core::L2Normalize(a->x, static_cast<std::size_t>(a->dim), result->x);
    PG_RETURN_POINTER(result);
  });
}

// Returns PostgreSQL's own `bit(dim)`: one bit per element, set when > 0.
PGVEC_FUNCTION(binary_quantize) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const Size size = VARBITTOTALLEN(a->dim);
  auto* result = static_cast<VarBit*>(palloc0(size));
  SET_VARSIZE(result, size);
  VARBITLEN(result) = a->dim;
  pgvec::core::BinaryQuantize(a->x, static_cast<std::size_t>(a->dim), VARBITS(result));
  PG_RETURN_VARBIT_P(result);
}

PGVEC_FUNCTION(subvector) {
  const VectorDatum* a = PG_GETARG_VECTOR_P(0);
  const int32 start = PG_GETARG_INT32(1);
  const int32 count = PG_GETARG_INT32(2);
  return Fenced([&]() -> Datum {
    const pgvec::core::Slice slice = pgvec::core::SubvectorSlice(kVectorTypeName, a->dim, start, count);
    VectorDatum* result = NewVector(slice.length);
    std::memcpy(result->x, a->x + slice.offset, sizeof(float) * static_cast<std::size_t>(slice.length));
    PG_RETURN_POINTER(result);
  });
}
