// Shared front half of the array -> vector/halfvec/sparsevec casts: validates
// a PostgreSQL array (1-D, no NULLs, supported element type, dimension limits
// and typmod) and converts its elements to float the way pgvector does
// (int4 and float8 by C conversion, numeric through numeric_float4). The
// caller applies its own element checks afterwards.
#pragma once

#include "pg/prelude.hpp"

extern "C" {
#include "utils/array.h"
}

namespace pgvec::pg {

struct ArrayFloats {
  float* values;  // palloc'd, `count` elements
  int count;
};

// Raises pgvector's errors: "array must be 1-D", "array must not contain
// nulls", "<type> must have at least 1 dimension", "<type> cannot have more
// than N dimensions", "expected N dimensions, not M", "unsupported array type".
// check_dimensions=false skips the dimension/typmod checks (sparsevec checks
// its own limits).
ArrayFloats ArrayToFloats(ArrayType* array, int32 typmod, const char* type_name, int max_dim,
                          bool check_dimensions = true);

}  // namespace pgvec::pg
