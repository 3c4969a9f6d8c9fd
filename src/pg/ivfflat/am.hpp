// The ivfflat access method's callbacks, one lifecycle phase per file.
#pragma once

#include "pg/prelude.hpp"

extern "C" {
#include "access/amapi.h"
#include "access/genam.h"
#include "access/relscan.h"
}

namespace pgvec::pg::ivfflat {

// build.cpp
IndexBuildResult* Build(Relation heap, Relation index, IndexInfo* index_info);
void BuildEmpty(Relation index);

// scan.cpp
IndexScanDesc BeginScan(Relation index, int nkeys, int norderbys);
void Rescan(IndexScanDesc scan, ScanKey keys, int nkeys, ScanKey orderbys, int norderbys);
bool GetTuple(IndexScanDesc scan, ScanDirection direction);
void EndScan(IndexScanDesc scan);

// vacuum.cpp
IndexBulkDeleteResult* BulkDelete(IndexVacuumInfo* info, IndexBulkDeleteResult* stats,
                                  IndexBulkDeleteCallback callback, void* callback_state);
IndexBulkDeleteResult* VacuumCleanup(IndexVacuumInfo* info, IndexBulkDeleteResult* stats);

// cost.cpp
void CostEstimate(PlannerInfo* root, IndexPath* path, double loop_count, Cost* startup_cost, Cost* total_cost,
                  Selectivity* selectivity, double* correlation, double* pages);

}  // namespace pgvec::pg::ivfflat
