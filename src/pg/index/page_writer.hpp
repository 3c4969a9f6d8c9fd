// One atomic change to up to four index pages (hnsw and ivfflat): through
// GenericXLog when the change must be WAL-logged (inserts, VACUUM), or in place with the buffers
// marked dirty during a build (the build logs every page at the end with
// log_newpage_range instead).
#pragma once

#include "pg/prelude.hpp"

extern "C" {
#include "access/generic_xlog.h"
#include "storage/bufmgr.h"
}

namespace pgvec::pg {

class PageWriter {
 public:
  PageWriter(Relation index, bool wal) : index_(index), wal_(wal) {
    if (wal_) state_ = GenericXLogStart(index_);
  }

  // The page to modify (a copy under GenericXLog). The caller holds the
  // buffer's exclusive lock until Finish.
  Page Register(Buffer buffer, bool new_page = false) {
    if (wal_) return GenericXLogRegisterBuffer(state_, buffer, new_page ? GENERIC_XLOG_FULL_IMAGE : 0);
    buffers_[count_++] = buffer;
    return BufferGetPage(buffer);
  }

  void Finish() {
    if (wal_) {
      GenericXLogFinish(state_);
    } else {
      for (int i = 0; i < count_; ++i) MarkBufferDirty(buffers_[i]);
    }
  }

 private:
  Relation index_;
  bool wal_;
  GenericXLogState* state_ = nullptr;
  Buffer buffers_[MAX_GENERIC_XLOG_PAGES];
  int count_ = 0;
};

}  // namespace pgvec::pg
