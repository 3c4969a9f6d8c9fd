// Insertion of one element into the on-disk graph: Algorithm 1 of the HNSW
// paper over PageGraph, then page writes. See the locking section of the
// essay in handler.cpp. In short:
//  * a Share page lock on kUpdateLock is held for the whole insert
//    (Exclusive when the new element may become the entry point), so VACUUM
//    can wait for in-flight inserts;
//  * at most one buffer lock is held while reading; writes lock the pages
//    they change in a fixed order (element pages before the metapage);
//  * a neighbour's list is rewritten only if it is unchanged since it was
//    read (otherwise the update is retried once; a lost reverse link only
//    costs a little recall, the new element's own links are always written).
#include <algorithm>
#include <cstring>
#include <limits>
#include <unordered_set>
#include <vector>

#include "pgvec/core/hnsw/search.hpp"

#include "pg/hnsw/insert.hpp"
#include "pg/hnsw/page_store.hpp"

#include "pg/fence.hpp"
#include "pg/index/page_writer.hpp"

extern "C" {
#include "common/pg_prng.h"
#include "storage/lmgr.h"
}

namespace pgvec::pg::hnsw {
namespace {

using core::hnsw::Candidate;
using core::hnsw::kInvalidRef;
using core::hnsw::LayerCapacity;
using core::hnsw::LayerStart;
using core::hnsw::NeighborSlots;
using core::hnsw::NeighborSlotsOf;
using Id = PageGraph::Id;
using CandidateList = std::vector<Candidate<Id>>;

Size PageFreeSpaceFor(Size tuple_size) { return MAXALIGN(tuple_size) + sizeof(ItemIdData); }

// Adds a tuple at the next offset; the caller checked the free space.
OffsetNumber AddTuple(Page page, const void* tuple, Size size) {
  const OffsetNumber offset = PageAddItem(page, static_cast<Item>(const_cast<void*>(tuple)), size,
                                          InvalidOffsetNumber, false, false);
  if (offset == InvalidOffsetNumber) elog(ERROR, "failed to add index item to hnsw index");
  return offset;
}

// A new, initialized page appended to the relation, exclusively locked.
Buffer ExtendIndex(Relation index, bool wal) {
  if (wal) LockRelationForExtension(index, ExclusiveLock);
  Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, P_NEW, RBM_NORMAL, nullptr);
  if (wal) UnlockRelationForExtension(index, ExclusiveLock);
  LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
  return buffer;
}

// Writes the element and neighbor tuples (neighbor tuple first, so the
// element can point at it) and returns the element's position.
TupleRef WriteElement(const InsertTarget& t, const std::byte* element, Size element_size, const std::byte* neighbors,
                      Size neighbor_size) {
  TupleRef result = kInvalidRef;
  PgCall([&] {
    Buffer meta_buffer = ReadBuffer(t.index, kMetaBlock);
    LockBuffer(meta_buffer, BUFFER_LOCK_SHARE);
    BlockNumber block = MetaOfPage(BufferGetPage(meta_buffer)).insert_page;
    UnlockReleaseBuffer(meta_buffer);

    const Size together = PageFreeSpaceFor(element_size) + PageFreeSpaceFor(neighbor_size);
    Buffer buffer = InvalidBuffer;
    // Walk the chain from the hinted page to the first with room.
    while (block != InvalidBlockNumber) {
      buffer = ReadBuffer(t.index, block);
      LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
      Page page = BufferGetPage(buffer);
      if (PageGetFreeSpace(page) >= together) break;
      const BlockNumber next = Opaque(page)->next_block;
      if (next == InvalidBlockNumber) break;  // last page: extend below, keeping its lock
      UnlockReleaseBuffer(buffer);
      buffer = InvalidBuffer;
      block = next;
    }

    PageWriter writer(t.index, t.wal);
    Buffer new_buffer = InvalidBuffer, extra_buffer = InvalidBuffer;
    Page page = nullptr;
    Page element_page = nullptr, neighbor_page = nullptr;
    BlockNumber element_block = InvalidBlockNumber, neighbor_block = InvalidBlockNumber;
    BlockNumber new_insert_page = InvalidBlockNumber;

    if (BufferIsValid(buffer) && PageGetFreeSpace(BufferGetPage(buffer)) >= together) {
      page = writer.Register(buffer);
      element_page = neighbor_page = page;
      element_block = neighbor_block = BufferGetBlockNumber(buffer);
    } else {
      // Extend: the element (and its neighbors when they fit together) go
      // to a new page linked after the last one.
      new_buffer = ExtendIndex(t.index, t.wal);
      Page new_page = writer.Register(new_buffer, true);
      InitIndexPage(new_page);
      new_insert_page = BufferGetBlockNumber(new_buffer);
      if (BufferIsValid(buffer)) Opaque(writer.Register(buffer))->next_block = new_insert_page;
      element_page = new_page;
      element_block = new_insert_page;
      if (PageGetFreeSpace(new_page) >= together) {
        neighbor_page = new_page;
        neighbor_block = new_insert_page;
      } else {
        extra_buffer = ExtendIndex(t.index, t.wal);
        neighbor_page = writer.Register(extra_buffer, true);
        InitIndexPage(neighbor_page);
        neighbor_block = BufferGetBlockNumber(extra_buffer);
        Opaque(new_page)->next_block = neighbor_block;
        new_insert_page = neighbor_block;
      }
    }

    const OffsetNumber neighbor_offset = AddTuple(neighbor_page, neighbors, neighbor_size);
    const OffsetNumber element_offset = AddTuple(element_page, element, element_size);
    ElementAt(element_page, element_offset)->neighbors = TupleRef::Make(neighbor_block, neighbor_offset);

    Buffer meta_write = InvalidBuffer;
    if (new_insert_page != InvalidBlockNumber) {
      meta_write = ReadBuffer(t.index, kMetaBlock);
      LockBuffer(meta_write, BUFFER_LOCK_EXCLUSIVE);
      Page meta_page = writer.Register(meta_write);
      Meta meta = MetaOfPage(meta_page);
      meta.insert_page = new_insert_page;
      WriteMeta(meta_page, meta);
    }
    writer.Finish();
    if (BufferIsValid(meta_write)) UnlockReleaseBuffer(meta_write);
    if (BufferIsValid(extra_buffer)) UnlockReleaseBuffer(extra_buffer);
    if (BufferIsValid(new_buffer)) UnlockReleaseBuffer(new_buffer);
    if (BufferIsValid(buffer)) UnlockReleaseBuffer(buffer);
    result = TupleRef::Make(element_block, element_offset);
  });
  return result;
}

// Attaches another heap row to an existing element with an identical value.
bool AddHeapRow(const InsertTarget& t, Id element, TupleRef heap_row) {
  const TupleRef ref = TupleRef::FromKey(element);
  return PgCall([&]() -> bool {
    Buffer buffer = ReadBuffer(t.index, ref.block());
    LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
    const ElementTupleHeader* current = ElementAt(BufferGetPage(buffer), ref.offset);
    // An element VACUUM emptied is dead: never resurrect it.
    if (current->heap_count == 0 || current->heap_count >= core::hnsw::kHeapRefsPerElement) {
      UnlockReleaseBuffer(buffer);
      return false;
    }
    PageWriter writer(t.index, t.wal);
    ElementTupleHeader* e = ElementAt(writer.Register(buffer), ref.offset);
    e->heap[e->heap_count++] = heap_row;
    writer.Finish();
    UnlockReleaseBuffer(buffer);
    return true;
  });
}

using core::hnsw::ListEntry;
using core::hnsw::NeighborSlot;
using EntryList = std::vector<ListEntry<Id>>;
constexpr int kMaxLayerSlots = 200;  // 2m, m <= 100 by the reloption's range

// Reads one layer of an element's neighbor list; returns the neighbor
// tuple's position (invalid if the element has no such layer).
TupleRef ReadLayer(const InsertTarget& t, Id element, int layer, NeighborSlot* slots) {
  const TupleRef ref = TupleRef::FromKey(element);
  TupleRef where = kInvalidRef;
  PgCall([&] {
    Buffer buffer = ReadBuffer(t.index, ref.block());
    LockBuffer(buffer, BUFFER_LOCK_SHARE);
    const ElementTupleHeader* e = ElementAt(BufferGetPage(buffer), ref.offset);
    where = layer <= e->level ? e->neighbors : kInvalidRef;
    if (where.valid() && where.block() != ref.block()) {
      UnlockReleaseBuffer(buffer);
      buffer = ReadBuffer(t.index, where.block());
      LockBuffer(buffer, BUFFER_LOCK_SHARE);
    }
    if (where.valid()) {
      const NeighborTupleHeader* n = NeighborsAt(BufferGetPage(buffer), where.offset);
      std::memcpy(static_cast<void*>(slots), NeighborSlotsOf(n) + LayerStart(layer, t.m),
                  sizeof(NeighborSlot) * static_cast<Size>(LayerCapacity(layer, t.m)));
    }
    UnlockReleaseBuffer(buffer);
  });
  return where;
}

// Writes `desired` into one layer if the layer still equals `expected`.
bool WriteLayerIfUnchanged(const InsertTarget& t, TupleRef where, int layer, const NeighborSlot* expected,
                           const NeighborSlot* desired) {
  const Size bytes = sizeof(NeighborSlot) * static_cast<Size>(LayerCapacity(layer, t.m));
  return PgCall([&]() -> bool {
    Buffer buffer = ReadBuffer(t.index, where.block());
    LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
    const NeighborTupleHeader* current = NeighborsAt(BufferGetPage(buffer), where.offset);
    if (std::memcmp(NeighborSlotsOf(current) + LayerStart(layer, t.m), expected, bytes) != 0) {
      UnlockReleaseBuffer(buffer);
      return false;
    }
    PageWriter writer(t.index, t.wal);
    NeighborTupleHeader* n = NeighborsAt(writer.Register(buffer), where.offset);
    std::memcpy(static_cast<void*>(NeighborSlotsOf(n) + LayerStart(layer, t.m)), desired, bytes);
    writer.Finish();
    UnlockReleaseBuffer(buffer);
    return true;
  });
}

// The slots of one layer from its stored form; the rest stay empty.
void ToSlots(const EntryList& list, int capacity, NeighborSlot* slots) {
  for (int i = 0; i < capacity; ++i) {
    slots[i] = static_cast<std::size_t>(i) < list.size()
                   ? NeighborSlot::Make(TupleRef::FromKey(list[static_cast<std::size_t>(i)].id),
                                        list[static_cast<std::size_t>(i)].distance, list[static_cast<std::size_t>(i)].kept)
                   : NeighborSlot::Empty();
  }
}

struct LinkScratch {
  EntryList current;
  EntryList updated;
  core::hnsw::AddScratch<Id> add;
};

// Adds the reverse link s -> q at `layer` (Algorithm 1, lines 11-16) with
// the incremental heuristic over the list's stored distances and verdicts.
void LinkBack(const InsertTarget& t, PageGraph& g, Id s, Id q, float distance, int layer, LinkScratch& scratch) {
  const int capacity = LayerCapacity(layer, t.m);
  NeighborSlot current[kMaxLayerSlots], desired[kMaxLayerSlots];
  if (capacity <= 0 || capacity > kMaxLayerSlots) return;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const TupleRef where = ReadLayer(t, s, layer, current);
    if (!where.valid()) return;
    scratch.current.clear();
    for (int i = 0; i < capacity && current[i].valid(); ++i) {
      const Id id = current[i].ref().key();
      if (id == q) return;
      scratch.current.push_back({current[i].distance(), id, current[i].kept()});
    }
    if (!core::hnsw::AddToList(g, std::span<const ListEntry<Id>>(scratch.current), Candidate<Id>{distance, q},
                               static_cast<std::size_t>(capacity), scratch.add, scratch.updated)) {
      return;
    }
    ToSlots(scratch.updated, capacity, desired);
    if (WriteLayerIfUnchanged(t, where, layer, current, desired)) return;
  }
}

