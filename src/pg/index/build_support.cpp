#include <algorithm>
#include <thread>

#include "pg/index/build_support.hpp"

#include "pg/fence.hpp"

extern "C" {
#include "access/table.h"
#include "miscadmin.h"
#include "optimizer/paths.h"
#include "storage/bufmgr.h"
#include "storage/pmsignal.h"
}

namespace pgvec::pg {

int MaintenanceThreadCount(Relation heap) {
  int workers = max_parallel_maintenance_workers;
  const int table_setting = RelationGetParallelWorkers(heap, -1);
  if (table_setting >= 0) {
    workers = std::min(workers, table_setting);
  } else {
    // PostgreSQL's own threshold for parallel builds, but measured on the
    // heap *and* its TOAST table: small tables build on one thread (a
    // concurrent build is not reproducible, and gains nothing there).
    const BlockNumber blocks = PgCall([heap] {
      BlockNumber total = RelationGetNumberOfBlocks(heap);
      if (OidIsValid(heap->rd_rel->reltoastrelid)) {
        Relation toast = table_open(heap->rd_rel->reltoastrelid, AccessShareLock);
        total += RelationGetNumberOfBlocks(toast);
        table_close(toast, AccessShareLock);
      }
      return total;
    });
    if (blocks < static_cast<BlockNumber>(min_parallel_table_scan_size)) workers = 0;
  }
  const int cpus = static_cast<int>(std::thread::hardware_concurrency());
  if (cpus > 0) workers = std::min(workers, cpus - 1 > 0 ? cpus - 1 : 0);
  return std::max(workers, 0);
}

void CheckMaintenanceInterrupts(const char* am_name) {
  PgCall([am_name] {
    CHECK_FOR_INTERRUPTS();
    if (!PostmasterIsAlive()) {
      ereport(FATAL, (errcode(ERRCODE_ADMIN_SHUTDOWN),
                      errmsg("terminating %s index build because the postmaster exited", am_name)));
    }
  });
}

}  // namespace pgvec::pg
