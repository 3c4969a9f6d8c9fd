// Index scans (ambeginscan .. amendscan).
//
// A scan takes the `ivfflat.probes` lists whose centers are nearest to the
// query (distances to every center from the cached centers, no page read),
// reads every row of those lists, computes its distance with the dispatched
// kernel straight on the buffer page (no fmgr call, no datum), and returns
// the rows nearest first. pgvector pours every row into a tuplesort; here
// rows go into a flat array and are ordered lazily: the nearest few are
// selected (nth_element) and sorted, and the next group only when the
// executor asks for more, so a LIMIT 10 query sorts a few dozen rows.
//
// Indexes of `vector` columns keep an 8-bit code of every row beside its
// float32 vector (pgvec/core/ivf/page_format.hpp). The scan then reads only
// the codes - a quarter of the bytes, a third of the pages - and gives each
// row a rigorous lower bound on its exact distance
// (pgvec/core/ivf/scalar_codes.hpp). Rows
// wait in a heap by bound; a row's float32 vector is read and its exact
// distance computed only when its bound is below the nearest exact distance
// known so far. A row is returned once no waiting bound is below it, so the
// output order is exactly that of the float32 distances, while a LIMIT 10
// query re-ranks a few dozen rows.
//
// Iterative scans (ivfflat.iterative_scan = relaxed_order): when a batch is
// exhausted (filters rejected its rows), the next `probes` lists, in order of
// center distance, form the next batch, up to ivfflat.max_probes lists in
// all. Rows are in order within a batch only.
//
// No page stays pinned between calls: the heap TIDs are copied out. That is
// safe because scans require an MVCC snapshot (a TID VACUUM frees and a new
// row reuses is invisible to the snapshot that read the old entry).
#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <numeric>
#include <vector>

#include "pgvec/core/half.hpp"
#include "pgvec/core/ivf/scalar_codes.hpp"
#include "pgvec/core/ivf/kmeans.hpp"
#include "pgvec/core/kernels.hpp"

#include "pg/ivfflat/list_pages.hpp"

#include "pg/context_owned.hpp"
#include "pg/fence.hpp"
#include "pg/ivfflat/am.hpp"
#include "pg/ivfflat/options.hpp"

extern "C" {
#include "access/itup.h"
#include "access/relscan.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
}

