// hnsw reloptions (m, ef_construction) and settings (hnsw.*), with
// pgvector's names, defaults, ranges and descriptions.
#pragma once

#include "pg/prelude.hpp"

extern "C" {
#include "utils/relcache.h"
}

namespace pgvec::pg::hnsw {

inline constexpr int kDefaultM = 16;
inline constexpr int kMinM = 2;
inline constexpr int kMaxM = 100;
inline constexpr int kDefaultEfConstruction = 64;
inline constexpr int kMinEfConstruction = 4;
inline constexpr int kMaxEfConstruction = 1000;

enum class IterativeScan { kOff = 0, kRelaxedOrder = 1, kStrictOrder = 2 };

// Settings, registered by RegisterHnswOptions() at load.
extern int ef_search;
extern int iterative_scan;  // IterativeScan
extern int max_scan_tuples;
extern double scan_mem_multiplier;

struct Reloptions {
  int32 vl_len_;  // varlena header (build_reloptions' contract)
  int m;
  int ef_construction;
};

void RegisterHnswOptions();
bytea* ParseReloptions(Datum reloptions, bool validate);
int OptionM(Relation index);
int OptionEfConstruction(Relation index);

}  // namespace pgvec::pg::hnsw
