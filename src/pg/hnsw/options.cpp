#include "pg/hnsw/options.hpp"

extern "C" {
#include "access/reloptions.h"
#include "utils/guc.h"
#include "utils/rel.h"
}

namespace pgvec::pg::hnsw {

int ef_search = 40;
int iterative_scan = static_cast<int>(IterativeScan::kOff);
int max_scan_tuples = 20000;
double scan_mem_multiplier = 1.0;

namespace {

relopt_kind hnsw_relopt_kind;

const struct config_enum_entry kIterativeScanValues[] = {
    {"off", static_cast<int>(IterativeScan::kOff), false},
    {"relaxed_order", static_cast<int>(IterativeScan::kRelaxedOrder), false},
    {"strict_order", static_cast<int>(IterativeScan::kStrictOrder), false},
    {nullptr, 0, false},
};

}  // namespace

void RegisterHnswOptions() {
  hnsw_relopt_kind = add_reloption_kind();
  add_int_reloption(hnsw_relopt_kind, "m", "Max number of connections", kDefaultM, kMinM, kMaxM,
                    AccessExclusiveLock);
  add_int_reloption(hnsw_relopt_kind, "ef_construction", "Size of the dynamic candidate list for construction",
                    kDefaultEfConstruction, kMinEfConstruction, kMaxEfConstruction, AccessExclusiveLock);

  DefineCustomIntVariable("hnsw.ef_search", "Sets the size of the dynamic candidate list for search",
                          "Valid range is 1..1000.", &ef_search, 40, 1, 1000, PGC_USERSET, 0, nullptr, nullptr,
                          nullptr);
  DefineCustomEnumVariable("hnsw.iterative_scan", "Sets the mode for iterative scans", nullptr, &iterative_scan,
                           static_cast<int>(IterativeScan::kOff), kIterativeScanValues, PGC_USERSET, 0, nullptr,
                           nullptr, nullptr);
  // A tuple count, not pages, as in pgvector; approximate, see scan.cpp.
  DefineCustomIntVariable("hnsw.max_scan_tuples", "Sets the max number of tuples to visit for iterative scans",
                          nullptr, &max_scan_tuples, 20000, 1, INT_MAX, PGC_USERSET, 0, nullptr, nullptr, nullptr);
  DefineCustomRealVariable("hnsw.scan_mem_multiplier", "Sets the multiple of work_mem to use for iterative scans",
                           nullptr, &scan_mem_multiplier, 1, 1, 1000, PGC_USERSET, 0, nullptr, nullptr, nullptr);
  MarkGUCPrefixReserved("hnsw");
}

bytea* ParseReloptions(Datum reloptions, bool validate) {
  static const relopt_parse_elt kTable[] = {
      {"m", RELOPT_TYPE_INT, offsetof(Reloptions, m)},
      {"ef_construction", RELOPT_TYPE_INT, offsetof(Reloptions, ef_construction)},
  };
  return static_cast<bytea*>(
      build_reloptions(reloptions, validate, hnsw_relopt_kind, sizeof(Reloptions), kTable, lengthof(kTable)));
}

int OptionM(Relation index) {
  const auto* options = reinterpret_cast<const Reloptions*>(index->rd_options);
  return options != nullptr ? options->m : kDefaultM;
}

int OptionEfConstruction(Relation index) {
  const auto* options = reinterpret_cast<const Reloptions*>(index->rd_options);
  return options != nullptr ? options->ef_construction : kDefaultEfConstruction;
}

}  // namespace pgvec::pg::hnsw
