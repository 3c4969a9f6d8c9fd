// Element-wise arithmetic and value transforms of `halfvec`:
// + - * ||, l2_normalize, binary_quantize, subvector.
#include <cstring>

#include "pgvec/core/half_vector.hpp"
#include "pgvec/core/limits.hpp"
#include "pgvec/core/vector_math.hpp"

#include "pg/fence.hpp"
#include "pg/types/halfvec_datum.hpp"

extern "C" {
#include "utils/varbit.h"
}

using pgvec::core::Half;
using pgvec::pg::Fenced;
using pgvec::pg::HalfvecDatum;
using pgvec::pg::kHalfvecTypeName;
using pgvec::pg::NewHalfvec;

namespace {

using ElementWise = void (*)(const Half*, const Half*, Half*, std::size_t);

Datum ApplyElementWise(FunctionCallInfo fcinfo, ElementWise op) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  return Fenced([&]() -> Datum {
    if (a->dim != b->dim) pgvec::core::ThrowDifferentDimensions(kHalfvecTypeName, a->dim, b->dim);
    HalfvecDatum* result = NewHalfvec(a->dim);
    op(a->x, b->x, result->x, static_cast<std::size_t>(a->dim));
    PG_RETURN_POINTER(result);
  });
}

}  // namespace

PGVEC_FUNCTION(halfvec_add) { return ApplyElementWise(fcinfo, pgvec::core::HalfAddChecked); }
PGVEC_FUNCTION(halfvec_sub) { return ApplyElementWise(fcinfo, pgvec::core::HalfSubtractChecked); }
PGVEC_FUNCTION(halfvec_mul) { return ApplyElementWise(fcinfo, pgvec::core::HalfMultiplyChecked); }

PGVEC_FUNCTION(halfvec_concat) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const HalfvecDatum* b = PG_GETARG_HALFVEC_P(1);
  const int dim = a->dim + b->dim;
  return Fenced([&]() -> Datum {
    pgvec::core::CheckDimensions(kHalfvecTypeName, dim, pgvec::core::kHalfvecMaxDim);
    HalfvecDatum* result = NewHalfvec(dim);
    std::memcpy(result->x, a->x, sizeof(Half) * static_cast<std::size_t>(a->dim));
    std::memcpy(result->x + a->dim, b->x, sizeof(Half) * static_cast<std::size_t>(b->dim));
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(halfvec_l2_normalize) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  return Fenced([&]() -> Datum {
    HalfvecDatum* result = NewHalfvec(a->dim);
    pgvec::core::HalfL2Normalize(a->x, static_cast<std::size_t>(a->dim), result->x);
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(halfvec_binary_quantize) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const Size size = VARBITTOTALLEN(a->dim);
  auto* result = static_cast<VarBit*>(palloc0(size));
  SET_VARSIZE(result, size);
  VARBITLEN(result) = a->dim;
  pgvec::core::HalfBinaryQuantize(a->x, static_cast<std::size_t>(a->dim), VARBITS(result));
  PG_RETURN_VARBIT_P(result);
}

PGVEC_FUNCTION(halfvec_subvector) {
  const HalfvecDatum* a = PG_GETARG_HALFVEC_P(0);
  const int32 start = PG_GETARG_INT32(1);
  const int32 count = PG_GETARG_INT32(2);
  return Fenced([&]() -> Datum {
    const pgvec::core::Slice slice = pgvec::core::SubvectorSlice(kHalfvecTypeName, a->dim, start, count);
    HalfvecDatum* result = NewHalfvec(slice.length);
    std::memcpy(result->x, a->x + slice.offset, sizeof(Half) * static_cast<std::size_t>(slice.length));
    PG_RETURN_POINTER(result);
  });
}
