// The ivfflat index access method.
//
// == What it is ==
// An inverted file of flat (uncompressed) vectors: k-means divides the rows
// into `lists` lists around their centers; a scan reads the `ivfflat.probes`
// lists whose centers are nearest to the query and orders their rows by
// exact distance. The clustering lives in the pure C++ core
// (pgvec/core/ivf); this folder stores the lists in PostgreSQL pages and
// drives the build, inserts, scans and VACUUM.
//
// == Page layout (format version 1, bytes in pgvec/core/ivf/page_format.hpp) ==
//
//   block 0              metapage: magic, version, dimensions, lists, value
//                        kind, layout, where the directory starts and its
//                        fan-out
//   blocks 1, 2          (vector indexes) the codes' offsets and scales
//   blocks 1..d          directory: one item per list, in list order - the
//                        first and insert page of each of its chains, and
//                        its center (float32; binary16 for halfvec; packed
//                        bits for bit)
//   blocks d+1..         list pages, each chain linked through the special
//                        space's next_block
//
// halfvec and bit indexes keep one chain per list whose items are the heap
// TID and the raw elements (no varlena header). vector indexes keep two:
// codes - heap TID, one byte per dimension (scalar quantization over the
// sample's range in each dimension, whose offsets and scales fill blocks 1
// and 2), the exact distance between value and code, the norms and where
// its float32 vector is - and the vectors themselves. A scan reads the codes
// (a quarter of the bytes of the values: a third of the pages and buffer
// lookups per probe) and only the few vectors whose code-based bound could
// still beat a result (scan.cpp); its order is exactly the float32 one. The
// price is index size: 1.25x a values-only index at 784 dims, though the
// part scans touch on every query is a quarter of it.
//
// List i's directory item sits at a computed place (block 1 + i / fan-out),
// so an insert or a scan reads exactly the directory pages it needs, and the
// centers themselves are read once per backend into the relcache entry
// (they never change after the build). Lists are written batch by batch
// during the build, so a list's pages are mostly, not strictly,
// consecutive; a chain's block numbers always ascend. A pgvector index is
// not readable: switching extensions requires REINDEX.
//
// == Locking ==
// Scans share-lock one list page at a time and copy the heap TIDs out, so no
// pin outlives a call (MVCC snapshots make that safe, see scan.cpp).
// Inserts exclusively lock the page they append to, and the page they chain
// after it when it is full (new pages come from the relation extension
// lock); a chain's first page is created under its directory page's lock.
// A vector goes in before the code that points at it.
// The insert page in the directory is only a hint: appends follow
// next_block from it while pages are full. VACUUM exclusively locks each
// code (or row) page in turn and removes the dead rows, then the vector
// pages of the removed codes (their line pointers are left unused, not
// compacted, since codes address vectors by offset, and get reused), then
// the directory page to move the insert pages back.
// No two list pages are ever locked except a full page and its new
// successor, always in chain order, so there is no deadlock.
//
// == WAL ==
// Builds write pages without WAL and log every page at the end with
// log_newpage_range (also the init fork of unlogged indexes). Inserts and
// VACUUM change pages through GenericXLog, so crash recovery and streaming
// replicas replay every change.
#include "pg/ivfflat/list_pages.hpp"

#include "pgvec/core/ivf/kmeans.hpp"

#include "pg/fence.hpp"
#include "pg/index/am_common.hpp"
#include "pg/ivfflat/am.hpp"
#include "pg/ivfflat/options.hpp"

extern "C" {
#include "commands/progress.h"
#include "utils/memutils.h"
}