void SetEntryPoint(const InsertTarget& t, TupleRef element, int level) {
  PgCall([&] {
    Buffer buffer = ReadBuffer(t.index, kMetaBlock);
    LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
    Meta meta = MetaOfPage(BufferGetPage(buffer));
    if (!meta.entry.valid() || level > meta.entry_level) {
      PageWriter writer(t.index, t.wal);
      Page page = writer.Register(buffer);
      meta.entry = element;
      meta.entry_level = level;
      WriteMeta(page, meta);
      writer.Finish();
    }
    UnlockReleaseBuffer(buffer);
  });
}

}  // namespace

int MaxLevel(int m) {
  const Size page_space = BLCKSZ - MAXALIGN(SizeOfPageHeaderData) - MAXALIGN(sizeof(core::hnsw::PageOpaque)) -
                          sizeof(ItemIdData);
  return core::hnsw::MaxLevelForPage(m, page_space);
}

void InsertValue(const InsertTarget& t, const std::byte* value, ItemPointer heap_tid) {
  const TupleRef heap_row = ToRef(heap_tid);
  const int level = core::hnsw::RandomLevel(1.0 - pg_prng_double(&pg_global_prng_state), t.m, t.max_level);
  const Size value_size = VARSIZE(value);

  LOCKMODE lock_mode = ShareLock;
  Meta meta;
  PgCall([&] {
    if (t.wal) LockPage(t.index, kUpdateLock, lock_mode);
    meta = ReadMeta(t.index);
    // A new entry point (or the first element) needs the exclusive lock:
    // re-read the metapage once it is held.
    if (t.wal && (!meta.entry.valid() || level > meta.entry_level)) {
      UnlockPage(t.index, kUpdateLock, lock_mode);
      lock_mode = ExclusiveLock;
      LockPage(t.index, kUpdateLock, lock_mode);
      meta = ReadMeta(t.index);
    }
  });

  PageGraph g(t.index, *t.space, t.m);
  g.SetQuery(value);
  const int top = meta.entry.valid() ? std::min(level, meta.entry_level) : -1;
  std::vector<CandidateList> layers(static_cast<std::size_t>(top + 1));
  if (meta.entry.valid()) {
    std::vector<Id> neighbors;
    Candidate<Id> ep{g.Distance(meta.entry.key()), meta.entry.key()};
    ep = core::hnsw::GreedyDescend(g, ep, meta.entry_level, level, neighbors);
    core::hnsw::VisitedSet visited(static_cast<std::size_t>(t.ef_construction) * 8);
    core::hnsw::SearchScratch<Id> scratch;
    CandidateList entry_points{ep};
    for (int lc = top; lc >= 0; --lc) {
      visited.Reset(static_cast<std::size_t>(t.ef_construction) * 8);
      core::hnsw::SearchLayer(g, std::span<const Candidate<Id>>(entry_points), t.ef_construction, lc, visited,
                              scratch);
      layers[static_cast<std::size_t>(lc)] = scratch.results;
      entry_points = scratch.results;
    }

    // An identical value already indexed takes this row too (up to 10).
    // Nearest first, so stop at the first different value, as pgvector
    // does; a distance of 0 is no test: under inner product (cosine
    // included) a value's distance to itself is -|v|^2.
    for (const Candidate<Id>& c : layers[0]) {
      if (g.CachedValueSize(c.id) != value_size || std::memcmp(g.CachedValue(c.id), value, value_size) != 0) break;
      if (g.IsDeleted(c.id)) continue;
      if (AddHeapRow(t, c.id, heap_row)) {
        g.ReleasePins();
        PgCall([&] {
          if (t.wal) UnlockPage(t.index, kUpdateLock, lock_mode);
        });
        return;
      }
    }
  }

  // Neighbours per layer (Algorithm 4), never rows VACUUM has emptied.
  std::vector<CandidateList> chosen(static_cast<std::size_t>(top + 1));
  std::vector<std::size_t> kept_counts(static_cast<std::size_t>(top + 1), 0);
  CandidateList live, pruned;
  for (int lc = top; lc >= 0; --lc) {
    live.clear();
    for (const Candidate<Id>& c : layers[static_cast<std::size_t>(lc)]) {
      if (!g.IsDeleted(c.id)) live.push_back(c);
    }
    kept_counts[static_cast<std::size_t>(lc)] = core::hnsw::SelectNeighbors(
        g, std::span<const Candidate<Id>>(live), LayerCapacity(lc, t.m), chosen[static_cast<std::size_t>(lc)], pruned);
  }

  // The tuples, built in palloc'd memory.
  const Size element_size = core::hnsw::ElementTupleSize(value_size);
  const Size neighbor_size = core::hnsw::NeighborTupleSize(level, t.m);
  std::byte* element = nullptr;
  std::byte* neighbor_tuple = nullptr;
  PgCall([&] {
    element = static_cast<std::byte*>(palloc0(element_size));
    neighbor_tuple = static_cast<std::byte*>(palloc0(neighbor_size));
  });
  auto* e = reinterpret_cast<ElementTupleHeader*>(element);
  e->type = core::hnsw::kElementTuple;
  e->level = static_cast<std::uint8_t>(level);
  e->heap_count = 1;
  for (auto& h : e->heap) h = kInvalidRef;
  e->heap[0] = heap_row;
  e->neighbors = kInvalidRef;
  e->value_size = static_cast<std::uint16_t>(value_size);
  std::memcpy(element + sizeof(ElementTupleHeader), value, value_size);
  auto* n = reinterpret_cast<NeighborTupleHeader*>(neighbor_tuple);
  n->type = core::hnsw::kNeighborTuple;
  n->level = static_cast<std::uint8_t>(level);
  n->slot_count = static_cast<std::uint16_t>(NeighborSlots(level, t.m));
  NeighborSlot* slots = NeighborSlotsOf(n);
  std::fill(slots, slots + NeighborSlots(level, t.m), NeighborSlot::Empty());
  EntryList list;
  for (int lc = 0; lc <= top; ++lc) {
    const CandidateList& chosen_layer = chosen[static_cast<std::size_t>(lc)];
    core::hnsw::ToList(std::span<const Candidate<Id>>(chosen_layer), kept_counts[static_cast<std::size_t>(lc)], list);
    ToSlots(list, LayerCapacity(lc, t.m), slots + LayerStart(lc, t.m));
  }

  const TupleRef ref = WriteElement(t, element, element_size, neighbor_tuple, neighbor_size);

  LinkScratch link_scratch;
  for (int lc = top; lc >= 0; --lc) {
    for (const Candidate<Id>& s : chosen[static_cast<std::size_t>(lc)]) {
      LinkBack(t, g, s.id, ref.key(), s.distance, lc, link_scratch);
    }
  }
  g.ReleasePins();
  if (!meta.entry.valid() || level > meta.entry_level) SetEntryPoint(t, ref, level);
  PgCall([&] {
    if (t.wal) UnlockPage(t.index, kUpdateLock, lock_mode);
  });
}

