// ivfflat reloption (lists) and settings (ivfflat.*), with pgvector's names,
// defaults, ranges and descriptions.
#pragma once

#include "pg/prelude.hpp"

extern "C" {
#include "utils/relcache.h"
}

namespace pgvec::pg::ivfflat {

inline constexpr int kDefaultLists = 100;
inline constexpr int kMinLists = 1;
inline constexpr int kMaxLists = 32768;

enum class IterativeScan { kOff = 0, kRelaxedOrder = 1 };

// Settings, registered by RegisterIvfflatOptions() at load.
extern int probes;
extern int iterative_scan;  // IterativeScan
extern int max_probes;

struct Reloptions {
  int32 vl_len_;  // varlena header (build_reloptions' contract)
  int lists;
};

void RegisterIvfflatOptions();
bytea* ParseReloptions(Datum reloptions, bool validate);
int OptionLists(Relation index);

}  // namespace pgvec::pg::ivfflat
