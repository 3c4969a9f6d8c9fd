#include "pgvec/core/vector_text.hpp"

#include "pg/fence.hpp"
#include "pg/types/array_input.hpp"

extern "C" {
#include "catalog/pg_type.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
}

namespace pgvec::pg {

ArrayFloats ArrayToFloats(ArrayType* array, int32 typmod, const char* type_name, int max_dim,
                          bool check_dimensions) {
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

  if (check_dimensions) {
    Fenced([&] {
      core::CheckDimensions(type_name, count, max_dim);
      core::CheckTypmod(typmod, count);
    });
  }

  auto* values = static_cast<float*>(palloc(sizeof(float) * static_cast<Size>(count > 0 ? count : 1)));
  switch (element_type) {
    case INT4OID:
      for (int i = 0; i < count; ++i) values[i] = static_cast<float>(DatumGetInt32(elements[i]));
      break;
    case FLOAT8OID:
      // A C conversion, as pgvector does: out-of-range doubles become
      // infinities (rejected by the caller's checks), tiny ones +-0.
      for (int i = 0; i < count; ++i) values[i] = static_cast<float>(DatumGetFloat8(elements[i]));
      break;
    case FLOAT4OID:
      for (int i = 0; i < count; ++i) values[i] = DatumGetFloat4(elements[i]);
      break;
    case NUMERICOID:
      for (int i = 0; i < count; ++i) values[i] = DatumGetFloat4(DirectFunctionCall1(numeric_float4, elements[i]));
      break;
    default:
      ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("unsupported array type")));
  }
  pfree(elements);
  return ArrayFloats{values, count};
}

}  // namespace pgvec::pg
