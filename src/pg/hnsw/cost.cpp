// The planner's cost of an hnsw index scan (amcostestimate). The model is
// pgvector's, so plans do not change when switching extensions:
//
//   tuples visited ~ entryLevel * m + (2m * ef_search) * layer0Selectivity
//   entryLevel        = floor(ln(N) / ln(m))            (expected top level)
//   layer0Selectivity = 0.55 * ln(N) / (ln(m) * (1 + ln(ef_search)))
//
// The ratio visited/N scales genericcostestimate's full-index cost into the
// startup cost (all the work happens before the first row). A scan without
// ORDER BY is never chosen (infinite cost). When the pages touched would
// outnumber the heap's main-fork pages - vectors live in TOAST, which the
// sequential scan's cost ignores - random page costs are converted to
// sequential ones and the excess pages dropped, so the index still wins
// against a sequential scan whose real cost is mostly TOAST reads.
#include <cmath>

#include "pg/hnsw/page_store.hpp"

#include "pg/hnsw/am.hpp"
#include "pg/hnsw/options.hpp"

#include "pg/index/am_common.hpp"

extern "C" {
#include "access/relation.h"
#include "optimizer/optimizer.h"
#include "utils/selfuncs.h"
#include "utils/spccache.h"
}

namespace pgvec::pg::hnsw {

void CostEstimate(PlannerInfo* root, IndexPath* path, double loop_count, Cost* startup_cost, Cost* total_cost,
                  Selectivity* selectivity, double* correlation, double* pages) {
  if (CostWithoutOrder(path, startup_cost, total_cost, selectivity, correlation, pages)) return;

  GenericCosts costs;
  MemSet(&costs, 0, sizeof(costs));
  genericcostestimate(root, path, loop_count, &costs);

  Relation index = index_open(path->indexinfo->indexoid, NoLock);
  const int m = ReadMeta(index).m;
  index_close(index, NoLock);

  double ratio = 1.0;
  const double tuples = path->indexinfo->tuples;
  if (tuples > 0) {
    const double log_m = std::log(static_cast<double>(m));
    const int entry_level = static_cast<int>(std::log(tuples) / log_m);
    const double layer0_max = 2.0 * m * ef_search;
    const double layer0_selectivity = 0.55 * std::log(tuples) / (log_m * (1.0 + std::log(static_cast<double>(ef_search))));
    ratio = std::min(1.0, (entry_level * m + layer0_max * layer0_selectivity) / tuples);
  }

  double seq_page_cost;
  get_tablespace_page_costs(path->indexinfo->reltablespace, nullptr, &seq_page_cost);
  costs.indexStartupCost = costs.indexTotalCost * ratio;
  const double startup_pages = costs.numIndexPages * ratio;
  const double heap_pages = path->indexinfo->rel->pages;
  if (startup_pages > heap_pages && ratio < 0.5) {
    costs.indexStartupCost -= startup_pages * (costs.spc_random_page_cost - seq_page_cost);
    costs.indexStartupCost -= (startup_pages - heap_pages) * seq_page_cost;
  }

  *startup_cost = costs.indexStartupCost;
  *total_cost = costs.indexTotalCost;
  *selectivity = costs.indexSelectivity;
  *correlation = costs.indexCorrelation;
  *pages = costs.numIndexPages;
}

}  // namespace pgvec::pg::hnsw
