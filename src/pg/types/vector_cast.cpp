// Casts between `vector` and PostgreSQL arrays (integer[], real[],
// double precision[], numeric[] -> vector; vector -> real[]).
#include <cstring>

#include "pgvec/core/limits.hpp"
#include "pgvec/core/vector_text.hpp"

#include "pg/fence.hpp"
#include "pg/types/array_input.hpp"
#include "pg/types/vector_datum.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
}

using pgvec::pg::Fenced;
using pgvec::pg::kVectorTypeName;
using pgvec::pg::NewVector;
using pgvec::pg::VectorDatum;

PGVEC_FUNCTION(array_to_vector) {
  ArrayType* array = PG_GETARG_ARRAYTYPE_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  const pgvec::pg::ArrayFloats input =
      pgvec::pg::ArrayToFloats(array, typmod, kVectorTypeName, pgvec::core::kVectorMaxDim);
  VectorDatum* result = NewVector(input.count);
  std::memcpy(result->x, input.values, sizeof(float) * static_cast<std::size_t>(input.count));
  Fenced([&] {
    for (int i = 0; i < input.count; ++i) pgvec::core::CheckFiniteElement(kVectorTypeName, result->x[i]);
  });
  PG_RETURN_POINTER(result);
}

PGVEC_FUNCTION(vector_to_float4) {
  const VectorDatum* v = PG_GETARG_VECTOR_P(0);
  auto* elements = static_cast<Datum*>(palloc(sizeof(Datum) * static_cast<Size>(v->dim)));
  for (int i = 0; i < v->dim; ++i) elements[i] = Float4GetDatum(v->x[i]);
  ArrayType* result = construct_array(elements, v->dim, FLOAT4OID, sizeof(float4), true, TYPALIGN_INT);
  pfree(elements);
  PG_RETURN_POINTER(result);
}
