// The hnsw index access method.
//
// == What it is ==
// A Hierarchical Navigable Small World graph (Malkov & Yashunin, 2016) over
// the indexed values, stored in the index's own pages and WAL-logged, answering
// `ORDER BY column <op> constant LIMIT k` approximately. The graph algorithms
// live in the pure C++ core (pgvec/core/hnsw); this folder stores the graph in
// PostgreSQL pages and drives the algorithms.
//
// == Page layout (format version 1) ==
//
//   block 0      metapage: magic, version, dimensions, m, ef_construction,
//                entry point (block, offset, level), insert page
//   block 1..n   element pages, chained through the special space
//
//   +----------------------------------------------------------------+
//   | PageHeader | line pointers ->                                   |
//   |                                                                |
//   |              <- neighbor tuple | element tuple | neighbor tuple |
//   | element tuple | ... | special: next block, flags, page id 0xFF91 |
//   +----------------------------------------------------------------+
//
//   element tuple:  type, level, flags, heap row count, 10 heap TIDs (rows
//                   with byte-identical values share one element), TID of its
//                   neighbor tuple, value size, the value itself (the datum,
//                   normalized for cosine opclasses)
//   neighbor tuple: type, level, slot count, (level + 2) * m slots: layer 0
//                   (2m) first, then layers 1..level (m each)
//
// An element and its neighbor tuple share a page whenever both fit, so
// expanding a node costs one buffer access. Values up to a page (pgvector's
// 2,000-dim limit for vector) are stored whole; the split layout already lets
// a neighbor tuple live on another page, the first step towards elements
// larger than one page. Bytes are fixed in pgvec/core/hnsw/page_format.hpp.
// A pgvector index is not readable: switching extensions requires REINDEX.
//
// == Locking ==
// Buffers: readers share-lock one page at a time, only while copying a
// neighbor list or computing a distance on the page. Writers exclusively lock
// the pages they change, element pages before the metapage, and never wait
// for another buffer while holding the metapage.
// Heavyweight page locks on two pseudo page numbers coordinate the phases:
//   kUpdateLock  inserts hold it in Share mode for their whole duration, in
//                Exclusive mode when the new element may become the entry
//                point (so only one insert at a time moves it);
//   kScanLock    scans hold it in Share mode while they search a batch.
// VACUUM takes each Exclusive after removing rows, which waits for the
// inserts and scans that may still use them.
// A reverse link is written only if the neighbour's list is unchanged since it
// was read (compare and write under the buffer lock, retried once).
//
// == WAL ==
// Builds write pages without WAL and log every page at the end with
// log_newpage_range (also the init fork of unlogged indexes). Inserts and
// VACUUM change pages through GenericXLog, at most four pages per record, so
// crash recovery and streaming replicas replay every change.
//
// == Deletion ==
// VACUUM removes dead heap TIDs from elements. An element left without rows
// stays as a tombstone: still traversable (no link ever dangles, even for
// concurrent scans and inserts), never returned, never chosen as a neighbour;
// live elements linking to new tombstones get their lists recomputed.
#include "pg/index/index_space.hpp"
#include "pg/hnsw/insert.hpp"
#include "pg/hnsw/page_store.hpp"

#include "pg/hnsw/am.hpp"
#include "pg/hnsw/build.hpp"
#include "pg/hnsw/options.hpp"

#include "pg/fence.hpp"
#include "pg/index/am_common.hpp"

extern "C" {
#include "commands/progress.h"
#include "utils/memutils.h"
}

namespace pgvec::pg::hnsw {
namespace {

// Support functions: 1 distance, 2 norm (cosine), 3 type info.
constexpr int kSupportCount = 3;

bool Insert(Relation index, Datum* values, bool* isnull, ItemPointer heap_tid, Relation, IndexUniqueCheck, bool,
            IndexInfo* index_info) {
  if (isnull[0]) return false;
  // Allocations of one insert go to a context dropped right after it.
  MemoryContext insert_context =
      AllocSetContextCreate(CurrentMemoryContext, "hnsw insert", ALLOCSET_DEFAULT_SIZES);
  MemoryContext previous = MemoryContextSwitchTo(insert_context);
  const IndexSpace space = ResolveIndexSpace(index, "hnsw");
  std::byte* value = space.PrepareValue(values[0]);
  if (value != nullptr) {
    const Meta meta = ReadMeta(index);
    const InsertTarget target{index, &space, meta.m, meta.ef_construction, MaxLevel(meta.m), true};
    Fenced([&] { InsertValue(target, value, heap_tid); });
  }
  MemoryContextSwitchTo(previous);
  MemoryContextDelete(insert_context);
  (void)index_info;
  return false;
}

bytea* Options(Datum reloptions, bool validate) { return ParseReloptions(reloptions, validate); }

char* BuildPhaseName(int64 phase) {
  switch (phase) {
    case PROGRESS_CREATEIDX_SUBPHASE_INITIALIZE: return const_cast<char*>("initializing");
    case 2: return const_cast<char*>("loading tuples");
    default: return nullptr;
  }
}

bool Validate(Oid opclass_oid) { return ValidateVectorOpclass(opclass_oid, "hnsw", kSupportCount); }

}  // namespace
}  // namespace pgvec::pg::hnsw

PGVEC_FUNCTION(hnswhandler) {
  namespace h = pgvec::pg::hnsw;
  IndexAmRoutine* am = pgvec::pg::NewVectorIndexAmRoutine();
  am->amsupport = h::kSupportCount;

  am->ambuild = h::Build;
  am->ambuildempty = h::BuildEmpty;
  am->aminsert = h::Insert;
  am->ambulkdelete = h::BulkDelete;
  am->amvacuumcleanup = h::VacuumCleanup;
  am->amcostestimate = h::CostEstimate;
  am->amoptions = h::Options;
  am->ambuildphasename = h::BuildPhaseName;
  am->amvalidate = h::Validate;
  am->ambeginscan = h::BeginScan;
  am->amrescan = h::Rescan;
  am->amgettuple = h::GetTuple;
  am->amendscan = h::EndScan;
  PG_RETURN_POINTER(am);
}

// Support function 3 of the halfvec, bit and sparsevec opclasses (pgvector's
// catalog has them). This implementation learns the type from support
// function 1, so these only identify the type.
namespace {
struct TypeTag {
  const char* type;
};
const TypeTag kHalfvecTag{"halfvec"};
const TypeTag kBitTag{"bit"};
const TypeTag kSparsevecTag{"sparsevec"};
}  // namespace

PGVEC_FUNCTION(hnsw_halfvec_support) { PG_RETURN_POINTER(&kHalfvecTag); }
PGVEC_FUNCTION(hnsw_bit_support) { PG_RETURN_POINTER(&kBitTag); }
PGVEC_FUNCTION(hnsw_sparsevec_support) { PG_RETURN_POINTER(&kSparsevecTag); }