namespace pgvec::pg::ivfflat {
namespace {

struct Row {
  float distance;
  core::ivf::TupleRef heap;
};
static_assert(sizeof(Row) == 12);

// A row known by its code: a lower bound on its distance, and where its
// vector is.
struct Candidate {
  float bound;
  core::ivf::TupleRef heap;
  core::ivf::TupleRef vector;
};
static_assert(sizeof(Candidate) == 16);

struct FartherBound {
  bool operator()(const Candidate& a, const Candidate& b) const { return a.bound > b.bound; }
};
struct FartherRow {
  bool operator()(const Row& a, const Row& b) const { return a.distance > b.distance; }
};

// Distance of the query to one stored value, as support function 1 orders.
using RowDistance = float (*)(const void* query, const std::byte* value, std::size_t dims) noexcept;

float FloatL2(const void* q, const std::byte* v, std::size_t d) noexcept {
  return core::ActiveFloatKernels().l2_squared(static_cast<const float*>(q), reinterpret_cast<const float*>(v), d);
}
float FloatNegIp(const void* q, const std::byte* v, std::size_t d) noexcept {
  return -core::ActiveFloatKernels().inner_product(static_cast<const float*>(q), reinterpret_cast<const float*>(v), d);
}
float HalfL2(const void* q, const std::byte* v, std::size_t d) noexcept {
  return core::ActiveHalfKernels().l2_squared(static_cast<const core::Half*>(q), reinterpret_cast<const core::Half*>(v), d);
}
float HalfNegIp(const void* q, const std::byte* v, std::size_t d) noexcept {
  return -core::ActiveHalfKernels().inner_product(static_cast<const core::Half*>(q),
                                                  reinterpret_cast<const core::Half*>(v), d);
}
float BitHamming(const void* q, const std::byte* v, std::size_t d) noexcept {
  return static_cast<float>(core::ActiveBitKernels().hamming(static_cast<const std::uint8_t*>(q),
                                                             reinterpret_cast<const std::uint8_t*>(v), (d + 7) / 8));
}
float Zero(const void*, const std::byte*, std::size_t) noexcept { return 0.0f; }

RowDistance RowDistanceFor(const IndexCache& cache) {
  const bool l2 = cache.scan_metric == KMeansMetric::kL2;
  switch (cache.meta.kind) {
    case ElementKind::kFloat: return l2 ? FloatL2 : FloatNegIp;
    case ElementKind::kHalf: return l2 ? HalfL2 : HalfNegIp;
    case ElementKind::kBit: return BitHamming;
  }
  return FloatL2;
}

struct ScanState {
  const IndexCache* cache = nullptr;
  BufferAccessStrategy strategy = nullptr;
  bool started = false;
  int probes = 1;
  int max_probes = 1;
  std::vector<int> lists;  // lists to visit, nearest center first
  std::size_t next_list = 0;
  std::vector<Row> rows;  // the current batch
  std::size_t next_row = 0;
  std::size_t sorted_end = 0;  // rows[next_row, sorted_end) are in order
  std::vector<float> center_distances;
  const void* query = nullptr;  // elements of the prepared query; nullptr: all distances 0
  std::byte* prepared = nullptr;  // the prepared query datum (freed on the next rescan)
  RowDistance distance = Zero;
  // kScalarCodes: the query's code and bounds, the rows waiting by bound
  // (min-heap) and the re-ranked rows (min-heap by exact distance).
  bool codes = false;
  core::ivf::ScalarQuery scalar;
  std::vector<Candidate> waiting;
  std::vector<Row> ranked;
  MemoryContext context = nullptr;  // the scan's: prepared queries live there
};

// pgvector's message names the indexed dimensions first (its distance
// function gets the list center, then the query).
void CheckQueryDimensions(const IndexCache& cache, const std::byte* query) {
  const int dims = cache.space.Dimensions(query);
  if (dims == cache.meta.dimensions) return;
  if (cache.space.type == ValueType::kBit) {
    ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                    errmsg("different bit lengths %u and %u", static_cast<unsigned>(cache.meta.dimensions),
                           static_cast<unsigned>(dims))));
  }
  ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                  errmsg("different %s dimensions %d and %d",
                         cache.space.type == ValueType::kHalfvec ? "halfvec" : "vector", cache.meta.dimensions,
                         dims)));
}

