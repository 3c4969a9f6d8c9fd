#include <algorithm>
#include <thread>

#include "pg/index/build_support.hpp"

#include "pg/fence.hpp"

extern "C" {
#include "miscadmin.h"
#include "storage/pmsignal.h"
}

namespace pgvec::pg {

int MaintenanceThreadCount(Relation heap) {
  int workers = max_parallel_maintenance_workers;
  const int table_setting = RelationGetParallelWorkers(heap, -1);
  if (table_setting >= 0) workers = std::min(workers, table_setting);
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
