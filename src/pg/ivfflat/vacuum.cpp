// VACUUM (ambulkdelete, amvacuumcleanup).
//
// Every list page is visited once under an exclusive lock; the rows whose
// heap TIDs VACUUM reports dead are removed (PageIndexMultiDelete, through
// GenericXLog). A list's insert page then moves back to the first of its
// pages that gained room, so inserts refill the space before chaining new
// pages (the index does not grow under steady churn). Scans hold no pin
// between calls (see scan.cpp), so no cleanup lock is needed.
#include "pg/ivfflat/list_pages.hpp"

#include "pg/index/page_writer.hpp"
#include "pg/ivfflat/am.hpp"

extern "C" {
#include "access/genam.h"
#include "commands/vacuum.h"
#include "utils/rel.h"
}

namespace pgvec::pg::ivfflat {

IndexBulkDeleteResult* BulkDelete(IndexVacuumInfo* info, IndexBulkDeleteResult* stats,
                                  IndexBulkDeleteCallback callback, void* callback_state) {
  Relation index = info->index;
  if (stats == nullptr) stats = static_cast<IndexBulkDeleteResult*>(palloc0(sizeof(IndexBulkDeleteResult)));
  const Meta meta = ReadMeta(index);
  BufferAccessStrategy strategy = GetAccessStrategy(BAS_BULKREAD);
  OffsetNumber deletable[MaxOffsetNumber];

  for (int list = 0; list < meta.lists; ++list) {
    const ListEntry entry = ReadListEntry(index, meta, list);
    BlockNumber block = entry.first_block;
    BlockNumber first_freed = InvalidBlockNumber;
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
        ListItemHeader header;
        memcpy(&header, PageGetItem(page, item_id), sizeof header);
        ItemPointerData tid;
        ItemPointerSet(&tid, header.heap.block(), header.heap.offset);
        if (callback(&tid, callback_state)) {
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
      block = next;
    }

    if (first_freed != InvalidBlockNumber) {
      Buffer buffer = ReadBuffer(index, DirectoryBlock(meta, list));
      LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
      PageWriter writer(index, true);
      Page page = writer.Register(buffer);
      ListEntryAt(page, DirectoryOffset(meta, list))->insert_block = first_freed;
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
