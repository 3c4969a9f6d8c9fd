// Casts of `halfvec`: to and from vector (vector -> halfvec is implicit),
// from PostgreSQL arrays, and to real[].
#include "pgvec/core/half_vector.hpp"
#include "pgvec/core/kernels.hpp"
#include "pgvec/core/limits.hpp"

#include "pg/fence.hpp"
#include "pg/types/array_input.hpp"
#include "pg/types/halfvec_datum.hpp"
#include "pg/types/vector_datum.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
}

using pgvec::core::Half;
using pgvec::pg::Fenced;
using pgvec::pg::HalfvecDatum;
using pgvec::pg::kHalfvecTypeName;
using pgvec::pg::kVectorTypeName;
using pgvec::pg::NewHalfvec;
using pgvec::pg::VectorDatum;

namespace {

// Rounds floats to halves ('"65520" is out of range for type halfvec'), then
// rejects non-finite elements, in pgvector's order.
void NarrowChecked(const float* in, Half* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = pgvec::core::FloatToHalfChecked(in[i]);
  for (int i = 0; i < n; ++i) pgvec::core::CheckFiniteElement(kHalfvecTypeName, pgvec::core::HalfToFloat(out[i]));
}

}  // namespace

PGVEC_FUNCTION(halfvec_to_vector) {
  const HalfvecDatum* v = PG_GETARG_HALFVEC_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  Fenced([&] {
    pgvec::core::CheckDimensions(kVectorTypeName, v->dim, pgvec::core::kVectorMaxDim);
    pgvec::core::CheckTypmod(typmod, v->dim);
  });
  VectorDatum* result = pgvec::pg::NewVector(v->dim);
  pgvec::core::ActiveHalfKernels().to_float(v->x, result->x, static_cast<std::size_t>(v->dim));
  PG_RETURN_POINTER(result);
}

PGVEC_FUNCTION(vector_to_halfvec) {
  const VectorDatum* v = PG_GETARG_VECTOR_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  HalfvecDatum* result = nullptr;
  Fenced([&] {
    pgvec::core::CheckDimensions(kHalfvecTypeName, v->dim, pgvec::core::kHalfvecMaxDim);
    pgvec::core::CheckTypmod(typmod, v->dim);
    result = NewHalfvec(v->dim);
    NarrowChecked(v->x, result->x, v->dim);
  });
  PG_RETURN_POINTER(result);
}

PGVEC_FUNCTION(array_to_halfvec) {
  ArrayType* array = PG_GETARG_ARRAYTYPE_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  const pgvec::pg::ArrayFloats input =
      pgvec::pg::ArrayToFloats(array, typmod, kHalfvecTypeName, pgvec::core::kHalfvecMaxDim);
  HalfvecDatum* result = NewHalfvec(input.count);
  Fenced([&] { NarrowChecked(input.values, result->x, input.count); });
  PG_RETURN_POINTER(result);
}

PGVEC_FUNCTION(halfvec_to_float4) {
  const HalfvecDatum* v = PG_GETARG_HALFVEC_P(0);
  auto* elements = static_cast<Datum*>(palloc(sizeof(Datum) * static_cast<Size>(v->dim)));
  for (int i = 0; i < v->dim; ++i) elements[i] = Float4GetDatum(pgvec::core::HalfToFloat(v->x[i]));
  ArrayType* result = construct_array(elements, v->dim, FLOAT4OID, sizeof(float4), true, TYPALIGN_INT);
  pfree(elements);
  PG_RETURN_POINTER(result);
}
