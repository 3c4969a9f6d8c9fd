// The on-disk and in-memory layout of `sparsevec`, byte-compatible with
// pgvector so existing tables keep their data when the library is swapped:
//   varlena header (4 bytes), int32 dim, int32 nnz, int32 unused (0),
//   nnz x int32 index (0-based, strictly ascending),
//   nnz x float4 value (finite, never zero).
// The values start right after the last index, so where they are depends on
// nnz: always reach them through SparsevecValues().
#pragma once

#include "pgvec/core/limits.hpp"
#include "pgvec/core/sparse_vector.hpp"

#include "pg/prelude.hpp"

namespace pgvec::pg {

struct SparsevecDatum {
  int32 vl_len_;  // varlena header: never touch directly (SET_VARSIZE)
  int32 dim;
  int32 nnz;
  int32 unused;
  int32 indices[];
};
static_assert(offsetof(SparsevecDatum, dim) == 4);
static_assert(offsetof(SparsevecDatum, nnz) == 8);
static_assert(offsetof(SparsevecDatum, unused) == 12);
static_assert(offsetof(SparsevecDatum, indices) == 16);
static_assert(sizeof(int32) == sizeof(float) && alignof(float) <= alignof(int32),
              "values follow the indices without padding");

inline constexpr const char* kSparsevecTypeName = "sparsevec";

inline Size SparsevecDatumSize(int nnz) {
  return offsetof(SparsevecDatum, indices) + (sizeof(int32) + sizeof(float)) * static_cast<Size>(nnz);
}

inline float* SparsevecValues(SparsevecDatum* v) { return reinterpret_cast<float*>(v->indices + v->nnz); }
inline const float* SparsevecValues(const SparsevecDatum* v) {
  return reinterpret_cast<const float*>(v->indices + v->nnz);
}

// A zeroed sparse vector with room for nnz elements, in the current memory
// context.
inline SparsevecDatum* NewSparsevec(int dim, int nnz) {
  const Size size = SparsevecDatumSize(nnz);
  auto* v = static_cast<SparsevecDatum*>(palloc0(size));
  SET_VARSIZE(v, size);
  v->dim = dim;
  v->nnz = nnz;
  return v;
}

inline core::SparseView ViewOf(const SparsevecDatum* v) {
  return core::SparseView{v->dim, v->nnz, v->indices, SparsevecValues(v)};
}

inline core::SparseStorage StorageOf(SparsevecDatum* v) {
  return core::SparseStorage{v->indices, SparsevecValues(v)};
}

inline SparsevecDatum* DatumGetSparsevec(Datum d) { return reinterpret_cast<SparsevecDatum*>(PG_DETOAST_DATUM(d)); }

}  // namespace pgvec::pg

#define PG_GETARG_SPARSEVEC_P(n) ::pgvec::pg::DatumGetSparsevec(PG_GETARG_DATUM(n))
