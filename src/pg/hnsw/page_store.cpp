#include <algorithm>
#include <cstring>

#include "pg/hnsw/page_store.hpp"

#include "pg/fence.hpp"

namespace pgvec::pg::hnsw {

using core::hnsw::kFormatVersion;
using core::hnsw::kMetaMagic;
using core::hnsw::kPageId;
using core::hnsw::MetaPage;
using core::hnsw::PageOpaque;

PageOpaque* Opaque(Page page) { return reinterpret_cast<PageOpaque*>(PageGetSpecialPointer(page)); }

void InitIndexPage(Page page) {
  PageInit(page, BLCKSZ, sizeof(PageOpaque));
  PageOpaque* opaque = Opaque(page);
  opaque->next_block = InvalidBlockNumber;
  opaque->flags = 0;
  opaque->page_id = kPageId;
}

void WriteMeta(Page page, const Meta& meta) {
  auto* m = reinterpret_cast<MetaPage*>(PageGetContents(page));
  m->magic = kMetaMagic;
  m->version = kFormatVersion;
  m->dimensions = static_cast<std::uint32_t>(meta.dimensions);
  m->m = static_cast<std::uint16_t>(meta.m);
  m->ef_construction = static_cast<std::uint16_t>(meta.ef_construction);
  m->entry_block = meta.entry.valid() ? meta.entry.block() : InvalidBlockNumber;
  m->entry_offset = meta.entry.offset;
  m->entry_level = static_cast<std::int16_t>(meta.entry_level);
  m->insert_page = meta.insert_page;
  m->element_count = 0;
  // pd_lower past the contents so a full-page image keeps them
  reinterpret_cast<PageHeader>(page)->pd_lower = static_cast<LocationIndex>(
      reinterpret_cast<char*>(m + 1) - reinterpret_cast<char*>(page));
}

Meta MetaOfPage(Page page) {
  const auto* m = reinterpret_cast<const MetaPage*>(PageGetContents(page));
  if (Opaque(page)->page_id != kPageId || m->magic != kMetaMagic) elog(ERROR, "hnsw index is not valid");
  if (m->version != kFormatVersion) {
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("hnsw index has on-disk format version %u, this library reads version %u",
                           m->version, kFormatVersion),
                    errhint("REINDEX the index.")));
  }
  Meta meta;
  meta.dimensions = static_cast<int>(m->dimensions);
  meta.m = m->m;
  meta.ef_construction = m->ef_construction;
  meta.entry = m->entry_block == InvalidBlockNumber ? core::hnsw::kInvalidRef
                                                    : TupleRef::Make(m->entry_block, m->entry_offset);
  meta.entry_level = m->entry_level;
  meta.insert_page = m->insert_page;
  return meta;
}

Meta ReadMeta(Relation index) {
  Buffer buffer = ReadBuffer(index, kMetaBlock);
  LockBuffer(buffer, BUFFER_LOCK_SHARE);
  const Meta meta = MetaOfPage(BufferGetPage(buffer));
  UnlockReleaseBuffer(buffer);
  return meta;
}

namespace {

// rd_amcache of an hnsw index: the buffer each block was last read into.
struct RecentBuffers {
  std::uint32_t size;
  Buffer buffers[FLEXIBLE_ARRAY_MEMBER];
};
constexpr std::uint32_t kMaxRecentBlocks = 1u << 20;  // 8 GB of index, 4 MB of hints

}  // namespace