// Reads the codes of every row of one list into s.waiting with their
// bounds (kScalarCodes); with every distance 0 (NULL query) they go straight
// to s.ranked.
void ReadCodes(Relation index, ScanState& s, int list) {
  const IndexCache& cache = *s.cache;
  const std::size_t dims = static_cast<std::size_t>(cache.meta.dimensions);
  const std::size_t item_size = core::ivf::CodeItemSize(dims);
  const bool l2 = cache.scan_metric == KMeansMetric::kL2;
  const bool zero = s.query == nullptr;
  const core::FloatKernels& fk = core::ActiveFloatKernels();
  const core::ivf::ScalarQuery& sq = s.scalar;
  // Pages go through a two-stage pipeline: while the codes of one page are
  // measured, the next page of the chain is already pinned and the first
  // cache lines of its header and items requested, so the misses of
  // consecutive pages overlap with work (per page, the buffer lookup and the
  // first touch of the page cost about as much as the distances).
  const std::size_t item_space = MAXALIGN(item_size);
  const auto prefetch_page = [item_space](Buffer buffer) {
    const char* page = static_cast<const char*>(BufferGetPage(buffer));
    __builtin_prefetch(page, 0, 3);
    __builtin_prefetch(page + BLCKSZ - 64, 0, 3);  // special space: next_block
    std::size_t start = BLCKSZ - MAXALIGN(sizeof(core::ivf::PageOpaque));
    for (int i = 0; i < 4 && start >= item_space + MAXALIGN(SizeOfPageHeaderData); ++i) {
      start -= item_space;
      __builtin_prefetch(page + start, 0, 3);
      __builtin_prefetch(page + start + 64, 0, 3);
    }
  };
  Buffer next_buffer = PgCall([&] {
    const BlockNumber first = ReadListEntry(index, cache.meta, list).first_block[core::ivf::kRows];
    if (first == InvalidBlockNumber) return InvalidBuffer;
    const Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, first, RBM_NORMAL, s.strategy);
    prefetch_page(buffer);
    return buffer;
  });
  while (next_buffer != InvalidBuffer) {
    Candidate page_rows[MaxIndexTuplesPerPage];
    int count = 0;
    const Buffer buffer = next_buffer;
    next_buffer = PgCall([&] {
      LockBuffer(buffer, BUFFER_LOCK_SHARE);
      Page page = BufferGetPage(buffer);
      const BlockNumber next = Opaque(page)->next_block;
      Buffer following = InvalidBuffer;
      if (next != InvalidBlockNumber) {
        following = ReadBufferExtended(index, MAIN_FORKNUM, next, RBM_NORMAL, s.strategy);
        prefetch_page(following);
      }
      const OffsetNumber max = PageGetMaxOffsetNumber(page);
      for (OffsetNumber off = FirstOffsetNumber; off <= max && count < MaxIndexTuplesPerPage; ++off) {
        const ItemId item_id = PageGetItemId(page, off);
        if (!ItemIdIsNormal(item_id) || ItemIdGetLength(item_id) < item_size) continue;
        const auto* item = reinterpret_cast<const std::byte*>(PageGetItem(page, item_id));
        CodeItemHeader header;
        std::memcpy(&header, item, sizeof header);
        float bound = 0.0f;
        if (!zero) {
          const auto* code = reinterpret_cast<const std::uint8_t*>(item + sizeof(CodeItemHeader));
          const core::ivf::CodeStats stats{header.code_error, header.norm, header.code_norm};
          bound = l2 ? core::ivf::ScalarLowerBoundL2Squared(
                           fk.u8_weighted_l2(sq.mapped.data(), sq.weights.data(), code, dims), sq, stats, dims)
                     : core::ivf::ScalarLowerBoundNegativeInnerProduct(fk.u8_dot(sq.scaled.data(), code, dims), sq,
                                                                       stats, dims);
        }
        page_rows[count++] = Candidate{bound, header.heap, header.vector};
      }
      UnlockReleaseBuffer(buffer);
      return following;
    });
    if (zero) {
      for (int i = 0; i < count; ++i) s.ranked.push_back(Row{0.0f, page_rows[i].heap});
    } else {
      s.waiting.insert(s.waiting.end(), page_rows, page_rows + count);
    }
  }
}

