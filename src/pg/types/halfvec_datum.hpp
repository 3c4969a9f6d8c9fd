// The layout of `halfvec`, byte-compatible with pgvector:
//   varlena header (4 bytes), int16 dim, int16 unused (0), dim x binary16.
#pragma once

#include "pgvec/core/half.hpp"
#include "pgvec/core/limits.hpp"

#include "pg/prelude.hpp"

namespace pgvec::pg {

struct HalfvecDatum {
  int32 vl_len_;  // varlena header: never touch directly (SET_VARSIZE)
  int16 dim;
  int16 unused;
  core::Half x[];
};
static_assert(offsetof(HalfvecDatum, dim) == 4);
static_assert(offsetof(HalfvecDatum, x) == 8);

inline constexpr const char* kHalfvecTypeName = "halfvec";

inline Size HalfvecDatumSize(int dim) {
  return offsetof(HalfvecDatum, x) + sizeof(core::Half) * static_cast<Size>(dim);
}

inline HalfvecDatum* NewHalfvec(int dim) {
  const Size size = HalfvecDatumSize(dim);
  auto* v = static_cast<HalfvecDatum*>(palloc0(size));
  SET_VARSIZE(v, size);
  v->dim = static_cast<int16>(dim);
  return v;
}

inline HalfvecDatum* DatumGetHalfvec(Datum d) { return reinterpret_cast<HalfvecDatum*>(PG_DETOAST_DATUM(d)); }

}  // namespace pgvec::pg

#define PG_GETARG_HALFVEC_P(n) ::pgvec::pg::DatumGetHalfvec(PG_GETARG_DATUM(n))
