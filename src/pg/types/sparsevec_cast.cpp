// Casts between `sparsevec` and the dense types (vector, halfvec) and from
// PostgreSQL arrays (integer[], real[], double precision[], numeric[]).
// Every cast function has the (value, typmod, explicit) signature and checks
// the target's dimension limits and typmod before converting.
#include "pgvec/core/limits.hpp"
#include "pgvec/core/sparse_vector.hpp"
#include "pgvec/core/vector_text.hpp"

#include "pg/fence.hpp"
#include "pg/types/array_input.hpp"
#include "pg/types/halfvec_datum.hpp"
#include "pg/types/sparsevec_datum.hpp"
#include "pg/types/vector_datum.hpp"

using pgvec::pg::Fenced;
using pgvec::pg::HalfvecDatum;
using pgvec::pg::kSparsevecTypeName;
using pgvec::pg::NewSparsevec;
using pgvec::pg::SparsevecDatum;
using pgvec::pg::StorageOf;
using pgvec::pg::VectorDatum;
using pgvec::pg::ViewOf;

namespace {

// The checks every cast into sparsevec starts with: the source's dim against
// sparsevec's limits and the target typmod.
void CheckSparseTarget(int dim, int32 typmod) {
  pgvec::core::CheckDimensions(kSparsevecTypeName, dim, pgvec::core::kSparsevecMaxDim);
  pgvec::core::CheckTypmod(typmod, dim);
}

// vector or halfvec -> sparsevec: the non-zero elements, checked against
// sparsevec's limits and the target typmod.
template <class Element>
SparsevecDatum* DenseToSparsevec(const Element* x, int dim, int32 typmod) {
  const int nnz = Fenced([&] {
    CheckSparseTarget(dim, typmod);
    const int count = pgvec::core::CountNonZero(x, dim);
    pgvec::core::CheckSparseNnz(count, dim);
    return count;
  });
  SparsevecDatum* result = NewSparsevec(dim, nnz);
  pgvec::core::DenseToSparse(x, dim, StorageOf(result));
  return result;
}

}  // namespace

PGVEC_FUNCTION(vector_to_sparsevec) {
  const VectorDatum* v = PG_GETARG_VECTOR_P(0);
  PG_RETURN_POINTER(DenseToSparsevec(v->x, v->dim, PG_GETARG_INT32(1)));
}

PGVEC_FUNCTION(sparsevec_to_vector) {
  const SparsevecDatum* s = PG_GETARG_SPARSEVEC_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  return Fenced([&]() -> Datum {
    // A sparse vector may have up to 1e9 dimensions; a dense one 16000.
    pgvec::core::CheckDimensions(pgvec::pg::kVectorTypeName, s->dim, pgvec::core::kVectorMaxDim);
    pgvec::core::CheckTypmod(typmod, s->dim);
    VectorDatum* result = pgvec::pg::NewVector(s->dim);
    pgvec::core::SparseToDense(ViewOf(s), result->x);
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(halfvec_to_sparsevec) {
  const HalfvecDatum* v = PG_GETARG_HALFVEC_P(0);
  PG_RETURN_POINTER(DenseToSparsevec(v->x, v->dim, PG_GETARG_INT32(1)));
}

PGVEC_FUNCTION(sparsevec_to_halfvec) {
  const SparsevecDatum* s = PG_GETARG_SPARSEVEC_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  return Fenced([&]() -> Datum {
    pgvec::core::CheckDimensions(pgvec::pg::kHalfvecTypeName, s->dim, pgvec::core::kHalfvecMaxDim);
    pgvec::core::CheckTypmod(typmod, s->dim);
    HalfvecDatum* result = pgvec::pg::NewHalfvec(s->dim);
    pgvec::core::SparseToDense(ViewOf(s), result->x);
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(array_to_sparsevec) {
  ArrayType* array = PG_GETARG_ARRAYTYPE_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  // Converted to float4 first, then only what is non-zero as float4 is kept:
  // a double like 1e-46 becomes 0 and is dropped, as in pgvector.
  const pgvec::pg::ArrayFloats input =
      pgvec::pg::ArrayToFloats(array, typmod, kSparsevecTypeName, pgvec::core::kSparsevecMaxDim);
  // NaN and infinities count as non-zero, so the element limit is checked
  // before they are rejected: the order of pgvector's messages.
  const int nnz = Fenced([&] {
    const int n = pgvec::core::CountNonZero(input.values, input.count);
    pgvec::core::CheckSparseNnz(n, input.count);
    return n;
  });
  SparsevecDatum* result = NewSparsevec(input.count, nnz);
  pgvec::core::DenseToSparse(input.values, input.count, StorageOf(result));
  pfree(input.values);
  const float* stored = pgvec::pg::SparsevecValues(result);
  Fenced([&] {
    for (int i = 0; i < nnz; ++i) pgvec::core::CheckFiniteElement(kSparsevecTypeName, stored[i]);
  });
  PG_RETURN_POINTER(result);
}
