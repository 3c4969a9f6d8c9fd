#include "pg/ivfflat/list_pages.hpp"

#include "pg/ivfflat/build_pages.hpp"

extern "C" {
#include "storage/checksum.h"
#include "storage/smgr.h"
}

namespace pgvec::pg::ivfflat {

ChainPageWriter::ChainPageWriter(Relation index, ForkNumber fork, std::size_t chains, BlockNumber first_free,
                                 std::size_t max_open)
    : index_(index),
      fork_(fork),
      next_free_(first_free),
      file_end_(first_free),
      first_(chains, InvalidBlockNumber),
      last_(chains, InvalidBlockNumber),
      slot_of_(chains, kNone) {
  const std::size_t slots = std::max<std::size_t>(1, std::min(chains, max_open));
  memory_.resize(slots * BLCKSZ);
  chain_of_.resize(slots);
  newer_.resize(slots, kNone);
  older_.resize(slots, kNone);
}

void ChainPageWriter::Unlink(int slot) {
  const int newer = newer_[slot], older = older_[slot];
  if (newer != kNone) older_[newer] = older; else newest_ = older;
  if (older != kNone) newer_[older] = newer; else oldest_ = newer;
  newer_[slot] = older_[slot] = kNone;
}

// Makes `slot` the most recently used (linking it if it was not).
void ChainPageWriter::Touch(int slot) {
  if (slot == newest_) return;
  if (newer_[slot] != kNone || older_[slot] != kNone || oldest_ == slot) Unlink(slot);
  older_[slot] = newest_;
  if (newest_ != kNone) newer_[newest_] = slot;
  newest_ = slot;
  if (oldest_ == kNone) oldest_ = slot;
}

void ChainPageWriter::WritePage(Page page, BlockNumber block) {
  PageSetChecksumInplace(page, block);
  SMgrRelation smgr = RelationGetSmgr(index_);
  if (block >= file_end_) {
    smgrextend(smgr, fork_, block, reinterpret_cast<char*>(page), true);
    file_end_ = block + 1;
  } else {
    smgrwrite(smgr, fork_, block, reinterpret_cast<char*>(page), true);
  }
}

int ChainPageWriter::TakeSlot() {
  if (used_ < static_cast<int>(chain_of_.size())) return used_++;
  const int victim = newest_;
  Unlink(victim);
  const std::size_t chain = chain_of_[victim];
  WritePage(SlotPage(victim), last_[chain]);
  slot_of_[chain] = kNone;
  return victim;
}

int ChainPageWriter::OpenSlot(std::size_t chain) {
  int slot = slot_of_[chain];
  if (slot != kNone) {
    Touch(slot);
    return slot;
  }
  slot = TakeSlot();
  Page page = SlotPage(slot);
  if (last_[chain] == InvalidBlockNumber) {
    InitPage(page, core::ivf::kListPage);
    first_[chain] = last_[chain] = next_free_++;
  } else {
    smgrread(RelationGetSmgr(index_), fork_, last_[chain], reinterpret_cast<char*>(page));
    ++read_back_;
  }
  slot_of_[chain] = slot;
  chain_of_[slot] = chain;
  Touch(slot);
  return slot;
}

ItemPointerData ChainPageWriter::Append(std::size_t chain, const void* item, Size item_size) {
  const int slot = OpenSlot(chain);
  Page page = SlotPage(slot);
  if (PageGetFreeSpace(page) < MAXALIGN(item_size) && PageGetMaxOffsetNumber(page) > 0) {
    // Full: chained to a page started in the same slot, then written.
    const BlockNumber fresh = next_free_++;
    Opaque(page)->next_block = fresh;
    WritePage(page, last_[chain]);
    InitPage(page, core::ivf::kListPage);
    last_[chain] = fresh;
  }
  const OffsetNumber offset =
      PageAddItem(page, reinterpret_cast<Item>(const_cast<void*>(item)), item_size, InvalidOffsetNumber, false, false);
  if (offset == InvalidOffsetNumber) {
    elog(ERROR, "failed to add index item to \"%s\"", RelationGetRelationName(index_));
  }
  ItemPointerData where;
  ItemPointerSet(&where, last_[chain], offset);
  return where;
}

void ChainPageWriter::Finish() {
  for (int slot = 0; slot < used_; ++slot) {
    const std::size_t chain = chain_of_[slot];
    if (slot_of_[chain] != slot) continue;
    WritePage(SlotPage(slot), last_[chain]);
    slot_of_[chain] = kNone;
  }
  if (index_->rd_rel->relpersistence == RELPERSISTENCE_UNLOGGED) smgrimmedsync(RelationGetSmgr(index_), fork_);
}

}  // namespace pgvec::pg::ivfflat