namespace pgvec::pg::ivfflat {
namespace {

constexpr int kSupportCount = 5;

bool Insert(Relation index, Datum* values, bool* isnull, ItemPointer heap_tid, Relation, IndexUniqueCheck, bool,
            IndexInfo*) {
  if (isnull[0]) return false;
  MemoryContext insert_context = AllocSetContextCreate(CurrentMemoryContext, "ivfflat insert", ALLOCSET_DEFAULT_SIZES);
  MemoryContext previous = MemoryContextSwitchTo(insert_context);
  const IndexSpace space = LoadIndexCache(index).space;
  const std::byte* value = space.PrepareValue(values[0]);
  // Detoasting may rebuild the relcache entry: take the cache afterwards.
  const IndexCache& cache = LoadIndexCache(index);
  if (value != nullptr) {
    const std::byte* elements = ElementsOf(value);
    const auto list = Fenced([&] {
      return core::ivf::NearestCenter(cache.scan_metric, elements, cache.meta.kind, cache.centers);
    });
    const Meta& meta = cache.meta;
    const Size item_size = core::ivf::ListItemSize(cache.value_bytes);
    auto* item = static_cast<std::byte*>(palloc(item_size));
    FillItem(item, heap_tid, elements, cache.value_bytes);
    if (meta.layout == core::ivf::kScalarCodes) {
      // The vector first, then the code that points at it: a scan never
      // finds a code whose vector is missing. (A crash between the two
      // leaves an unreferenced vector item: space, not a wrong answer.)
      ItemPointerData vector = AppendItem(index, meta, static_cast<int>(list), core::ivf::kVectors, item, item_size);
      const std::size_t dims = static_cast<std::size_t>(meta.dimensions);
      const Size code_size = core::ivf::CodeItemSize(dims);
      auto* code = static_cast<std::byte*>(palloc(code_size));
      FillCodeItem(code, heap_tid, &vector, reinterpret_cast<const float*>(elements), dims, cache.code_offset,
                   cache.code_scale);
      AppendItem(index, meta, static_cast<int>(list), core::ivf::kRows, code, code_size);
    } else {
      AppendItem(index, meta, static_cast<int>(list), core::ivf::kRows, item, item_size);
    }
  }
  MemoryContextSwitchTo(previous);
  MemoryContextDelete(insert_context);
  return false;
}

bytea* Options(Datum reloptions, bool validate) { return ParseReloptions(reloptions, validate); }

char* BuildPhaseName(int64 phase) {
  switch (phase) {
    case PROGRESS_CREATEIDX_SUBPHASE_INITIALIZE: return const_cast<char*>("initializing");
    case 2: return const_cast<char*>("performing k-means");
    case 3: return const_cast<char*>("assigning tuples");
    case 4: return const_cast<char*>("loading tuples");
    default: return nullptr;
  }
}

bool Validate(Oid opclass_oid) { return ValidateVectorOpclass(opclass_oid, "ivfflat", kSupportCount); }

}  // namespace
}  // namespace pgvec::pg::ivfflat

PGVEC_FUNCTION(ivfflathandler) {
  namespace v = pgvec::pg::ivfflat;
  IndexAmRoutine* am = pgvec::pg::NewVectorIndexAmRoutine();
  am->amsupport = v::kSupportCount;

  am->ambuild = v::Build;
  am->ambuildempty = v::BuildEmpty;
  am->aminsert = v::Insert;
  am->ambulkdelete = v::BulkDelete;
  am->amvacuumcleanup = v::VacuumCleanup;
  am->amcostestimate = v::CostEstimate;
  am->amoptions = v::Options;
  am->ambuildphasename = v::BuildPhaseName;
  am->amvalidate = v::Validate;
  am->ambeginscan = v::BeginScan;
  am->amrescan = v::Rescan;
  am->amgettuple = v::GetTuple;
  am->amendscan = v::EndScan;
  PG_RETURN_POINTER(am);
}

// Support function 5 of the halfvec and bit opclasses (pgvector's catalog
// has them). The type is learnt from support function 1, so these only
// identify it.
namespace {
struct TypeTag {
  const char* type;
};
const TypeTag kHalfvecTag{"halfvec"};
const TypeTag kBitTag{"bit"};
}  // namespace

PGVEC_FUNCTION(ivfflat_halfvec_support) { PG_RETURN_POINTER(&kHalfvecTag); }
PGVEC_FUNCTION(ivfflat_bit_support) { PG_RETURN_POINTER(&kBitTag); }
