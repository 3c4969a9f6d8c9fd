// The planner's cost of an ivfflat index scan (amcostestimate). The model is
// pgvector's, so plans do not change when switching extensions: the scan
// reads probes / lists of the index before returning its first row, half of
// the index page cost counts as sequential (lists are read page after page),
// and when the pages read would outnumber the heap's main-fork pages -
// vectors live in TOAST, which the sequential scan's cost ignores - the rest
// is converted too and the excess pages dropped. Without ORDER BY the index
// is never chosen (infinite cost).
#include <algorithm>

#include "pg/ivfflat/list_pages.hpp"

#include "pg/ivfflat/am.hpp"
#include "pg/ivfflat/options.hpp"

#include "pg/index/am_common.hpp"

extern "C" {
#include "access/relation.h"
#include "optimizer/optimizer.h"
#include "utils/selfuncs.h"
#include "utils/spccache.h"
}

namespace pgvec::pg::ivfflat {

void CostEstimate(PlannerInfo* root, IndexPath* path, double loop_count, Cost* startup_cost, Cost* total_cost,
                  Selectivity* selectivity, double* correlation, double* pages) {
  if (CostWithoutOrder(path, startup_cost, total_cost, selectivity, correlation, pages)) return;

  GenericCosts costs;
  MemSet(&costs, 0, sizeof(costs));
  genericcostestimate(root, path, loop_count, &costs);

  Relation index = index_open(path->indexinfo->indexoid, NoLock);
  const int lists = ReadMeta(index).lists;
  index_close(index, NoLock);

  const double ratio = std::min(1.0, static_cast<double>(probes) / lists);
  constexpr double kSequentialShare = 0.5;
  double seq_page_cost;
  get_tablespace_page_costs(path->indexinfo->reltablespace, nullptr, &seq_page_cost);
  costs.indexTotalCost -= kSequentialShare * costs.numIndexPages * (costs.spc_random_page_cost - seq_page_cost);
  costs.indexStartupCost = costs.indexTotalCost * ratio;

  const double startup_pages = costs.numIndexPages * ratio;
  const double heap_pages = path->indexinfo->rel->pages;
  if (startup_pages > heap_pages && ratio < 0.5) {
    costs.indexStartupCost -= (1 - kSequentialShare) * startup_pages * (costs.spc_random_page_cost - seq_page_cost);
    costs.indexStartupCost -= (startup_pages - heap_pages) * seq_page_cost;
  }

  *startup_cost = costs.indexStartupCost;
  *total_cost = costs.indexTotalCost;
  *selectivity = costs.indexSelectivity;
  *correlation = costs.indexCorrelation;
  *pages = costs.numIndexPages;
}

}  // namespace pgvec::pg::ivfflat