// Reads every row of the next `probes` lists: into s.rows (kFlat) or
// s.waiting (kScalarCodes).
void ReadBatch(Relation index, ScanState& s) {
  s.rows.clear();
  s.next_row = 0;
  s.sorted_end = 0;
  s.waiting.clear();
  s.ranked.clear();
  const IndexCache& cache = *s.cache;
  if (s.codes) {
    for (int taken = 0; taken < s.probes && s.next_list < s.lists.size(); ++taken) {
      ReadCodes(index, s, s.lists[s.next_list++]);
    }
    std::make_heap(s.waiting.begin(), s.waiting.end(), FartherBound{});
    return;
  }
  const std::size_t dims = static_cast<std::size_t>(cache.meta.dimensions);
  const std::size_t item_size = core::ivf::ListItemSize(cache.value_bytes);
  const void* query = s.query;
  const RowDistance distance = s.distance;
  for (int taken = 0; taken < s.probes && s.next_list < s.lists.size(); ++taken) {
    const int list = s.lists[s.next_list++];
    BlockNumber block = PgCall([&] { return ReadListEntry(index, cache.meta, list).first_block[core::ivf::kRows]; });
    while (block != InvalidBlockNumber) {
      // One page at a time into a local array: nothing inside PgCall may
      // throw (a C++ exception must not cross PG_TRY), so the growing
      // vector is filled outside.
      Row page_rows[MaxIndexTuplesPerPage];
      int count = 0;
      block = PgCall([&] {
        Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, block, RBM_NORMAL, s.strategy);
        LockBuffer(buffer, BUFFER_LOCK_SHARE);
        Page page = BufferGetPage(buffer);
        const OffsetNumber max = PageGetMaxOffsetNumber(page);
        for (OffsetNumber off = FirstOffsetNumber; off <= max && count < MaxIndexTuplesPerPage; ++off) {
          const ItemId item_id = PageGetItemId(page, off);
          if (!ItemIdIsNormal(item_id) || ItemIdGetLength(item_id) < item_size) continue;
          const auto* item = reinterpret_cast<const std::byte*>(PageGetItem(page, item_id));
          ListItemHeader header;
          std::memcpy(&header, item, sizeof header);
          page_rows[count++] = Row{distance(query, item + sizeof(ListItemHeader), dims), header.heap};
        }
        const BlockNumber next = Opaque(page)->next_block;
        UnlockReleaseBuffer(buffer);
        return next;
      });
      s.rows.insert(s.rows.end(), page_rows, page_rows + count);
    }
  }
}

// The exact distance of a waiting row from its float32 vector; false when
// the vector is gone (VACUUM removed the row since its code was read).
bool ExactDistance(Relation index, ScanState& s, const Candidate& c, float* out) {
  const IndexCache& cache = *s.cache;
  const std::size_t dims = static_cast<std::size_t>(cache.meta.dimensions);
  const Size item_size = core::ivf::ListItemSize(cache.value_bytes);
  return PgCall([&] {
    Buffer buffer = ReadBufferExtended(index, MAIN_FORKNUM, c.vector.block(), RBM_NORMAL, s.strategy);
    LockBuffer(buffer, BUFFER_LOCK_SHARE);
    Page page = BufferGetPage(buffer);
    bool found = false;
    if (c.vector.offset >= FirstOffsetNumber && c.vector.offset <= PageGetMaxOffsetNumber(page)) {
      const ItemId item_id = PageGetItemId(page, c.vector.offset);
      if (ItemIdIsNormal(item_id) && ItemIdGetLength(item_id) >= item_size) {
        const auto* item = reinterpret_cast<const std::byte*>(PageGetItem(page, item_id));
        ListItemHeader header;
        std::memcpy(&header, item, sizeof header);
        if (header.heap == c.heap) {
          *out = s.distance(s.query, item + sizeof(ListItemHeader), dims);
          found = true;
        }
      }
    }
    UnlockReleaseBuffer(buffer);
    return found;
  });
}

// The next row of the current batch in exact order (kScalarCodes); false
// when the batch is exhausted.
bool NextRanked(Relation index, ScanState& s, Row* row) {
  for (;;) {
    if (!s.waiting.empty() && (s.ranked.empty() || s.waiting.front().bound <= s.ranked.front().distance)) {
      std::pop_heap(s.waiting.begin(), s.waiting.end(), FartherBound{});
      const Candidate c = s.waiting.back();
      s.waiting.pop_back();
      float exact;
      if (ExactDistance(index, s, c, &exact)) {
        s.ranked.push_back(Row{exact, c.heap});
        std::push_heap(s.ranked.begin(), s.ranked.end(), FartherRow{});
      }
      continue;
    }
    if (s.ranked.empty()) return false;
    std::pop_heap(s.ranked.begin(), s.ranked.end(), FartherRow{});
    *row = s.ranked.back();
    s.ranked.pop_back();
    return true;
  }
}

