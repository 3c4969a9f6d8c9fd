// Text and binary input/output and the typmod of `vector`.
#include <cstring>

#include "pgvec/core/limits.hpp"
#include "pgvec/core/vector_binary.hpp"
#include "pgvec/core/vector_text.hpp"

#include "pg/fence.hpp"
#include "pg/types/vector_datum.hpp"

extern "C" {
#include "lib/stringinfo.h"
#include "utils/array.h"
}

using pgvec::core::kVectorMaxDim;
using pgvec::pg::Fenced;
using pgvec::pg::kVectorTypeName;
using pgvec::pg::NewVector;
using pgvec::pg::VectorDatum;

PGVEC_FUNCTION(vector_in) {
  const char* literal = PG_GETARG_CSTRING(0);
  const int32 typmod = PG_GETARG_INT32(2);
  return Fenced([&]() -> Datum {
    // 64 kB of stack: the largest vector, parsed once, copied once.
    float values[kVectorMaxDim];
    const int dim = pgvec::core::ParseDenseText(
        literal, kVectorTypeName, kVectorMaxDim,
        [&](int i, float value, const char*, const char*) { values[i] = value; });
    pgvec::core::CheckDimensions(kVectorTypeName, dim, kVectorMaxDim);
    pgvec::core::CheckTypmod(typmod, dim);
    VectorDatum* result = NewVector(dim);
    std::memcpy(result->x, values, sizeof(float) * static_cast<std::size_t>(dim));
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(vector_out) {
  const VectorDatum* v = PG_GETARG_VECTOR_P(0);
  auto* text = static_cast<char*>(palloc(pgvec::core::DenseTextCapacity(static_cast<std::size_t>(v->dim))));
  pgvec::core::FormatDenseText(v->x, static_cast<std::size_t>(v->dim), text);
  PG_RETURN_CSTRING(text);
}

PGVEC_FUNCTION(vector_typmod_in) {
  ArrayType* modifiers_array = PG_GETARG_ARRAYTYPE_P(0);
  int count = 0;
  const int32* modifiers = ArrayGetIntegerTypmods(modifiers_array, &count);
  return Fenced([&]() -> Datum {
    PG_RETURN_INT32(pgvec::core::CheckTypmodModifiers(kVectorTypeName, modifiers, count, kVectorMaxDim));
  });
}

PGVEC_FUNCTION(vector_recv) {
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  const int32 typmod = PG_GETARG_INT32(2);
  return Fenced([&]() -> Datum {
    pgvec::core::BinaryReader reader(reinterpret_cast<const std::uint8_t*>(buf->data + buf->cursor),
                                     static_cast<std::size_t>(buf->len - buf->cursor));
    VectorDatum* result = nullptr;
    int dim = 0;
    pgvec::core::ReadDenseBinary(reader, kVectorTypeName, kVectorMaxDim, typmod,
                                 [&](int n) {
                                   result = NewVector(n);
                                   return result->x;
                                 },
                                 &dim);
    buf->cursor += static_cast<int>(reader.consumed());
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(vector_send) {
  const VectorDatum* v = PG_GETARG_VECTOR_P(0);
  const Size payload = pgvec::core::DenseBinarySize(static_cast<std::size_t>(v->dim));
  auto* result = static_cast<bytea*>(palloc(VARHDRSZ + payload));
  SET_VARSIZE(result, VARHDRSZ + payload);
  pgvec::core::WriteDenseBinary(v->x, v->dim, reinterpret_cast<std::uint8_t*>(VARDATA(result)));
  PG_RETURN_BYTEA_P(result);
}

// vector(vector, typmod, explicit): the cast that enforces a column's typmod.
PGVEC_FUNCTION(vector) {
  const VectorDatum* v = PG_GETARG_VECTOR_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  Fenced([&] { pgvec::core::CheckTypmod(typmod, v->dim); });
  PG_RETURN_POINTER(v);
}
