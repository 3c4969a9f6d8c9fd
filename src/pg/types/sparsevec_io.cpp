// Text and binary input/output and the typmod of `sparsevec`.
#include <cstring>

#include "pgvec/core/limits.hpp"
#include "pgvec/core/sparse_vector.hpp"
#include "pgvec/core/vector_binary.hpp"
#include "pgvec/core/vector_text.hpp"

#include "pg/fence.hpp"
#include "pg/types/sparsevec_datum.hpp"

extern "C" {
#include "lib/stringinfo.h"
#include "utils/array.h"
}

using pgvec::core::kSparsevecMaxDim;
using pgvec::pg::Fenced;
using pgvec::pg::kSparsevecTypeName;
using pgvec::pg::NewSparsevec;
using pgvec::pg::SparsevecDatum;
using pgvec::pg::SparsevecValues;

PGVEC_FUNCTION(sparsevec_in) {
  const char* literal = PG_GETARG_CSTRING(0);
  const int32 typmod = PG_GETARG_INT32(2);
  return Fenced([&]() -> Datum {
    // Pairs arrive in any order and zeros are dropped, so parse into a
    // scratch list bounded by the literal's commas (at most 16000 pairs,
    // 128 kB), then copy the sorted survivors into the datum.
    const int slots = pgvec::core::SparseTextSlots(literal);
    auto* scratch = static_cast<pgvec::core::SparseTextElement*>(
        palloc(sizeof(pgvec::core::SparseTextElement) * static_cast<Size>(slots)));
    const pgvec::core::SparseTextResult parsed = pgvec::core::ParseSparseText(literal, typmod, scratch, slots);
    SparsevecDatum* result = NewSparsevec(parsed.dim, parsed.nnz);
    float* values = SparsevecValues(result);
    for (int i = 0; i < parsed.nnz; ++i) {
      result->indices[i] = scratch[i].index;
      values[i] = scratch[i].value;
    }
    pfree(scratch);
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(sparsevec_out) {
  const SparsevecDatum* v = PG_GETARG_SPARSEVEC_P(0);
  auto* text = static_cast<char*>(palloc(pgvec::core::SparseTextCapacity(v->nnz)));
  pgvec::core::FormatSparseText(pgvec::pg::ViewOf(v), text);
  PG_RETURN_CSTRING(text);
}

PGVEC_FUNCTION(sparsevec_typmod_in) {
  ArrayType* modifiers_array = PG_GETARG_ARRAYTYPE_P(0);
  int count = 0;
  const int32* modifiers = ArrayGetIntegerTypmods(modifiers_array, &count);
  return Fenced([&]() -> Datum {
    PG_RETURN_INT32(pgvec::core::CheckTypmodModifiers(kSparsevecTypeName, modifiers, count, kSparsevecMaxDim));
  });
}

PGVEC_FUNCTION(sparsevec_recv) {
  StringInfo buf = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
  const int32 typmod = PG_GETARG_INT32(2);
  return Fenced([&]() -> Datum {
    pgvec::core::BinaryReader reader(reinterpret_cast<const std::uint8_t*>(buf->data + buf->cursor),
                                     static_cast<std::size_t>(buf->len - buf->cursor));
    SparsevecDatum* result = nullptr;
    pgvec::core::ReadSparseBinary(reader, typmod, [&](int dim, int nnz) {
      result = NewSparsevec(dim, nnz);
      return pgvec::pg::StorageOf(result);
    });
    buf->cursor += static_cast<int>(reader.consumed());
    PG_RETURN_POINTER(result);
  });
}

PGVEC_FUNCTION(sparsevec_send) {
  const SparsevecDatum* v = PG_GETARG_SPARSEVEC_P(0);
  const Size payload = pgvec::core::SparseBinarySize(v->nnz);
  auto* result = static_cast<bytea*>(palloc(VARHDRSZ + payload));
  SET_VARSIZE(result, VARHDRSZ + payload);
  pgvec::core::WriteSparseBinary(pgvec::pg::ViewOf(v), reinterpret_cast<std::uint8_t*>(VARDATA(result)));
  PG_RETURN_BYTEA_P(result);
}

// sparsevec(sparsevec, typmod, explicit): the cast that enforces a column's
// typmod. It only checks; a sparse vector is never padded or truncated.
PGVEC_FUNCTION(sparsevec) {
  const SparsevecDatum* v = PG_GETARG_SPARSEVEC_P(0);
  const int32 typmod = PG_GETARG_INT32(1);
  Fenced([&] { pgvec::core::CheckTypmod(typmod, v->dim); });
  PG_RETURN_POINTER(v);
}