Buffer PinIndexBlock(Relation index, BlockNumber block) {
  if (RelationUsesLocalBuffers(index)) return ReadBuffer(index, block);
  auto* recent = static_cast<RecentBuffers*>(index->rd_amcache);
  if (recent != nullptr && block < recent->size) {
    const Buffer hint = recent->buffers[block];
    if (hint != InvalidBuffer && ReadRecentBuffer(index->rd_node, MAIN_FORKNUM, block, hint)) return hint;
  }
  const Buffer buffer = ReadBuffer(index, block);
  if ((recent == nullptr || block >= recent->size) && block < kMaxRecentBlocks) {
    // Grown to a power of two (at least 1,024 blocks), in the relcache
    // entry's memory; it goes with the entry.
    std::uint32_t size = 1024;
    while (size <= block) size *= 2;
    auto* grown = static_cast<RecentBuffers*>(
        MemoryContextAllocZero(index->rd_indexcxt, offsetof(RecentBuffers, buffers) + size * sizeof(Buffer)));
    grown->size = size;
    if (recent != nullptr) {
      std::memcpy(grown->buffers, recent->buffers, recent->size * sizeof(Buffer));
      pfree(recent);
    }
    index->rd_amcache = grown;
    recent = grown;
  }
  if (recent != nullptr && block < recent->size) recent->buffers[block] = buffer;
  return buffer;
}

ElementTupleHeader* ElementAt(Page page, OffsetNumber offset) {
  if (offset < FirstOffsetNumber || offset > PageGetMaxOffsetNumber(page)) elog(ERROR, "hnsw index is not valid");
  auto* t = reinterpret_cast<ElementTupleHeader*>(PageGetItem(page, PageGetItemId(page, offset)));
  if (t->type != core::hnsw::kElementTuple) elog(ERROR, "hnsw index is not valid");
  return t;
}

NeighborTupleHeader* NeighborsAt(Page page, OffsetNumber offset) {
  if (offset < FirstOffsetNumber || offset > PageGetMaxOffsetNumber(page)) elog(ERROR, "hnsw index is not valid");
  auto* t = reinterpret_cast<NeighborTupleHeader*>(PageGetItem(page, PageGetItemId(page, offset)));
  if (t->type != core::hnsw::kNeighborTuple) elog(ERROR, "hnsw index is not valid");
  return t;
}

// Every PostgreSQL call below runs inside PgCall: the search templates keep
// C++ containers alive, so a PostgreSQL error must become an exception that
// unwinds them (fence.hpp).

// A pin without the content lock is enough here: an element's value never
// changes once written, and tuples never move on hnsw pages (items are only
// ever appended, never compacted), so the bytes read are stable for as long
// as the pin holds the page in its buffer (the rule PostgreSQL's buffer
// README gives for reading tuple data that cannot change). Neighbor lists do
// change, and are copied under the share lock.
float PageGraph::Distance(Id e) {
  ++visited_;
  if (query_ == nullptr) return 0.0f;
  const TupleRef ref = TupleRef::FromKey(e);
  return PgCall([&]() -> float {
    Buffer buffer = PinIndexBlock(index_, ref.block());
    const ElementTupleHeader* t = ElementAt(BufferGetPage(buffer), ref.offset);
    const float d = space_->distance(query_, core::hnsw::ElementValue(t));
    ReleaseBuffer(buffer);
    return d;
  });
}

