// Hamming and Jaccard distances over PostgreSQL's own bit type, for binary
// quantization (binary_quantize(embedding)::bit(n)) and bit indexes.
// Bit lengths are compared, not declared types, so bit(3) vs a varbit
// holding 3 bits is fine.
#include "pgvec/core/kernels.hpp"

#include "pg/prelude.hpp"

extern "C" {
#include "utils/varbit.h"
}

namespace {

inline void CheckSameLength(const VarBit* a, const VarBit* b) {
  if (VARBITLEN(a) != VARBITLEN(b)) {
    ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                    errmsg("different bit lengths %u and %u", static_cast<unsigned>(VARBITLEN(a)),
                           static_cast<unsigned>(VARBITLEN(b)))));
  }
}

}  // namespace

PGVEC_FUNCTION(hamming_distance) {
  const VarBit* a = PG_GETARG_VARBIT_P(0);
  const VarBit* b = PG_GETARG_VARBIT_P(1);
  CheckSameLength(a, b);
  const auto bytes = static_cast<std::size_t>(VARBITBYTES(a));
  PG_RETURN_FLOAT8(static_cast<double>(pgvec::core::ActiveBitKernels().hamming(VARBITS(a), VARBITS(b), bytes)));
}

PGVEC_FUNCTION(jaccard_distance) {
  const VarBit* a = PG_GETARG_VARBIT_P(0);
  const VarBit* b = PG_GETARG_VARBIT_P(1);
  CheckSameLength(a, b);
  const auto bytes = static_cast<std::size_t>(VARBITBYTES(a));
  PG_RETURN_FLOAT8(pgvec::core::JaccardDistanceFromCounts(
      pgvec::core::ActiveBitKernels().jaccard_counts(VARBITS(a), VARBITS(b), bytes)));
}
