// VACUUM of an hnsw index (ambulkdelete, amvacuumcleanup).
//
//  1. Every page: heap rows VACUUM reports dead are removed from their
//     elements. An element left with no row stays in the graph as a
//     tombstone - still traversable, so no concurrent scan or insert ever
//     follows a dangling link - but is never returned or chosen as a
//     neighbour again.
//  2. Repair: if the entry point lost its rows, the highest live element
//     replaces it; every live element with a link to a tombstone gets the
//     affected lists recomputed, so recall holds after heavy churn: from
//     its live neighbours and its removed neighbours' neighbours
//     (RepairElementLocally, FreshDiskANN's consolidation), or with a fresh
//     search (RepairElement) when too few of those are left.
//  3. Wait for in-flight inserts and scans (Exclusive on the pseudo page
//     locks they hold in Share), so none still works with removed rows.
#include <unordered_set>
#include <vector>

#include "pg/hnsw/insert.hpp"
#include "pg/hnsw/page_store.hpp"

#include "pg/fence.hpp"
#include "pg/hnsw/am.hpp"
#include "pg/hnsw/options.hpp"
#include "pg/index/page_writer.hpp"

extern "C" {
#include "commands/vacuum.h"
#include "storage/lmgr.h"
}

namespace pgvec::pg::hnsw {
namespace {

constexpr int kMaxItemsPerPage = BLCKSZ / sizeof(ItemIdData);

struct PageSummary {
  int newly_emptied;  // rows removed by this VACUUM emptied these elements
  int emptied_count;  // every tombstone on the page (new and older)
  std::uint64_t emptied[kMaxItemsPerPage];
  int live_count;
  std::uint64_t live[kMaxItemsPerPage];
  int live_level[kMaxItemsPerPage];
};

// Pass 1 over one page (inside PgCall: no C++ object may be created here).
void RemoveDeadRows(IndexVacuumInfo* info, BlockNumber block, IndexBulkDeleteCallback callback, void* callback_state,
                    IndexBulkDeleteResult* stats, PageSummary& summary) {
  summary.newly_emptied = 0;
  summary.emptied_count = 0;
  summary.live_count = 0;
  Buffer buffer = ReadBufferExtended(info->index, MAIN_FORKNUM, block, RBM_NORMAL, info->strategy);
  LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
  Page page = BufferGetPage(buffer);
  PageWriter* writer = nullptr;
  PageWriter writer_storage(info->index, false);
  Page target = page;
  const OffsetNumber max = PageGetMaxOffsetNumber(page);
  for (OffsetNumber offset = FirstOffsetNumber; offset <= max; ++offset) {
    auto* e = reinterpret_cast<ElementTupleHeader*>(PageGetItem(page, PageGetItemId(page, offset)));
    if (e->type != core::hnsw::kElementTuple) continue;
    if (e->heap_count == 0) {
      summary.emptied[summary.emptied_count++] = TupleRef::Make(block, offset).key();
      continue;
    }
    TupleRef kept[core::hnsw::kHeapRefsPerElement];
    int kept_count = 0;
    for (int i = 0; i < e->heap_count; ++i) {
      ItemPointerData tid = ToItemPointer(e->heap[i]);
      if (callback(&tid, callback_state)) {
        stats->tuples_removed += 1;
      } else {
        kept[kept_count++] = e->heap[i];
      }
    }
    stats->num_index_tuples += kept_count;
    const TupleRef self = TupleRef::Make(block, offset);
    if (kept_count == e->heap_count) {
      summary.live[summary.live_count] = self.key();
      summary.live_level[summary.live_count++] = e->level;
      continue;
    }
    if (writer == nullptr) {
      writer_storage = PageWriter(info->index, RelationNeedsWAL(info->index));
      writer = &writer_storage;
      target = writer->Register(buffer);
    }
    auto* w = reinterpret_cast<ElementTupleHeader*>(PageGetItem(target, PageGetItemId(target, offset)));
    for (int i = 0; i < core::hnsw::kHeapRefsPerElement; ++i) w->heap[i] = i < kept_count ? kept[i] : core::hnsw::kInvalidRef;
    w->heap_count = static_cast<std::uint8_t>(kept_count);
    if (kept_count == 0) {
      summary.emptied[summary.emptied_count++] = self.key();
      ++summary.newly_emptied;
    } else {
      summary.live[summary.live_count] = self.key();
      summary.live_level[summary.live_count++] = e->level;
    }
  }
  if (writer != nullptr) writer->Finish();
  UnlockReleaseBuffer(buffer);
}

// Does any layer of `element` link to a tombstone?
bool LinksToTombstone(Relation index, std::uint64_t element, const std::unordered_set<std::uint64_t>& dead) {
  const TupleRef ref = TupleRef::FromKey(element);
  core::hnsw::NeighborSlot slots[(63 + 2) * 100];
  const int count = PgCall([&]() -> int {
    Buffer buffer = ReadBuffer(index, ref.block());
    LockBuffer(buffer, BUFFER_LOCK_SHARE);
    const ElementTupleHeader* e = ElementAt(BufferGetPage(buffer), ref.offset);
    const TupleRef where = e->neighbors;
    if (where.block() != ref.block()) {
      UnlockReleaseBuffer(buffer);
      buffer = ReadBuffer(index, where.block());
      LockBuffer(buffer, BUFFER_LOCK_SHARE);
    }
    const NeighborTupleHeader* n = NeighborsAt(BufferGetPage(buffer), where.offset);
    const int slot_count = std::min<int>(n->slot_count, static_cast<int>(sizeof slots / sizeof slots[0]));
    std::copy(core::hnsw::NeighborSlotsOf(n), core::hnsw::NeighborSlotsOf(n) + slot_count, slots);
    UnlockReleaseBuffer(buffer);
    return slot_count;
  });
  for (int i = 0; i < count; ++i) {
    if (slots[i].valid() && dead.count(slots[i].ref().key()) != 0) return true;
  }
  return false;
}

}  // namespace

IndexBulkDeleteResult* BulkDelete(IndexVacuumInfo* info, IndexBulkDeleteResult* stats, IndexBulkDeleteCallback callback,
                                  void* callback_state) {
  if (stats == nullptr) stats = static_cast<IndexBulkDeleteResult*>(palloc0(sizeof(IndexBulkDeleteResult)));
  // Counted afresh by every pass (a VACUUM may call this several times).
  stats->num_index_tuples = 0;
  Relation index = info->index;
  const IndexSpace space = ResolveIndexSpace(index, "hnsw");
  Fenced([&] {
    std::unordered_set<std::uint64_t> dead;
    std::vector<std::uint64_t> live;
    std::uint64_t newly_emptied = 0;
    std::uint64_t best_live = 0;
    int best_level = -1;
    Meta meta;
    BlockNumber blocks = 0;
    PgCall([&] {
      meta = ReadMeta(index);
      blocks = RelationGetNumberOfBlocks(index);
    });
    auto* summary = static_cast<PageSummary*>(PgCall([] { return palloc(sizeof(PageSummary)); }));
    for (BlockNumber block = 1; block < blocks; ++block) {
      PgCall([&] {
        vacuum_delay_point();
        RemoveDeadRows(info, block, callback, callback_state, stats, *summary);
      });
      newly_emptied += static_cast<std::uint64_t>(summary->newly_emptied);
      for (int i = 0; i < summary->emptied_count; ++i) dead.insert(summary->emptied[i]);
      for (int i = 0; i < summary->live_count; ++i) {
        live.push_back(summary->live[i]);
        if (summary->live_level[i] > best_level) {
          best_level = summary->live_level[i];
          best_live = summary->live[i];
        }
      }
    }
    // Nothing changed in the graph: the earlier VACUUMs' repairs still hold.
    if (newly_emptied == 0) return;

    // The entry point must be live: hand it to the highest live element.
    PgCall([&] {
      LockPage(index, kUpdateLock, ExclusiveLock);
      Buffer buffer = ReadBuffer(index, kMetaBlock);
      LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
      Meta current = MetaOfPage(BufferGetPage(buffer));
      if (current.entry.valid() && dead.count(current.entry.key()) != 0) {
        PageWriter writer(index, RelationNeedsWAL(index));
        Page page = writer.Register(buffer);
        current.entry = best_level >= 0 ? TupleRef::FromKey(best_live) : core::hnsw::kInvalidRef;
        current.entry_level = best_level;
        WriteMeta(page, current);
        writer.Finish();
      }
      meta = current;
      UnlockReleaseBuffer(buffer);
      UnlockPage(index, kUpdateLock, ExclusiveLock);
    });

    const InsertTarget target{index, &space, meta.m, meta.ef_construction, MaxLevel(meta.m), RelationNeedsWAL(index)};
    for (const std::uint64_t element : live) {
      PgCall([] { vacuum_delay_point(); });
      if (!LinksToTombstone(index, element, dead)) continue;
      PgCall([&] { LockPage(index, kUpdateLock, ShareLock); });
      if (!RepairElementLocally(target, element)) RepairElement(target, meta, element);
      PgCall([&] { UnlockPage(index, kUpdateLock, ShareLock); });
    }

    // Wait for inserts and scans that started before the rows were removed.
    PgCall([&] {
      LockPage(index, kUpdateLock, ExclusiveLock);
      UnlockPage(index, kUpdateLock, ExclusiveLock);
      LockPage(index, kScanLock, ExclusiveLock);
      UnlockPage(index, kScanLock, ExclusiveLock);
    });
  });
  return stats;
}

IndexBulkDeleteResult* VacuumCleanup(IndexVacuumInfo* info, IndexBulkDeleteResult* stats) {
  if (info->analyze_only) return stats;
  if (stats == nullptr) stats = static_cast<IndexBulkDeleteResult*>(palloc0(sizeof(IndexBulkDeleteResult)));
  stats->num_pages = RelationGetNumberOfBlocks(info->index);
  return stats;
}

}  // namespace pgvec::pg::hnsw