void PageGraph::Distances(std::span<const Id> ids, std::vector<float>& out) {
  out.resize(ids.size());
  visited_ += ids.size();
  if (query_ == nullptr || ids.empty()) {
    std::fill(out.begin(), out.end(), 0.0f);
    return;
  }
  constexpr std::size_t kMaxBatch = 2 * 100;  // a layer-0 list: 2m, m <= 100
  const std::size_t n = std::min(ids.size(), kMaxBatch);
  Buffer buffers[kMaxBatch];
  float* distances = out.data();
  PgCall([&] {
    for (std::size_t i = 0; i < n; ++i) {
      const TupleRef ref = TupleRef::FromKey(ids[i]);
      buffers[i] = PinIndexBlock(index_, ref.block());
      __builtin_prefetch(PageGetItemId(BufferGetPage(buffers[i]), ref.offset));
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Page page = BufferGetPage(buffers[i]);
      const ItemId item = PageGetItemId(page, TupleRef::FromKey(ids[i]).offset);
      const char* tuple = reinterpret_cast<const char*>(page) + ItemIdGetOffset(item);
      for (std::size_t line = 0; line < value_size_hint_ + sizeof(ElementTupleHeader); line += 64) {
        __builtin_prefetch(tuple + line);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const ElementTupleHeader* t = ElementAt(BufferGetPage(buffers[i]), TupleRef::FromKey(ids[i]).offset);
      value_size_hint_ = std::min<std::size_t>(t->value_size, 16384);
      distances[i] = space_->distance(query_, core::hnsw::ElementValue(t));
    }
    for (std::size_t i = 0; i < n; ++i) ReleaseBuffer(buffers[i]);
  });
  for (std::size_t i = n; i < ids.size(); ++i) out[i] = Distance(ids[i]);
}

void PageGraph::LoadNeighbors(Id e, int layer, std::vector<Id>& out) {
  out.clear();
  const TupleRef ref = TupleRef::FromKey(e);
  TupleRef slots[2 * 100];  // at most 2m, m <= 100
  const int count = PgCall([&]() -> int {
    Buffer buffer = PinIndexBlock(index_, ref.block());
    LockBuffer(buffer, BUFFER_LOCK_SHARE);
    const ElementTupleHeader* t = ElementAt(BufferGetPage(buffer), ref.offset);
    const TupleRef neighbors = t->neighbors;
    if (layer > t->level || !neighbors.valid()) {
      UnlockReleaseBuffer(buffer);
      return 0;
    }
    // The neighbor tuple usually shares the element's page.
    if (neighbors.block() != ref.block()) {
      UnlockReleaseBuffer(buffer);
      buffer = PinIndexBlock(index_, neighbors.block());
      LockBuffer(buffer, BUFFER_LOCK_SHARE);
    }
    const NeighborTupleHeader* n = NeighborsAt(BufferGetPage(buffer), neighbors.offset);
    const core::hnsw::NeighborSlot* layer_slots = core::hnsw::NeighborSlotsOf(n) + core::hnsw::LayerStart(layer, m_);
    const int capacity = core::hnsw::LayerCapacity(layer, m_);
    int found = 0;
    while (found < capacity && layer_slots[found].valid()) {
      slots[found] = layer_slots[found].ref();
      ++found;
    }
    UnlockReleaseBuffer(buffer);
    return found;
  });
  for (int i = 0; i < count; ++i) out.push_back(slots[i].key());
}

const PageGraph::CachedElement& PageGraph::Cached(Id e) {
  auto it = value_cache_.find(e);
  if (it != value_cache_.end()) return it->second;
  const TupleRef ref = TupleRef::FromKey(e);
  CachedElement element{nullptr, 0, false, InvalidBuffer};
  // Pins are bounded (a small shared_buffers must not run out of unpinned
  // buffers): past the bound, values are copied and the page released.
  const bool keep_pinned = pinned_ < std::max(4, std::min(256, NBuffers / 16));
  PgCall([&] {
    Buffer buffer = PinIndexBlock(index_, ref.block());
    const ElementTupleHeader* t = ElementAt(BufferGetPage(buffer), ref.offset);
    if (keep_pinned) {
      element = CachedElement{core::hnsw::ElementValue(t), t->value_size, t->heap_count == 0, buffer};
    } else {
      auto* copy = static_cast<std::byte*>(palloc(t->value_size));
      std::memcpy(copy, core::hnsw::ElementValue(t), t->value_size);
      element = CachedElement{copy, t->value_size, t->heap_count == 0, InvalidBuffer};
      ReleaseBuffer(buffer);
    }
  });
  if (keep_pinned) ++pinned_;
  return value_cache_.emplace(e, element).first->second;
}

void PageGraph::ReleasePins() {
  for (auto& [id, element] : value_cache_) {
    const Buffer buffer = element.buffer;
    if (BufferIsValid(buffer)) PgCall([&] { ReleaseBuffer(buffer); });
  }
  value_cache_.clear();
  pinned_ = 0;
}

float PageGraph::DistanceBetween(Id a, Id b) { return space_->distance(CachedValue(a), CachedValue(b)); }

}  // namespace pgvec::pg::hnsw
