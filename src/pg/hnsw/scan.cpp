// Index scans (ambeginscan .. amendscan): Algorithm 5 of the HNSW paper -
// greedy descent to layer 0, then SEARCH-LAYER with ef = hnsw.ef_search - and
// pgvector's iterative scans.
//
// Iterative scans (hnsw.iterative_scan): every element the search evaluates
// but does not keep is remembered in `discarded` (a min-heap). When the
// executor has consumed a batch (filters rejected rows), the next batch is a
// new SEARCH-LAYER from the best ef_search discarded elements, with the same
// visited set, so no element is returned twice. Once hnsw.max_scan_tuples
// elements were visited or the scan's memory passes work_mem x
// hnsw.scan_mem_multiplier, the remaining discarded elements are returned
// best first without expanding the graph, then the scan ends. strict_order
// drops any row nearer than one already returned, so the output stays
// sorted; relaxed_order returns them.
#include <algorithm>
#include <limits>
#include <new>
#include <vector>

#include "pgvec/core/hnsw/search.hpp"

#include "pg/hnsw/page_store.hpp"

#include "pg/context_owned.hpp"
#include "pg/fence.hpp"
#include "pg/hnsw/am.hpp"
#include "pg/hnsw/options.hpp"

extern "C" {
#include "access/relscan.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/snapmgr.h"
}

namespace pgvec::pg::hnsw {
namespace {

using core::hnsw::Candidate;
using Id = PageGraph::Id;

struct Row {
  float distance;
  TupleRef heap;
};

struct ScanState {
  ScanState(Relation index, const IndexSpace& s) : space(s), graph(index, space, 0) {}

  IndexSpace space;
  PageGraph graph;
  Meta meta{};
  bool started = false;
  bool finished = false;
  bool expanding = true;  // false once a limit was hit: only drain `discarded`
  float last_distance = -std::numeric_limits<float>::infinity();
  core::hnsw::VisitedSet visited;
  core::hnsw::SearchScratch<Id> scratch;
  std::vector<Candidate<Id>> discarded;  // min-heap (NearerFirst)
  std::vector<Row> rows;
  std::size_t next_row = 0;
  std::byte* prepared = nullptr;  // the prepared query datum (freed on the next rescan)
  MemoryContext context = nullptr;  // the scan's (BeginScan's current context)
};

std::size_t MemoryUsed(const ScanState& s) {
  return s.visited.memory_bytes() + s.discarded.capacity() * sizeof(Candidate<Id>) +
         s.rows.capacity() * sizeof(Row) + s.scratch.results.capacity() * sizeof(Candidate<Id>) * 2;
}

// Heap rows of the elements in `found` (nearest first), skipping rows
// VACUUM removed.
void CollectRows(ScanState& s, Relation index, const std::vector<Candidate<Id>>& found) {
  s.rows.clear();
  s.next_row = 0;
  for (const Candidate<Id>& c : found) {
    const TupleRef ref = TupleRef::FromKey(c.id);
    TupleRef heap[core::hnsw::kHeapRefsPerElement];
    const int count = PgCall([&]() -> int {
      Buffer buffer = PinIndexBlock(index, ref.block());
      LockBuffer(buffer, BUFFER_LOCK_SHARE);
      const ElementTupleHeader* e = ElementAt(BufferGetPage(buffer), ref.offset);
      const int n = e->heap_count;
      std::copy(e->heap, e->heap + n, heap);
      UnlockReleaseBuffer(buffer);
      return n;
    });
    for (int i = 0; i < count; ++i) s.rows.push_back(Row{c.distance, heap[i]});
  }
}

void CheckQueryDimensions(const ScanState& s, const std::byte* query) {
  const int dims = s.space.Dimensions(query);
  if (dims == s.meta.dimensions) return;
  const char* type = s.space.type == ValueType::kHalfvec     ? "halfvec"
                     : s.space.type == ValueType::kSparsevec ? "sparsevec"
                                                              : "vector";
  if (s.space.type == ValueType::kBit) {
    ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                    errmsg("different bit lengths %u and %u", static_cast<unsigned>(dims),
                           static_cast<unsigned>(s.meta.dimensions))));
  }
  ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                  errmsg("different %s dimensions %d and %d", type, dims, s.meta.dimensions)));
}

void Search(ScanState& s, Relation index, std::span<const Candidate<Id>> entry_points) {
  const bool iterative = iterative_scan != static_cast<int>(IterativeScan::kOff);
  PgCall([&] { LockPage(index, kScanLock, ShareLock); });
  auto remember = [&](const Candidate<Id>& c) {
    if (!iterative) return;
    s.discarded.push_back(c);
    std::push_heap(s.discarded.begin(), s.discarded.end(), core::hnsw::NearerFirst<Id>{});
  };
  core::hnsw::SearchLayer(s.graph, entry_points, ef_search, 0, s.visited, s.scratch, remember);
  CollectRows(s, index, s.scratch.results);
  PgCall([&] { UnlockPage(index, kScanLock, ShareLock); });
}

