#include "pg/ivfflat/options.hpp"

extern "C" {
#include "access/reloptions.h"
#include "utils/guc.h"
#include "utils/rel.h"
}

namespace pgvec::pg::ivfflat {

int probes = 1;
int iterative_scan = static_cast<int>(IterativeScan::kOff);
int max_probes = kMaxLists;

namespace {

relopt_kind ivfflat_relopt_kind;

const struct config_enum_entry kIterativeScanValues[] = {
    {"off", static_cast<int>(IterativeScan::kOff), false},
    {"relaxed_order", static_cast<int>(IterativeScan::kRelaxedOrder), false},
    {nullptr, 0, false},
};

}  // namespace

void RegisterIvfflatOptions() {
  ivfflat_relopt_kind = add_reloption_kind();
  add_int_reloption(ivfflat_relopt_kind, "lists", "Number of inverted lists", kDefaultLists, kMinLists, kMaxLists,
                    AccessExclusiveLock);

  DefineCustomIntVariable("ivfflat.probes", "Sets the number of probes", "Valid range is 1..lists.", &probes, 1, 1,
                          kMaxLists, PGC_USERSET, 0, nullptr, nullptr, nullptr);
  DefineCustomEnumVariable("ivfflat.iterative_scan", "Sets the mode for iterative scans", nullptr, &iterative_scan,
                           static_cast<int>(IterativeScan::kOff), kIterativeScanValues, PGC_USERSET, 0, nullptr,
                           nullptr, nullptr);
  DefineCustomIntVariable("ivfflat.max_probes", "Sets the max number of probes for iterative scans", nullptr,
                          &max_probes, kMaxLists, 1, kMaxLists, PGC_USERSET, 0, nullptr, nullptr, nullptr);
  MarkGUCPrefixReserved("ivfflat");
}

bytea* ParseReloptions(Datum reloptions, bool validate) {
  static const relopt_parse_elt kTable[] = {
      {"lists", RELOPT_TYPE_INT, offsetof(Reloptions, lists)},
  };
  return static_cast<bytea*>(
      build_reloptions(reloptions, validate, ivfflat_relopt_kind, sizeof(Reloptions), kTable, lengthof(kTable)));
}

int OptionLists(Relation index) {
  const auto* options = reinterpret_cast<const Reloptions*>(index->rd_options);
  return options != nullptr ? options->lists : kDefaultLists;
}

}  // namespace pgvec::pg::ivfflat