namespace {

// The level of the element at `ref` (its tuple is read under a share lock).
int ElementLevel(Relation index, TupleRef ref) {
  return PgCall([&]() -> int {
    Buffer buffer = ReadBuffer(index, ref.block());
    LockBuffer(buffer, BUFFER_LOCK_SHARE);
    const int level = ElementAt(BufferGetPage(buffer), ref.offset)->level;
    UnlockReleaseBuffer(buffer);
    return level;
  });
}

}  // namespace

void RepairElement(const InsertTarget& t, const Meta& meta, std::uint64_t element) {
  if (!meta.entry.valid()) return;
  PageGraph g(t.index, *t.space, t.m);
  const TupleRef ref = TupleRef::FromKey(element);
  const int level = ElementLevel(t.index, ref);
  g.SetQuery(g.CachedValue(element));

  const int top = std::min(level, meta.entry_level);
  std::vector<Id> neighbors;
  Candidate<Id> ep{g.Distance(meta.entry.key()), meta.entry.key()};
  ep = core::hnsw::GreedyDescend(g, ep, meta.entry_level, top, neighbors);
  core::hnsw::VisitedSet visited(static_cast<std::size_t>(t.ef_construction) * 8);
  core::hnsw::SearchScratch<Id> scratch;
  CandidateList entry_points{ep}, live, selected, pruned;
  NeighborSlot current[kMaxLayerSlots], desired[kMaxLayerSlots];
  EntryList list;
  LinkScratch link_scratch;
  for (int lc = top; lc >= 0; --lc) {
    // Tombstones must not count towards ef (pgvector's CountElement): widen
    // the search until it holds ef_construction live elements or the layer
    // has no more to give.
    for (int ef = t.ef_construction;; ef *= 2) {
      visited.Reset(static_cast<std::size_t>(ef) * 8);
      visited.Insert(element);
      core::hnsw::SearchLayer(g, std::span<const Candidate<Id>>(entry_points), ef, lc, visited, scratch);
      live.clear();
      for (const Candidate<Id>& c : scratch.results) {
        if (c.id != element && !g.IsDeleted(c.id)) live.push_back(c);
      }
      if (live.size() >= static_cast<std::size_t>(t.ef_construction) ||
          scratch.results.size() < static_cast<std::size_t>(ef)) {
        break;
      }
    }
    const int capacity = LayerCapacity(lc, t.m);
    const std::size_t kept =
        core::hnsw::SelectNeighbors(g, std::span<const Candidate<Id>>(live), capacity, selected, pruned);
    core::hnsw::ToList(std::span<const Candidate<Id>>(selected), kept, list);
    ToSlots(list, capacity, desired);
    for (int attempt = 0; attempt < 3; ++attempt) {
      const TupleRef where = ReadLayer(t, element, lc, current);
      if (!where.valid() || WriteLayerIfUnchanged(t, where, lc, current, desired)) break;
    }
    // Reverse links too, as an insert does: elements whose only incoming
    // links came from the removed ones would otherwise become unreachable.
    for (const Candidate<Id>& s : selected) LinkBack(t, g, s.id, element, s.distance, lc, link_scratch);
    if (!scratch.results.empty()) entry_points = scratch.results;
  }
  g.ReleasePins();
}

