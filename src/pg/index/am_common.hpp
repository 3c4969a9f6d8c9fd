// What the two access methods' handlers share: the capability flags of an
// ordering-only vector index (spec section 3.1) and the operator-class
// validation of amvalidate.
#pragma once

#include "pg/prelude.hpp"

extern "C" {
#include "access/amapi.h"
#include "nodes/pathnodes.h"
}

namespace pgvec::pg {

// A fresh IndexAmRoutine with the flags both AMs have: no search keys, order
// by operator only, one column, no unique/include/bitmap/index-only scans,
// parallel bulk delete. The caller sets amsupport and the callbacks.
IndexAmRoutine* NewVectorIndexAmRoutine();

// amvalidate: ordering operators under strategy 1 only, support functions
// 1..max_support, and the distance (1) present; reports problems as INFO,
// as PostgreSQL's own AMs do (contrib/bloom's blvalidate is the model).
bool ValidateVectorOpclass(Oid opclass_oid, const char* am_name, int max_support);

// amcostestimate for a path without ORDER BY: infinite cost, so the index
// is never used to return rows in no particular order. Returns whether it
// applied (pgvector's rule; PostgreSQL 18 also sets disabled_nodes).
bool CostWithoutOrder(IndexPath* path, Cost* startup_cost, Cost* total_cost, Selectivity* selectivity,
                      double* correlation, double* pages);

}  // namespace pgvec::pg
