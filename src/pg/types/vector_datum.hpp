// The on-disk and in-memory layout of `vector`, byte-compatible with
// pgvector so existing tables keep their data when the library is swapped:
//   varlena header (4 bytes), int16 dim, int16 unused (0), dim x float4.
#pragma once

#include "pgvec/core/limits.hpp"

#include "pg/prelude.hpp"

namespace pgvec::pg {

struct VectorDatum {
  int32 vl_len_;  // varlena header: never touch directly (SET_VARSIZE)
  int16 dim;
  int16 unused;
  float x[];
};
static_assert(offsetof(VectorDatum, dim) == 4);
static_assert(offsetof(VectorDatum, x) == 8);

inline constexpr const char* kVectorTypeName = "vector";

inline Size VectorDatumSize(int dim) { return offsetof(VectorDatum, x) + sizeof(float) * static_cast<Size>(dim); }

// A zeroed vector of `dim` elements in the current memory context.
inline VectorDatum* NewVector(int dim) {
  const Size size = VectorDatumSize(dim);
  auto* v = static_cast<VectorDatum*>(palloc0(size));
  SET_VARSIZE(v, size);
  v->dim = static_cast<int16>(dim);
  return v;
}

inline VectorDatum* DatumGetVector(Datum d) { return reinterpret_cast<VectorDatum*>(PG_DETOAST_DATUM(d)); }

}  // namespace pgvec::pg

#define PG_GETARG_VECTOR_P(n) ::pgvec::pg::DatumGetVector(PG_GETARG_DATUM(n))