// Local repair (VACUUM): the candidates for an element's layer are its live
// neighbours and the live neighbours of its removed ones - the removed
// element's list is still on its tombstone - and the selection heuristic
// picks from them (the delete consolidation of FreshDiskANN, Singh et al.,
// "FreshDiskANN: A Fast and Accurate Graph-Based ANN Index for Streaming
// Similarity Search", 2021, Algorithm 4). It computes a few dozen distances
// where a search from the entry point computes thousands. Returns false,
// having changed nothing, when a layer lost more than half its neighbours
// or would keep fewer than half its capacity: the caller then repairs with a
// full search.
bool RepairElementLocally(const InsertTarget& t, std::uint64_t element) {
  PageGraph g(t.index, *t.space, t.m);
  const TupleRef ref = TupleRef::FromKey(element);
  const int level = ElementLevel(t.index, ref);
  g.SetQuery(g.CachedValue(element));

  struct LayerPlan {
    int layer;
    TupleRef where;
    std::vector<NeighborSlot> current;
    CandidateList selected;
    std::size_t kept;
  };
  std::vector<LayerPlan> plans;
  NeighborSlot current[kMaxLayerSlots], removed_list[kMaxLayerSlots];
  CandidateList candidates, selected, pruned;
  std::unordered_set<Id> seen;
  for (int lc = level; lc >= 0; --lc) {
    const int capacity = LayerCapacity(lc, t.m);
    const TupleRef where = ReadLayer(t, element, lc, current);
    if (!where.valid()) continue;
    candidates.clear();
    seen.clear();
    seen.insert(element);
    int lost = 0;
    for (int i = 0; i < capacity; ++i) {
      if (current[i].valid() && g.IsDeleted(current[i].ref().key())) ++lost;
    }
    if (lost == 0) continue;
    // Heavy losses (more than half the list) leave the neighbourhood too
    // thin to rebuild from: a full search then (as after deleting most rows).
    if (2 * lost > capacity) {
      g.ReleasePins();
      return false;
    }
    // The live neighbours, and the lists of the removed ones (what they
    // connected the element to).
    for (int i = 0; i < capacity; ++i) {
      if (!current[i].valid()) continue;
      const Id id = current[i].ref().key();
      if (!seen.insert(id).second) continue;
      if (!g.IsDeleted(id)) {
        candidates.push_back(Candidate<Id>{current[i].distance(), id});
        continue;
      }
      if (!ReadLayer(t, id, lc, removed_list).valid()) continue;
      for (int j = 0; j < capacity; ++j) {
        if (!removed_list[j].valid()) continue;
        const Id second = removed_list[j].ref().key();
        // Only live ones are marked seen: a removed element met here may
        // still be one of the element's own neighbours, whose list counts.
        if (g.IsDeleted(second) || !seen.insert(second).second) continue;
        candidates.push_back(Candidate<Id>{g.Distance(second), second});
      }
    }
    // Nearest first, as Algorithm 4 expects (NearerFirst orders heaps).
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate<Id>& a, const Candidate<Id>& b) { return a.distance < b.distance; });
    const std::size_t kept =
        core::hnsw::SelectNeighbors(g, std::span<const Candidate<Id>>(candidates), capacity, selected, pruned);
    // (SelectNeighbors fills the list from the pruned candidates, so this
    // is "fewer than capacity / 2 live candidates".)
    if (selected.size() * 2 < static_cast<std::size_t>(capacity)) {
      g.ReleasePins();
      return false;  // too little left around it: a full search will do better
    }
    plans.push_back(LayerPlan{lc, where, std::vector<NeighborSlot>(current, current + capacity), selected, kept});
  }
  EntryList list;
  LinkScratch link_scratch;
  NeighborSlot desired[kMaxLayerSlots];
  for (const LayerPlan& plan : plans) {
    core::hnsw::ToList(std::span<const Candidate<Id>>(plan.selected), plan.kept, list);
    ToSlots(list, LayerCapacity(plan.layer, t.m), desired);
    // A concurrent insert changed the list since it was read: it linked
    // something new there; leave its choice (a later VACUUM repairs again).
    if (!WriteLayerIfUnchanged(t, plan.where, plan.layer, plan.current.data(), desired)) continue;
    for (const Candidate<Id>& s : plan.selected) LinkBack(t, g, s.id, element, s.distance, plan.layer, link_scratch);
  }
  g.ReleasePins();
  return true;
}

}  // namespace pgvec::pg::hnsw
