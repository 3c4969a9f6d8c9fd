#include <cmath>
#include <cstring>

#include "pgvec/core/half.hpp"
#include "pgvec/core/half_vector.hpp"
#include "pgvec/core/kernels.hpp"
#include "pgvec/core/sparse_vector.hpp"
#include "pgvec/core/vector_math.hpp"

#include "pg/index/index_space.hpp"

extern "C" {
#include "access/genam.h"
#include "catalog/pg_type.h"
#include "utils/varbit.h"

// The support functions an opclass of this extension can name.
Datum vector_l2_squared_distance(PG_FUNCTION_ARGS);
Datum vector_negative_inner_product(PG_FUNCTION_ARGS);
Datum l1_distance(PG_FUNCTION_ARGS);
Datum halfvec_l2_squared_distance(PG_FUNCTION_ARGS);
Datum halfvec_negative_inner_product(PG_FUNCTION_ARGS);
Datum halfvec_l1_distance(PG_FUNCTION_ARGS);
Datum sparsevec_l2_squared_distance(PG_FUNCTION_ARGS);
Datum sparsevec_negative_inner_product(PG_FUNCTION_ARGS);
Datum sparsevec_l1_distance(PG_FUNCTION_ARGS);
Datum hamming_distance(PG_FUNCTION_ARGS);
Datum jaccard_distance(PG_FUNCTION_ARGS);
}

namespace pgvec::pg {
namespace {

using core::Half;

// Datum layouts (4-byte varlena header first), see src/pg/types/*_datum.hpp.
inline int DenseDim(const std::byte* v) { int16 d; std::memcpy(&d, v + 4, sizeof d); return d; }
inline const float* Floats(const std::byte* v) { return reinterpret_cast<const float*>(v + 8); }
inline const Half* Halves(const std::byte* v) { return reinterpret_cast<const Half*>(v + 8); }
inline core::SparseView Sparse(const std::byte* v) {
  int32 header[2];
  std::memcpy(header, v + 4, sizeof header);
  const auto* indices = reinterpret_cast<const int32_t*>(v + 16);
  return core::SparseView{header[0], header[1], indices, reinterpret_cast<const float*>(indices + header[1])};
}
inline const std::uint8_t* BitBytes(const std::byte* v) { return reinterpret_cast<const std::uint8_t*>(v + 8); }
inline std::size_t BitByteCount(const std::byte* v) {
  int32 bits;
  std::memcpy(&bits, v + 4, sizeof bits);
  return (static_cast<std::size_t>(bits) + 7) / 8;
}

float VectorL2(const void*, const std::byte* a, const std::byte* b) noexcept {
  return core::ActiveFloatKernels().l2_squared(Floats(a), Floats(b), static_cast<std::size_t>(DenseDim(a)));
}
float VectorNegIp(const void*, const std::byte* a, const std::byte* b) noexcept {
  return -core::ActiveFloatKernels().inner_product(Floats(a), Floats(b), static_cast<std::size_t>(DenseDim(a)));
}
float VectorL1(const void*, const std::byte* a, const std::byte* b) noexcept {
  return core::ActiveFloatKernels().l1(Floats(a), Floats(b), static_cast<std::size_t>(DenseDim(a)));
}
float HalfL2(const void*, const std::byte* a, const std::byte* b) noexcept {
  return core::ActiveHalfKernels().l2_squared(Halves(a), Halves(b), static_cast<std::size_t>(DenseDim(a)));
}
float HalfNegIp(const void*, const std::byte* a, const std::byte* b) noexcept {
  return -core::ActiveHalfKernels().inner_product(Halves(a), Halves(b), static_cast<std::size_t>(DenseDim(a)));
}
float HalfL1(const void*, const std::byte* a, const std::byte* b) noexcept {
  return core::ActiveHalfKernels().l1(Halves(a), Halves(b), static_cast<std::size_t>(DenseDim(a)));
}
float SparseL2(const void*, const std::byte* a, const std::byte* b) noexcept {
  return core::SparseL2Squared(Sparse(a), Sparse(b));
}
float SparseNegIp(const void*, const std::byte* a, const std::byte* b) noexcept {
  return -core::SparseInnerProduct(Sparse(a), Sparse(b));
}
float SparseL1(const void*, const std::byte* a, const std::byte* b) noexcept {
  return core::SparseL1(Sparse(a), Sparse(b));
}
float BitHamming(const void*, const std::byte* a, const std::byte* b) noexcept {
  return static_cast<float>(core::ActiveBitKernels().hamming(BitBytes(a), BitBytes(b), BitByteCount(a)));
}
float BitJaccard(const void*, const std::byte* a, const std::byte* b) noexcept {
  return static_cast<float>(
      core::JaccardDistanceFromCounts(core::ActiveBitKernels().jaccard_counts(BitBytes(a), BitBytes(b), BitByteCount(a))));
}

struct Known {
  PGFunction function;
  ValueType type;
  Metric metric;
  float (*distance)(const void*, const std::byte*, const std::byte*) noexcept;
};

const Known kKnown[] = {
    {vector_l2_squared_distance, ValueType::kVector, Metric::kL2Squared, VectorL2},
    {vector_negative_inner_product, ValueType::kVector, Metric::kNegativeInnerProduct, VectorNegIp},
    {l1_distance, ValueType::kVector, Metric::kL1, VectorL1},
    {halfvec_l2_squared_distance, ValueType::kHalfvec, Metric::kL2Squared, HalfL2},
    {halfvec_negative_inner_product, ValueType::kHalfvec, Metric::kNegativeInnerProduct, HalfNegIp},
    {halfvec_l1_distance, ValueType::kHalfvec, Metric::kL1, HalfL1},
    {sparsevec_l2_squared_distance, ValueType::kSparsevec, Metric::kL2Squared, SparseL2},
    {sparsevec_negative_inner_product, ValueType::kSparsevec, Metric::kNegativeInnerProduct, SparseNegIp},
    {sparsevec_l1_distance, ValueType::kSparsevec, Metric::kL1, SparseL1},
    {hamming_distance, ValueType::kBit, Metric::kHamming, BitHamming},
    {jaccard_distance, ValueType::kBit, Metric::kJaccard, BitJaccard},
};

int MaxDimensions(ValueType type) {
  switch (type) {
    case ValueType::kVector: return kMaxDimensionsVector;
    case ValueType::kHalfvec: return kMaxDimensionsHalfvec;
    case ValueType::kBit: return kMaxDimensionsBit;
    case ValueType::kSparsevec: return core::kSparsevecMaxDim;
  }
  return 0;
}

}  // namespace

IndexSpace ResolveIndexSpace(Relation index, const char* am_name) {
  FmgrInfo* distance_proc = index_getprocinfo(index, 1, 1);
  for (const Known& k : kKnown) {
    if (distance_proc->fn_addr == k.function) {
      return IndexSpace{am_name, k.type, k.metric, OidIsValid(index_getprocid(index, 1, 2)),
                        core::hnsw::DistanceFunction{k.distance, nullptr}, MaxDimensions(k.type)};
    }
  }
  ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                  errmsg("operator class of index \"%s\" is not supported by %s", RelationGetRelationName(index),
                         am_name)));
  pg_unreachable();
}

