// Text and binary input/output and the typmod of `halfvec`.
#include "pgvec/core/half_vector.hpp"
#include "pgvec/core/limits.hpp"

#include "pg/fence.hpp"
#include "pg/types/halfvec_datum.hpp"

extern "C" {
#include "lib/stringinfo.h"
#include "utils/array.h"
}

using pgvec::core::Half;
using pgvec::core::kHalfvecMaxDim;
using pgvec::pg::Fenced;
using pgvec::pg::HalfvecDatum;
using pgvec::pg::kHalfvecTypeName;
using pgvec::pg::NewHalfvec;

PGVEC_FUNCTION(halfvec_in) {
  const char* literal = PG_GETARG_CSTRING(0);
  const int32 typmod = PG_GETARG_INT32(2);
  return Fenced([&]() -> Datum {
    Half values[kHalfvecMaxDim];
    const int dim = pgvec::core::ParseHalfText(literal, kHalfvecMaxDim, values);
    pgvec::core::CheckDimensions(kHalfvecTypeName, dim, kHalfvecMaxDim);
    pgvec::core::CheckTypmod(typmod, dim);
    HalfvecDatum* result = NewHalfvec(dim);
    std::memcpy(result->x, values, sizeof(Half) * static_cast<std::size_t>(dim));
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(halfvec_out) {
  const HalfvecDatum* v = PG_GETARG_HALFVEC_P(0);
  auto* text = static_cast<char*>(palloc(pgvec::core::DenseTextCapacity(static_cast<std::size_t>(v->dim))));
  pgvec::core::FormatHalfText(v->x, static_cast<std::size_t>(v->dim), text);
  PG_RETURN_CSTRING(text);
}

PGVEC_FUNCTION(halfvec_typmod_in) {
  ArrayType* modifiers_array = PG_GETARG_ARRAYTYPE_P(0);
  int count = 0;
  const int32* modifiers = ArrayGetIntegerTypmods(modifiers_array, &count);
  return Fenced([&]() -> Datum {
    PG_RETURN_INT32(pgvec::core::CheckTypmodModifiers(kHalfvecTypeName, modifiers, count, kHalfvecMaxDim));
  });
}

PGVEC_FUNCTION(halfvec_recv) {
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  const int32 typmod = PG_GETARG_INT32(2);
  return Fenced([&]() -> Datum {
    pgvec::core::BinaryReader reader(reinterpret_cast<const std::uint8_t*>(buf->data + buf->cursor),
                                     static_cast<std::size_t>(buf->len - buf->cursor));
    HalfvecDatum* result = nullptr;
    int dim = 0;
    pgvec::core::ReadHalfBinary(reader, kHalfvecMaxDim, typmod,
                                [&](int n) {
                                  result = NewHalfvec(n);
                                  return result->x;
                                },
                                &dim);
    buf->cursor += static_cast<int>(reader.consumed());
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(halfvec_send) {
  const HalfvecDatum* v = PG_GETARG_HALFVEC_P(0);
  const Size payload = pgvec::core::HalfBinarySize(static_cast<std::size_t>(v->dim));
  auto* result = static_cast<bytea*>(palloc(VARHDRSZ + payload));
  SET_VARSIZE(result, VARHDRSZ + payload);
  pgvec::core::WriteHalfBinary(v->x, v->dim, reinterpret_cast<std::uint8_t*>(VARDATA(result)));
  PG_RETURN_BYTEA_P(result);
}

// halfvec(halfvec, typmod, explicit): the cast that enforces a column's typmod.
PGVEC_FUNCTION(halfvec) {
  const HalfvecDatum* v = PG_GETARG_HALFVEC_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  Fenced([&] { pgvec::core::CheckTypmod(typmod, v->dim); });
  PG_RETURN_POINTER(v);
}
