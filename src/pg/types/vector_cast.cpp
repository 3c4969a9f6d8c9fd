// Casts between `vector` and PostgreSQL arrays (integer[], real[],
// double precision[], numeric[] -> vector; vector -> real[]).
#include "pgvec/core/limits.hpp"
#include "pgvec/core/vector_text.hpp"

#include "pg/fence.hpp"
#include "pg/types/vector_datum.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
}

using pgvec::pg::Fenced;
using pgvec::pg::kVectorTypeName;
using pgvec::pg::NewVector;
using pgvec::pg::VectorDatum;

PGVEC_FUNCTION(array_to_vector) {
  ArrayType* array = PG_GETARG_ARRAYTYPE_P(0);
  const int32 typmod = PG_GETARG_INT32(1);

  if (ARR_NDIM(array) > 1) {
    ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("array must be 1-D")));
  }
  if (ARR_HASNULL(array) && array_contains_nulls(array)) {
    ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("array must not contain nulls")));
  }

  const Oid element_type = ARR_ELEMTYPE(array);
  int16 typlen;
  bool typbyval;
  char typalign;
  get_typlenbyvalalign(element_type, &typlen, &typbyval, &typalign);
  Datum* elements;
  int count;
  deconstruct_array(array, element_type, typlen, typbyval, typalign, &elements, nullptr, &count);

  Fenced([&] {
    pgvec::core::CheckDimensions(kVectorTypeName, count, pgvec::core::kVectorMaxDim);
    pgvec::core::CheckTypmod(typmod, count);
  });

  VectorDatum* result = NewVector(count);
  switch (element_type) {
    case INT4OID:
      for (int i = 0; i < count; ++i) result->x[i] = static_cast<float>(DatumGetInt32(elements[i]));
      break;
    case FLOAT8OID:
      // A C conversion, as pgvector does: out-of-range doubles become
      // infinities and are rejected below; tiny ones become +-0.
      for (int i = 0; i < count; ++i) result->x[i] = static_cast<float>(DatumGetFloat8(elements[i]));
      break;
    case FLOAT4OID:
      for (int i = 0; i < count; ++i) result->x[i] = DatumGetFloat4(elements[i]);
      break;
    case NUMERICOID:
      for (int i = 0; i < count; ++i) {
        result->x[i] = DatumGetFloat4(DirectFunctionCall1(numeric_float4, elements[i]));
      }
      break;
    default:
      ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("unsupported array type")));
  }
  pfree(elements);

  Fenced([&] {
    for (int i = 0; i < count; ++i) pgvec::core::CheckFiniteElement(kVectorTypeName, result->x[i]);
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
