// Inserting one value into an existing hnsw index (aminsert, and the build
// once its in-memory graph no longer fits maintenance_work_mem).
#pragma once

#include <cstdint>

#include "pg/index/index_space.hpp"
#include "pg/prelude.hpp"

extern "C" {
#include "storage/itemptr.h"
}

namespace pgvec::pg::hnsw {

struct InsertTarget {
  Relation index;
  const IndexSpace* space;
  int m;
  int ef_construction;
  int max_level;
  bool wal;  // false while building: the build logs whole pages at the end
};

// Links `value` (prepared by IndexSpace::PrepareValue) for heap row
// `heap_tid`. Call inside Fenced: uses C++ containers and PgCall.
void InsertValue(const InsertTarget& target, const std::byte* value, ItemPointer heap_tid);

// VACUUM's repair of one live element whose lists point at elements with
// no heap row left: a fresh search from the entry point on each of its
// layers, then Algorithm 4 among live candidates. Call inside Fenced.
struct Meta;
void RepairElement(const InsertTarget& target, const Meta& meta, std::uint64_t element);

// The cheaper repair VACUUM tries first: candidates from the element's live
// neighbours and its removed neighbours' lists (see insert.cpp). False when
// too few remain; nothing was changed then. Call inside Fenced.
bool RepairElementLocally(const InsertTarget& target, std::uint64_t element);

// Highest level an element may get, so its neighbor tuple fits a page.
int MaxLevel(int m);

}  // namespace pgvec::pg::hnsw