bool NearerRow(const Row& a, const Row& b) { return a.distance < b.distance; }

// Makes rows[next_row, sorted_end) non-empty and in order, selecting the
// next group of nearest rows; false when the batch is exhausted.
bool SortMore(ScanState& s) {
  if (s.next_row < s.sorted_end) return true;
  if (s.next_row >= s.rows.size()) return false;
  // Groups grow 32, 64, 128 ... so a long scan sorts O(n log n) in total.
  const std::size_t group = std::max<std::size_t>(32, s.sorted_end);
  auto first = s.rows.begin() + static_cast<std::ptrdiff_t>(s.next_row);
  const std::size_t remaining = s.rows.size() - s.next_row;
  if (remaining > group) {
    auto middle = first + static_cast<std::ptrdiff_t>(group);
    std::nth_element(first, middle, s.rows.end(), NearerRow);
    std::sort(first, middle, NearerRow);
    s.sorted_end = s.next_row + group;
  } else {
    std::sort(first, s.rows.end(), NearerRow);
    s.sorted_end = s.rows.size();
  }
  return true;
}

void StartScan(IndexScanDesc scan, ScanState& s) {
  Relation index = scan->indexRelation;
  PgCall([&] {
    pgstat_count_index_scan(index);
    if (scan->numberOfOrderBys == 0 || scan->orderByData == nullptr) {
      elog(ERROR, "cannot scan ivfflat index without order");
    }
    if (!IsMVCCSnapshot(scan->xs_snapshot)) elog(ERROR, "non-MVCC snapshots are not supported with ivfflat");
  });
  // A NULL query orders nothing: every distance is 0 (pgvector's behaviour).
  s.query = nullptr;
  s.distance = Zero;
  const std::byte* prepared = nullptr;
  bool zero = true;
  if (!(scan->orderByData[0].sk_flags & SK_ISNULL)) {
    const IndexSpace space = s.cache->space;  // a copy: the entry may be rebuilt below
    PgCall([&] {
      MemoryContext previous = MemoryContextSwitchTo(s.context);
      if (s.prepared != nullptr) pfree(s.prepared);  // the previous rescan's
      s.prepared = nullptr;
      prepared = space.PrepareValue(scan->orderByData[0].sk_argument, /*stored=*/false);
      s.prepared = const_cast<std::byte*>(prepared);
      MemoryContextSwitchTo(previous);
    });
    // A zero query under cosine: pgvector's normalization leaves it zero, so
    // every distance is 0 too.
    zero = prepared == nullptr;
  }
  // Detoasting may have processed invalidations and rebuilt the relcache
  // entry: take the cache again (the old one may have been freed).
  s.cache = PgCall([&] { return &LoadIndexCache(index); });
  const IndexCache& cache = *s.cache;
  if (!zero) {
    PgCall([&] { CheckQueryDimensions(cache, prepared); });
    s.query = ElementsOf(prepared);
    s.distance = RowDistanceFor(cache);
  }
  const int lists = cache.meta.lists;
  s.probes = std::min(probes, lists);
  s.max_probes = iterative_scan != static_cast<int>(IterativeScan::kOff) ? std::max(max_probes, probes) : probes;
  s.max_probes = std::min(s.max_probes, lists);
  s.codes = cache.meta.layout == core::ivf::kScalarCodes;
  if (s.codes && s.query != nullptr) {
    const std::size_t dims = static_cast<std::size_t>(cache.meta.dimensions);
    core::ivf::PrepareScalarQuery(static_cast<const float*>(s.query), cache.code_offset, cache.code_scale, dims,
                                  s.scalar);
  }

  s.lists.resize(static_cast<std::size_t>(lists));
  std::iota(s.lists.begin(), s.lists.end(), 0);
  if (s.query != nullptr) {
    s.center_distances.resize(static_cast<std::size_t>(lists));
    const ElementKind query_kind = cache.meta.kind;
    core::ivf::CenterDistances(cache.scan_metric, s.query, query_kind, cache.centers, s.center_distances);
    const auto nearer = [&](int a, int b) {
      const float da = s.center_distances[static_cast<std::size_t>(a)];
      const float db = s.center_distances[static_cast<std::size_t>(b)];
      return da < db || (da == db && a < b);
    };
    const auto middle = s.lists.begin() + s.max_probes;
    std::partial_sort(s.lists.begin(), middle, s.lists.end(), nearer);
  }
  s.lists.resize(static_cast<std::size_t>(s.max_probes));
  s.next_list = 0;
  s.started = true;
  ReadBatch(index, s);
}

}  // namespace