void CheckIndexColumn(Relation index, const IndexSpace& space) {
  const Form_pg_attribute column = TupleDescAttr(index->rd_att, 0);
  if (column->atttypid == VARBITOID) {
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("type not supported for %s index", space.am_name)));
  }
  if (column->atttypmod < 0) {
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("column does not have dimensions")));
  }
  if (column->atttypmod > space.max_dimensions) {
    ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                    errmsg("column cannot have more than %d dimensions for %s index", space.max_dimensions,
                           space.am_name)));
  }
}

int ColumnDimensions(Relation index) { return TupleDescAttr(index->rd_att, 0)->atttypmod; }

int IndexSpace::Dimensions(const std::byte* value) const {
  switch (type) {
    case ValueType::kVector:
    case ValueType::kHalfvec: return DenseDim(value);
    case ValueType::kSparsevec: return Sparse(value).dim;
    case ValueType::kBit: {
      int32 bits;
      std::memcpy(&bits, value + 4, sizeof bits);
      return bits;
    }
  }
  return 0;
}

std::byte* IndexSpace::PrepareValue(Datum value, bool stored) const {
  // A private, uncompressed copy with a 4-byte header: safe to normalize in
  // place and to store as is.
  auto* copy = reinterpret_cast<std::byte*>(PG_DETOAST_DATUM_COPY(value));
  if (stored && type == ValueType::kSparsevec && Sparse(copy).nnz > kMaxSparseNonZero) {
    ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                    errmsg("sparsevec cannot have more than %d non-zero elements for %s index", kMaxSparseNonZero,
                           am_name)));
  }
  if (!normalize) return copy;

  switch (type) {
    case ValueType::kVector: {
      auto* x = reinterpret_cast<float*>(copy + 8);
      const auto n = static_cast<std::size_t>(DenseDim(copy));
      const double norm = core::Norm(x, n);
      if (!(norm > 0)) return nullptr;
      for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(x[i] / norm);
      return copy;
    }
    case ValueType::kHalfvec: {
      auto* x = reinterpret_cast<Half*>(copy + 8);
      const auto n = static_cast<std::size_t>(DenseDim(copy));
      const double norm = core::HalfNorm(x, n);
      if (!(norm > 0)) return nullptr;
      for (std::size_t i = 0; i < n; ++i) x[i] = core::FloatToHalf(static_cast<float>(core::HalfToFloat(x[i]) / norm));
      return copy;
    }
    case ValueType::kSparsevec: {
      const core::SparseView v = Sparse(copy);
      const double norm = core::SparseNorm(v);
      if (!(norm > 0)) return nullptr;
      // In place is safe: element i is written after it was read. Elements
      // that underflow to zero keep a zero value; distances are unaffected.
      auto* values = const_cast<float*>(v.values);
      for (int i = 0; i < v.nnz; ++i) values[i] = static_cast<float>(values[i] / norm);
      return copy;
    }
    case ValueType::kBit:
      return copy;
  }
  return copy;
}

}  // namespace pgvec::pg
