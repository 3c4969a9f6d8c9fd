#include "pg/index/am_common.hpp"

extern "C" {
#include "access/amvalidate.h"
#include "access/htup_details.h"
#include "catalog/pg_amop.h"
#include "catalog/pg_amproc.h"
#include "catalog/pg_opclass.h"
#include "commands/vacuum.h"
#include "utils/catcache.h"
#include "utils/float.h"
#include "utils/syscache.h"
}

namespace pgvec::pg {

IndexAmRoutine* NewVectorIndexAmRoutine() {
  IndexAmRoutine* am = makeNode(IndexAmRoutine);
  am->amstrategies = 0;
  am->amoptsprocnum = 0;
  am->amcanorder = false;
  am->amcanorderbyop = true;
  am->amcanbackward = false;
  am->amcanunique = false;
  am->amcanmulticol = false;
  am->amoptionalkey = true;
  am->amsearcharray = false;
  am->amsearchnulls = false;
  am->amstorage = false;
  am->amclusterable = false;
  am->ampredlocks = false;
  am->amcanparallel = false;
  am->amcaninclude = false;
  am->amusemaintenanceworkmem = false;
  am->amparallelvacuumoptions = VACUUM_OPTION_PARALLEL_BULKDEL;
  am->amkeytype = InvalidOid;
  am->amcanreturn = nullptr;
  am->amproperty = nullptr;
  am->amadjustmembers = nullptr;
  am->amgetbitmap = nullptr;
  am->ammarkpos = nullptr;
  am->amrestrpos = nullptr;
  am->amestimateparallelscan = nullptr;
  am->aminitparallelscan = nullptr;
  am->amparallelrescan = nullptr;
  return am;
}

bool ValidateVectorOpclass(Oid opclass_oid, const char* am_name, int max_support) {
  HeapTuple class_tuple = SearchSysCache1(CLAOID, ObjectIdGetDatum(opclass_oid));
  if (!HeapTupleIsValid(class_tuple)) elog(ERROR, "cache lookup failed for operator class %u", opclass_oid);
  const auto* opclass = reinterpret_cast<Form_pg_opclass>(GETSTRUCT(class_tuple));
  const Oid family = opclass->opcfamily;
  const char* name = NameStr(opclass->opcname);
  bool valid = true;

  CatCList* procs = SearchSysCacheList1(AMPROCNUM, ObjectIdGetDatum(family));
  bool has_distance = false;
  for (int i = 0; i < procs->n_members; ++i) {
    const auto* proc = reinterpret_cast<Form_pg_amproc>(GETSTRUCT(&procs->members[i]->tuple));
    if (proc->amprocnum == 1) has_distance = true;
    if (proc->amprocnum < 1 || proc->amprocnum > max_support) {
      ereport(INFO, (errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
                     errmsg("%s operator class \"%s\" contains function with invalid support number %d", am_name,
                            name, proc->amprocnum)));
      valid = false;
    }
  }
  ReleaseCatCacheList(procs);

  CatCList* ops = SearchSysCacheList1(AMOPSTRATEGY, ObjectIdGetDatum(family));
  for (int i = 0; i < ops->n_members; ++i) {
    const auto* op = reinterpret_cast<Form_pg_amop>(GETSTRUCT(&ops->members[i]->tuple));
    if (op->amopstrategy != 1 || op->amoppurpose != AMOP_ORDER) {
      ereport(INFO, (errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
                     errmsg("%s operator class \"%s\" contains operator with invalid strategy or purpose", am_name,
                            name)));
      valid = false;
    }
  }
  ReleaseCatCacheList(ops);

  if (!has_distance) {
    ereport(INFO, (errcode(ERRCODE_INVALID_OBJECT_DEFINITION),
                   errmsg("%s operator class \"%s\" is missing its distance support function", am_name, name)));
    valid = false;
  }
  ReleaseSysCache(class_tuple);
  return valid;
}

bool CostWithoutOrder(IndexPath* path, Cost* startup_cost, Cost* total_cost, Selectivity* selectivity,
                      double* correlation, double* pages) {
  if (path->indexorderbys != NIL) return false;
  *startup_cost = get_float8_infinity();
  *total_cost = get_float8_infinity();
  *selectivity = 0;
  *correlation = 0;
  *pages = 0;
  return true;
}

}  // namespace pgvec::pg