IndexScanDesc BeginScan(Relation index, int nkeys, int norderbys) {
  IndexScanDesc scan = RelationGetIndexScan(index, nkeys, norderbys);
  const IndexCache& cache = LoadIndexCache(index);
  auto* state = ContextOwned<ScanState>::New();
  state->cache = &cache;
  state->context = CurrentMemoryContext;
  state->strategy = GetAccessStrategy(BAS_BULKREAD);
  scan->opaque = state;
  return scan;
}

void Rescan(IndexScanDesc scan, ScanKey keys, int, ScanKey orderbys, int) {
  auto* s = static_cast<ScanState*>(scan->opaque);
  if (keys != nullptr && scan->numberOfKeys > 0) memmove(scan->keyData, keys, scan->numberOfKeys * sizeof(ScanKeyData));
  if (orderbys != nullptr && scan->numberOfOrderBys > 0) {
    memmove(scan->orderByData, orderbys, scan->numberOfOrderBys * sizeof(ScanKeyData));
  }
  s->started = false;
  s->waiting.clear();
  s->ranked.clear();
  s->rows.clear();
  s->next_row = 0;
  s->sorted_end = 0;
  s->next_list = 0;
}

bool GetTuple(IndexScanDesc scan, ScanDirection direction) {
  auto* s = static_cast<ScanState*>(scan->opaque);
  if (direction != ForwardScanDirection) elog(ERROR, "ivfflat only supports forward scans");
  // The relcache entry (and its cached centers) may have been rebuilt
  // between calls; ReadBatch and ExactDistance take no heavyweight lock, so
  // within a call it stays put.
  s->cache = &LoadIndexCache(scan->indexRelation);
  return Fenced([&]() -> bool {
    if (!s->started) StartScan(scan, *s);
    for (;;) {
      Row ranked;
      if (s->codes && NextRanked(scan->indexRelation, *s, &ranked)) {
        ItemPointerSet(&scan->xs_heaptid, ranked.heap.block(), ranked.heap.offset);
        scan->xs_recheck = false;
        scan->xs_recheckorderby = false;
        return true;
      }
      if (!s->codes && SortMore(*s)) {
        const Row& row = s->rows[s->next_row++];
        ItemPointerSet(&scan->xs_heaptid, row.heap.block(), row.heap.offset);
        scan->xs_recheck = false;
        scan->xs_recheckorderby = false;
        return true;
      }
      if (s->next_list >= s->lists.size()) return false;
      PgCall([] { CHECK_FOR_INTERRUPTS(); });
      ReadBatch(scan->indexRelation, *s);
    }
  });
}

void EndScan(IndexScanDesc scan) {
  auto* s = static_cast<ScanState*>(scan->opaque);
  if (s->strategy != nullptr) FreeAccessStrategy(s->strategy);
  ContextOwned<ScanState>::Destroy(s);
  scan->opaque = nullptr;
}

}  // namespace pgvec::pg::ivfflat
