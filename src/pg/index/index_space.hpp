// What one vector index (hnsw or ivfflat) compares: the value type, the
// metric, whether values are normalized (cosine), and the distance between
// two stored values.
//
// Resolved once per index open from the opclass's support function 1 by its
// address: every opclass of this extension points at one of our own C
// functions, so the function pointer identifies (type, metric) and the
// search loop calls the dispatched SIMD kernel directly - no fmgr call, no
// detoasting per distance. Stored values are complete datums with a 4-byte
// varlena header, so a distance needs no side information.
#pragma once

#include <cstddef>

#include "pgvec/core/hnsw/memory_graph.hpp"
#include "pgvec/core/hnsw/page_format.hpp"

#include "pg/prelude.hpp"

extern "C" {
#include "utils/rel.h"
}

namespace pgvec::pg {

// pgvector's limits, the same for both access methods.
inline constexpr int kMaxDimensionsVector = 2000;
inline constexpr int kMaxDimensionsHalfvec = 4000;
inline constexpr int kMaxDimensionsBit = 64000;
inline constexpr int kMaxSparseNonZero = 1000;

enum class ValueType { kVector, kHalfvec, kBit, kSparsevec };
enum class Metric { kL2Squared, kNegativeInnerProduct, kL1, kHamming, kJaccard };

struct IndexSpace {
  const char* am_name;  // "hnsw" or "ivfflat", for messages
  ValueType type;
  Metric metric;
  bool normalize;  // support function 2 present: cosine opclasses
  core::hnsw::DistanceFunction distance;
  int max_dimensions;

  // Copies `value` into a fresh datum (current memory context) ready to be
  // stored or searched: detoasted, normalized for cosine. Returns nullptr
  // when the value must not be indexed (zero vector under cosine).
  // May raise (detoasting, the sparsevec non-zero limit - checked only for
  // values to be stored, not for queries, as in pgvector).
  std::byte* PrepareValue(Datum value, bool stored = true) const;

  // Dimensions of a prepared value (bits for bit).
  int Dimensions(const std::byte* value) const;
};

// Resolves the index's opclass; raises for an unsupported one. `am_name`
// must be a string literal ("hnsw", "ivfflat").
IndexSpace ResolveIndexSpace(Relation index, const char* am_name);

// Build-time checks of the indexed column, in pgvector's order and wording.
void CheckIndexColumn(Relation index, const IndexSpace& space);

// Dimensions declared by the indexed column's typmod (-1: none).
int ColumnDimensions(Relation index);

}  // namespace pgvec::pg
