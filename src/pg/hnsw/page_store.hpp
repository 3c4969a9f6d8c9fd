// Reading and writing hnsw pages (formats in pgvec/core/hnsw/page_format.hpp,
// protocol in the essay at the top of handler.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "pgvec/core/hnsw/page_format.hpp"

#include "pg/index/index_space.hpp"
#include "pg/prelude.hpp"

extern "C" {
#include "storage/bufmgr.h"
#include "storage/bufpage.h"
#include "storage/itemptr.h"
}

namespace pgvec::pg::hnsw {

using core::hnsw::ElementTupleHeader;
using core::hnsw::NeighborTupleHeader;
using core::hnsw::TupleRef;

inline constexpr BlockNumber kMetaBlock = 0;

// Heavyweight page-lock "tags" on pseudo page numbers (never real pages'
// buffer locks): inserts take kUpdateLock (Share; Exclusive to move the
// entry point), scans kScanLock (Share); VACUUM takes both Exclusive to wait
// for them.
inline constexpr BlockNumber kUpdateLock = 0;
inline constexpr BlockNumber kScanLock = 1;

static_assert(sizeof(TupleRef) == sizeof(ItemPointerData));

inline TupleRef ToRef(ItemPointer p) { return TupleRef::Make(ItemPointerGetBlockNumberNoCheck(p), ItemPointerGetOffsetNumberNoCheck(p)); }
inline ItemPointerData ToItemPointer(const TupleRef& r) {
  ItemPointerData p;
  ItemPointerSet(&p, r.block(), r.offset);
  return p;
}

struct Meta {
  int dimensions;
  int m;
  int ef_construction;
  TupleRef entry;   // invalid when empty
  int entry_level;  // -1 when empty
  BlockNumber insert_page;
};

core::hnsw::PageOpaque* Opaque(Page page);
void InitIndexPage(Page page);
Meta ReadMeta(Relation index);
void WriteMeta(Page page, const Meta& meta);
// Meta of a page the caller has locked; raises "hnsw index is not valid".
Meta MetaOfPage(Page page);

// Pins `block` of the index like ReadBuffer, first trying the buffer this
// backend last found it in (ReadRecentBuffer): a scan touches about a
// thousand pages per query, and the shared buffer table lookup behind
// ReadBuffer - a cache miss in a table of a million entries with a large
// shared_buffers - was the largest single cost of a query. The hints live in
// the index's relcache entry (rd_amcache) and only ever save a lookup: a
// buffer since reused for another page fails the tag check and falls back
// to ReadBuffer.
Buffer PinIndexBlock(Relation index, BlockNumber block);

ElementTupleHeader* ElementAt(Page page, OffsetNumber offset);
NeighborTupleHeader* NeighborsAt(Page page, OffsetNumber offset);

// The search storage over buffers: one query, elements addressed by
// TupleRef keys. Each access pins and share-locks one page for as long as
// it takes to compute a distance or copy a neighbor list.
class PageGraph {
 public:
  using Id = std::uint64_t;

  PageGraph(Relation index, const IndexSpace& space, int m) : index_(index), space_(&space), m_(m) {}

  // nullptr: every distance is 0 (an ORDER BY against a NULL query).
  void SetQuery(const std::byte* query) { query_ = query; }
  void SetM(int m) { m_ = m; }

  float Distance(Id e);
  // Distances of a whole neighbour list: every page is pinned first and its
  // tuple prefetched, so the cache misses of the elements overlap.
  void Distances(std::span<const Id> ids, std::vector<float>& out);
  void LoadNeighbors(Id e, int layer, std::vector<Id>& out);
  // Pairwise distances for neighbour selection. The values are read in
  // place: their pages stay pinned (values never change, tuples never move)
  // until ReleasePins, so each is looked up once per operation.
  float DistanceBetween(Id a, Id b);
  // Drops the pins of cached elements; call when done on the normal path
  // (after an error PostgreSQL's resource owner releases them).
  void ReleasePins();
  const std::byte* CachedValue(Id e) { return Cached(e).value; }
  std::size_t CachedValueSize(Id e) { return Cached(e).size; }
  // No heap row left: VACUUM emptied it; never chosen as a neighbour.
  bool IsDeleted(Id e) { return Cached(e).deleted; }

  std::uint64_t elements_visited() const { return visited_; }

 private:
  Relation index_;
  const IndexSpace* space_;
  int m_;
  const std::byte* query_ = nullptr;
  std::uint64_t visited_ = 0;
  int pinned_ = 0;
  std::size_t value_size_hint_ = 0;  // bytes to prefetch per element
  struct CachedElement {
    const std::byte* value;
    std::size_t size;
    bool deleted;
    Buffer buffer;
  };
  const CachedElement& Cached(Id e);
  std::unordered_map<Id, CachedElement> value_cache_;
};

}  // namespace pgvec::pg::hnsw