void StartScan(IndexScanDesc scan, ScanState& s) {
  Relation index = scan->indexRelation;
  const std::byte* query = nullptr;
  PgCall([&] {
    if (!IsMVCCSnapshot(scan->xs_snapshot)) elog(ERROR, "non-MVCC snapshots are not supported with hnsw");
    if (scan->numberOfOrderBys == 0 || scan->orderByData == nullptr) {
      elog(ERROR, "cannot scan hnsw index without order");
    }
    s.meta = ReadMeta(index);
    // A NULL query orders nothing: every distance is 0.
    // Queries are not held to the sparsevec non-zero limit of stored values.
    if (!(scan->orderByData[0].sk_flags & SK_ISNULL)) {
      // In the scan's own context, where the previous rescan's copy is.
      MemoryContext previous = MemoryContextSwitchTo(s.context);
      if (s.prepared != nullptr) pfree(s.prepared);
      s.prepared = nullptr;
      query = s.space.PrepareValue(scan->orderByData[0].sk_argument, /*stored=*/false);
      s.prepared = const_cast<std::byte*>(query);
      MemoryContextSwitchTo(previous);
    }
  });
  if (query != nullptr) PgCall([&] { CheckQueryDimensions(s, query); });
  s.graph.SetM(s.meta.m);
  s.graph.SetQuery(query);
  s.started = true;
  if (!s.meta.entry.valid()) {
    s.finished = true;
    return;
  }
  std::vector<Id> neighbors;
  const Id entry = s.meta.entry.key();
  Candidate<Id> ep{s.graph.Distance(entry), entry};
  PgCall([&] { LockPage(index, kScanLock, ShareLock); });
  ep = core::hnsw::GreedyDescend(s.graph, ep, s.meta.entry_level, 0, neighbors);
  PgCall([&] { UnlockPage(index, kScanLock, ShareLock); });
  s.visited.Reset(static_cast<std::size_t>(ef_search) * 16);
  const Candidate<Id> start[] = {ep};
  Search(s, index, start);
}

// The next batch of an iterative scan; false when there is none.
bool NextBatch(IndexScanDesc scan, ScanState& s) {
  if (s.discarded.empty()) return false;
  const double memory_limit = static_cast<double>(work_mem) * 1024.0 * scan_mem_multiplier;
  if (s.expanding && (s.graph.elements_visited() >= static_cast<std::uint64_t>(max_scan_tuples) ||
                      static_cast<double>(MemoryUsed(s)) > memory_limit)) {
    s.expanding = false;
  }
  std::vector<Candidate<Id>> batch;
  const std::size_t take = s.expanding ? static_cast<std::size_t>(ef_search) : 1;
  while (batch.size() < take && !s.discarded.empty()) {
    std::pop_heap(s.discarded.begin(), s.discarded.end(), core::hnsw::NearerFirst<Id>{});
    batch.push_back(s.discarded.back());
    s.discarded.pop_back();
  }
  if (s.expanding) {
    Search(s, scan->indexRelation, batch);
  } else {
    CollectRows(s, scan->indexRelation, batch);
  }
  return true;
}

bool NextRow(IndexScanDesc scan, ScanState& s) {
  const bool strict = iterative_scan == static_cast<int>(IterativeScan::kStrictOrder);
  for (;;) {
    while (s.next_row < s.rows.size()) {
      const Row& row = s.rows[s.next_row++];
      if (strict && row.distance < s.last_distance) continue;
      s.last_distance = std::max(s.last_distance, row.distance);
      scan->xs_heaptid = ToItemPointer(row.heap);
      scan->xs_recheck = false;
      scan->xs_recheckorderby = false;
      return true;
    }
    if (s.finished || iterative_scan == static_cast<int>(IterativeScan::kOff) || !NextBatch(scan, s)) {
      s.finished = true;
      return false;
    }
  }
}

}  // namespace

IndexScanDesc BeginScan(Relation index, int nkeys, int norderbys) {
  IndexScanDesc scan = RelationGetIndexScan(index, nkeys, norderbys);
  const IndexSpace space = ResolveIndexSpace(index, "hnsw");
  auto* state = ContextOwned<ScanState>::New(index, space);
  state->context = CurrentMemoryContext;
  scan->opaque = state;
  return scan;
}

void Rescan(IndexScanDesc scan, ScanKey keys, int nkeys, ScanKey orderbys, int norderbys) {
  auto* s = static_cast<ScanState*>(scan->opaque);
  if (keys != nullptr && scan->numberOfKeys > 0) memmove(scan->keyData, keys, scan->numberOfKeys * sizeof(ScanKeyData));
  if (orderbys != nullptr && scan->numberOfOrderBys > 0) {
    memmove(scan->orderByData, orderbys, scan->numberOfOrderBys * sizeof(ScanKeyData));
  }
  (void)nkeys;
  (void)norderbys;
  Fenced([&] {
    s->started = false;
    s->finished = false;
    s->expanding = true;
    s->last_distance = -std::numeric_limits<float>::infinity();
    s->discarded.clear();
    s->rows.clear();
    s->next_row = 0;
  });
}

bool GetTuple(IndexScanDesc scan, ScanDirection direction) {
  auto* s = static_cast<ScanState*>(scan->opaque);
  if (direction != ForwardScanDirection) elog(ERROR, "hnsw only supports forward scans");
  return Fenced([&]() -> bool {
    if (!s->started) StartScan(scan, *s);
    return NextRow(scan, *s);
  });
}

void EndScan(IndexScanDesc scan) {
  auto* s = static_cast<ScanState*>(scan->opaque);
  // The memory itself belongs to the scan's context; only the C++ members
  // are released here.
  ContextOwned<ScanState>::Destroy(s);
  scan->opaque = nullptr;
}

}  // namespace pgvec::pg::hnsw
