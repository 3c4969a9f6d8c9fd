// The list pages of an ivfflat build, written straight to storage.
//
// A build appends rows to the last page of every list's chains, hundreds of
// chains at once. Through the buffer manager each new page costs a
// relation-extension lock, an 8 kB write of zeros (mdextend), a buffer
// mapping, a page fault on shared memory the first time, and a second write
// of the page later; on Fashion-MNIST (30,000 pages) that was a fifth of the
// build. Here the open page of each chain is kept in backend memory and
// written once, with smgrextend or smgrwrite, when it is full (its
// successor's block number is then known) or at the end - as PostgreSQL's
// own btree build writes its pages.
//
// Block numbers are handed out when a page is started, pages are written
// when they are finished: a page may be written after pages with higher
// numbers, into the hole smgrextend left below them (reads of a hole give
// zeros; md.c pads every earlier segment when it creates a new one). All
// pages are written before the build reads any of them back. At most
// `max_open` pages are held; beyond that the most recently used one is
// written as it is and read back (smgrread) the next time its chain grows.
// Most recently used, because a build appends batch after batch to the
// lists in the same order: the chain just finished is the one needed last,
// while evicting the least recently used page would miss on every chain of
// every batch.
//
// Durability, as in PostgreSQL's btree build: writes skip the checkpointer's
// fsync queue. When the index must be WAL-logged the caller then runs
// log_newpage_range over it, which reads every page back into shared
// buffers, logs it and dirties it, so the usual checkpoint rules cover it
// (those builds write each list page twice, once here and once from shared
// buffers, still cheaper than extending through them). A relation created
// without WAL (wal_level = minimal) is synced or logged at commit
// (smgrDoPendingSyncs); an unlogged index is synced here, by Finish; a
// temporary one needs neither. Checksums are set on every page written.
//
// Nobody reads these pages during the build: the index is not yet in use,
// except by CREATE INDEX CONCURRENTLY's catalog entry, which only tools
// reading raw pages (pg_prewarm, pageinspect) would follow - a page they
// loaded before it was written would be stale in shared buffers. PostgreSQL's
// btree build shares that exposure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pg/prelude.hpp"

extern "C" {
#include "common/relpath.h"
#include "storage/block.h"
#include "storage/bufpage.h"
#include "storage/itemptr.h"
#include "utils/rel.h"
}

namespace pgvec::pg::ivfflat {

class ChainPageWriter {
 public:
  // Chains are numbered 0..chains-1; blocks from `first_free` on are this
  // writer's. Allocates everything up front (may throw std::bad_alloc);
  // the other members raise PostgreSQL errors only (call them inside PgCall).
  ChainPageWriter(Relation index, ForkNumber fork, std::size_t chains, BlockNumber first_free,
                  std::size_t max_open);

  // Appends an item to the chain's last page, starting a page (chained
  // after the full one) when it does not fit.
  ItemPointerData Append(std::size_t chain, const void* item, Size item_size);

  // Writes every page still held (and syncs an unlogged index). The writer
  // must not be used afterwards.
  void Finish();

  // The chain's first and last page (InvalidBlockNumber while empty).
  BlockNumber first_block(std::size_t chain) const { return first_[chain]; }
  BlockNumber last_block(std::size_t chain) const { return last_[chain]; }
  // Pages written out before they were full and read back since.
  std::size_t pages_read_back() const { return read_back_; }

 private:
  static constexpr int kNone = -1;

  Page SlotPage(int slot) { return reinterpret_cast<Page>(memory_.data() + static_cast<std::size_t>(slot) * BLCKSZ); }
  // The slot holding the chain's last page, loading it back if it was
  // written out, or starting the chain's first page.
  int OpenSlot(std::size_t chain);
  // A slot to fill: a free one, or the most recently used one written out.
  int TakeSlot();
  void WritePage(Page page, BlockNumber block);
  void Touch(int slot);
  void Unlink(int slot);

  Relation index_;
  ForkNumber fork_;
  BlockNumber next_free_;  // the next block number to hand out
  BlockNumber file_end_;   // blocks the fork has on disk

  std::vector<BlockNumber> first_;
  std::vector<BlockNumber> last_;
  std::vector<int> slot_of_;  // per chain: slot holding its last page, or kNone

  // Held pages: slot s's page at memory_[s * BLCKSZ], its chain, and a
  // doubly linked list from the most to the least recently used.
  std::vector<char> memory_;
  std::vector<std::size_t> chain_of_;
  std::vector<int> newer_, older_;
  int newest_ = kNone, oldest_ = kNone;
  int used_ = 0;
  std::size_t read_back_ = 0;
};

}  // namespace pgvec::pg::ivfflat
