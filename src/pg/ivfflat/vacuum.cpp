// VACUUM (ambulkdelete, amvacuumcleanup).
//
// Every list page is visited once under an exclusive lock; the rows whose
// heap TIDs VACUUM reports dead are removed (PageIndexMultiDelete, through
// GenericXLog). A list's insert page then moves back to the first of its
// pages that gained room, so inserts refill the space before chaining new
// pages (the index does not grow under steady churn). Scans hold no pin
// between calls (see scan.cpp), so no cleanup lock is needed.
#include <algorithm>

#include "pg/ivfflat/list_pages.hpp"

#include "pg/index/page_writer.hpp"
#include "pg/ivfflat/am.hpp"

extern "C" {
#include "access/genam.h"
#include "commands/vacuum.h"
#include "utils/rel.h"
}

namespace pgvec::pg::ivfflat {

namespace {

// Removes the vector items of deleted codes (kScalarCodes), page by page.
// Their line pointers become unused rather than compacted away, because
// the codes of the other rows on the page address their vectors by offset;
// PageAddItem reuses them. Returns the lowest block that gained room.
BlockNumber DeleteVectors(Relation index, BufferAccessStrategy strategy, ItemPointerData* vectors, int count) {
  std::sort(vectors, vectors + count, [](const ItemPointerData& a, const ItemPointerData& b) {
    return ItemPointerCompare(const_cast<ItemPointer>(&a), const_cast<ItemPointer>(&b)) < 0;
  });
  BlockNumber lowest = InvalidBlockNumber;
  int i = 0;
  while (i < count) {
    const BlockNumber block = ItemPointerGetBlockNumber(&vectors[i]);
    Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, strategy);
    LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
    PageWriter writer(index, true);
    Page page = writer.Register(buffer);
    for (; i < count && ItemPointerGetBlockNumber(&vectors[i]) == block; ++i) {
      const OffsetNumber offset = ItemPointerGetOffsetNumber(&vectors[i]);
      if (offset >= FirstOffsetNumber && offset <= PageGetMaxOffsetNumber(page) &&
          ItemIdIsNormal(PageGetItemId(page, offset))) {
        PageIndexTupleDeleteNoCompact(page, offset);
      }
    }
    PageSetHasFreeLinePointers(page);
    writer.Finish();
    UnlockReleaseBuffer(buffer);
    if (lowest == InvalidBlockNumber || block < lowest) lowest = block;
  }
  return lowest;
}

}  // namespace

IndexBulkDeleteResult* BulkDelete(IndexVacuumInfo* info, IndexBulkDeleteResult* stats,
                                  IndexBulkDeleteCallback callback, void* callback_state) {
  Relation index = info->index;
  if (stats == nullptr) stats = static_cast<IndexBulkDeleteResult*>(palloc0(sizeof(IndexBulkDeleteResult)));
  // Counted afresh by every pass (a VACUUM may call this several times).
  stats->num_index_tuples = 0;
  const Meta meta = ReadMeta(index);
  const bool codes = meta.layout == core::ivf::kScalarCodes;
  BufferAccessStrategy strategy = GetAccessStrategy(BAS_BULKREAD);
  OffsetNumber deletable[MaxOffsetNumber];
  ItemPointerData page_vectors[MaxOffsetNumber];

  for (int list = 0; list < meta.lists; ++list) {
    const ListEntry entry = ReadListEntry(index, meta, list);
    BlockNumber block = entry.first_block[core::ivf::kRows];
    BlockNumber first_freed = InvalidBlockNumber;
    BlockNumber lowest_vector_freed = InvalidBlockNumber;
    while (block != InvalidBlockNumber) {
      vacuum_delay_point();
      Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, strategy);
      LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
      Page page = BufferGetPage(buffer);
      const OffsetNumber max = PageGetMaxOffsetNumber(page);
      int count = 0;
      for (OffsetNumber off = FirstOffsetNumber; off <= max; ++off) {
        const ItemId item_id = PageGetItemId(page, off);
        if (!ItemIdIsNormal(item_id)) continue;
        const char* item = PageGetItem(page, item_id);
        core::ivf::TupleRef heap, vector{};
        if (codes) {
          CodeItemHeader header;
          memcpy(&header, item, sizeof header);
          heap = header.heap;
          vector = header.vector;
        } else {
          ListItemHeader header;
          memcpy(&header, item, sizeof header);
          heap = header.heap;
        }
        ItemPointerData tid;
        ItemPointerSet(&tid, heap.block(), heap.offset);
        if (callback(&tid, callback_state)) {
          if (codes) ItemPointerSet(&page_vectors[count], vector.block(), vector.offset);
          deletable[count++] = off;
        } else {
          stats->num_index_tuples += 1;
        }
      }
      const BlockNumber next = Opaque(page)->next_block;
      if (count > 0) {
        PageWriter writer(index, true);
        Page copy = writer.Register(buffer);
        PageIndexMultiDelete(copy, deletable, count);
        writer.Finish();
        stats->tuples_removed += count;
        if (first_freed == InvalidBlockNumber) first_freed = block;
      }
      UnlockReleaseBuffer(buffer);
      if (codes && count > 0) {
        // The codes are gone first, so no scan reaches these vectors any
        // more (one that read a code earlier checks the heap TID).
        const BlockNumber lowest = DeleteVectors(index, strategy, page_vectors, count);
        if (lowest_vector_freed == InvalidBlockNumber || lowest < lowest_vector_freed) lowest_vector_freed = lowest;
      }
      block = next;
    }

    if (first_freed != InvalidBlockNumber) {
      // Inserts refill from the first pages that gained room (list pages
      // are appended at the end of the relation, so a chain's blocks
      // ascend and the lowest freed vector block comes first in its chain).
      Buffer buffer = ReadBuffer(index, DirectoryBlock(meta, list));
      LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
      PageWriter writer(index, true);
      Page page = writer.Register(buffer);
      ListEntry* e = ListEntryAt(page, DirectoryOffset(meta, list));
      e->insert_block[core::ivf::kRows] = first_freed;
      if (lowest_vector_freed != InvalidBlockNumber) e->insert_block[core::ivf::kVectors] = lowest_vector_freed;
      writer.Finish();
      UnlockReleaseBuffer(buffer);
    }
  }
  FreeAccessStrategy(strategy);
  return stats;
}

IndexBulkDeleteResult* VacuumCleanup(IndexVacuumInfo* info, IndexBulkDeleteResult* stats) {
  if (info->analyze_only) return stats;
  // NULL when ambulkdelete was not called: the index did not change.
  if (stats == nullptr) return nullptr;
  stats->num_pages = RelationGetNumberOfBlocks(info->index);
  return stats;
}

}  // namespace pgvec::pg::ivfflat
