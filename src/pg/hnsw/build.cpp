// CREATE INDEX for hnsw (ambuild, ambuildempty).
//
// Phases (reported in pg_stat_progress_create_index):
//  1 "initializing"    checks of the column and options, the metapage
//  2 "loading tuples"  the heap scan feeds every value into the in-memory
//                      graph (core/hnsw/memory_graph) while insert threads
//                      link them (Algorithm 1); the graph is then written
//                      out page by page without WAL, and every page is
//                      WAL-logged at the end with log_newpage_range.
//
// Parallelism: the graph is linked by threads of this backend, not by
// parallel worker processes. The heap scan stays on the main thread (the
// only one that calls PostgreSQL); the threads only run core code on memory
// they share, with every signal blocked so PostgreSQL's handlers always run
// on the main thread. The thread count follows the user's settings -
// max_parallel_maintenance_workers, or the table's parallel_workers storage
// parameter (capped by it) - and not the heap's size, so tables whose
// vectors live in TOAST get their workers too.
//
// When the next element would exceed maintenance_work_mem, the graph built
// so far is written out (NOTICE, as pgvector) and the remaining rows are
// inserted one by one on disk.
#include <atomic>
#include <chrono>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "pgvec/core/error.hpp"
#include "pgvec/core/hnsw/memory_graph.hpp"
#include "pgvec/core/hnsw/page_format.hpp"
#include "pgvec/core/limits.hpp"  // before PostgreSQL headers: vector_datum.hpp uses it

#include "pg/fence.hpp"
#include "pg/index/build_support.hpp"
#include "pg/hnsw/build.hpp"
#include "pg/hnsw/insert.hpp"
#include "pg/hnsw/options.hpp"
#include "pg/hnsw/page_store.hpp"
#include "pg/types/vector_datum.hpp"

extern "C" {
#include "access/tableam.h"
#include "access/xloginsert.h"
#include "commands/progress.h"
#include "common/pg_prng.h"
#include "pgstat.h"
#include "utils/backend_progress.h"
#include "utils/memutils.h"
}

namespace pgvec::pg::hnsw {
namespace {

using core::hnsw::MemoryGraph;
constexpr int kPhaseLoading = 2;

// Links allocated elements on background threads until told the scan is
// over; the destructor always stops and joins them, so an error unwinding
// through the build never leaves a thread running.
class LinkThreads {
 public:
  LinkThreads(MemoryGraph& graph, int threads) : graph_(graph) {
    try {
      WithSignalsBlocked([&] {
        for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
      });
    } catch (...) {
      Stop();
      throw;
    }
  }
  ~LinkThreads() { Stop(); }
  LinkThreads(const LinkThreads&) = delete;
  LinkThreads& operator=(const LinkThreads&) = delete;

  // The main thread joins in once the scan is over; `check` runs between
  // elements (interrupts). Returns when every element is linked.
  template <class Check>
  void FinishOnMainThread(Check&& check) {
    scan_done_.store(true, std::memory_order_release);
    auto scratch = graph_.NewScratch();
    int since_check = 0;
    for (;;) {
      const std::size_t id = next_.fetch_add(1, std::memory_order_relaxed);
      if (id >= graph_.size()) break;
      graph_.Insert(static_cast<MemoryGraph::Id>(id), *scratch);
      if (++since_check == 64) {
        since_check = 0;
        check();
      }
    }
    while (active_.load(std::memory_order_acquire) > 0) {
      check();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    Stop();
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  void Run() {
    active_.fetch_add(1, std::memory_order_acq_rel);
    try {
      auto scratch = graph_.NewScratch();
      while (!stop_.load(std::memory_order_acquire)) {
        std::size_t id = next_.load(std::memory_order_relaxed);
        if (id < graph_.size()) {
          if (next_.compare_exchange_weak(id, id + 1, std::memory_order_relaxed)) {
            graph_.Insert(static_cast<MemoryGraph::Id>(id), *scratch);
          }
          continue;
        }
        if (scan_done_.load(std::memory_order_acquire)) break;
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      }
    } catch (...) {
      std::lock_guard<std::mutex> guard(failure_mutex_);
      if (!failure_) failure_ = std::current_exception();
      stop_.store(true, std::memory_order_release);
    }
    active_.fetch_sub(1, std::memory_order_acq_rel);
  }

  void Stop() noexcept {
    stop_.store(true, std::memory_order_release);
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
    threads_.clear();
  }

  MemoryGraph& graph_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> scan_done_{false};
  std::atomic<bool> stop_{false};
  std::atomic<int> active_{0};
  std::mutex failure_mutex_;
  std::exception_ptr failure_;
};

struct BuildState {
  Relation heap;
  Relation index;
  IndexSpace space;
  int m;
  int ef_construction;
  int max_level;
  int dimensions;
  ForkNumber fork;
  std::unique_ptr<MemoryGraph> graph;
  std::unique_ptr<LinkThreads> threads;
  MemoryGraph::ScratchPtr serial_scratch;
  bool on_disk = false;  // the graph was written out: insert on disk
  double heap_tuples = 0;
  double index_tuples = 0;
  MemoryContext tuple_context = nullptr;
};

// Lays the graph out on pages 1..n after the metapage, element tuple then
// neighbor tuple, sharing a page whenever both fit.
void WriteGraph(BuildState& b) {
  MemoryGraph& g = *b.graph;
  const std::size_t count = g.size();
  const Size page_space = BLCKSZ - MAXALIGN(SizeOfPageHeaderData) - MAXALIGN(sizeof(core::hnsw::PageOpaque));
  auto cost = [](Size bytes) { return MAXALIGN(bytes) + sizeof(ItemIdData); };

  struct Place {
    BlockNumber element_block;
    OffsetNumber element_offset;
    BlockNumber neighbor_block;
    OffsetNumber neighbor_offset;
  };
  std::vector<Place> place(count, Place{InvalidBlockNumber, 0, InvalidBlockNumber, 0});
  struct PageItem {
    bool element;
    MemoryGraph::Id id;
  };
  std::vector<std::vector<PageItem>> pages(1);
  Size free_space = page_space;
  BlockNumber block = 1;
  OffsetNumber next_offset = FirstOffsetNumber;
  auto put = [&](Size size, bool element, MemoryGraph::Id id, BlockNumber& out_block, OffsetNumber& out_offset) {
    if (cost(size) > free_space) {
      pages.emplace_back();
      ++block;
      free_space = page_space;
      next_offset = FirstOffsetNumber;
    }
    free_space -= cost(size);
    out_block = block;
    out_offset = next_offset++;
    pages.back().push_back(PageItem{element, id});
  };
  for (MemoryGraph::Id id = 0; id < count; ++id) {
    if (!g.IsLinked(id)) continue;  // a duplicate merged into another element
    const Size element_size = core::hnsw::ElementTupleSize(g.Value(id).size());
    const Size neighbor_size = core::hnsw::NeighborTupleSize(g.Level(id), b.m);
    // Start a fresh page when the pair would be split but fits a page.
    if (cost(element_size) + cost(neighbor_size) > free_space && cost(element_size) + cost(neighbor_size) <= page_space &&
        !pages.back().empty()) {
      free_space = 0;
    }
    put(element_size, true, id, place[id].element_block, place[id].element_offset);
    put(neighbor_size, false, id, place[id].neighbor_block, place[id].neighbor_offset);
  }
  if (pages.back().empty()) pages.pop_back();

  auto element_ref = [&](MemoryGraph::Id id) { return TupleRef::Make(place[id].element_block, place[id].element_offset); };

  std::vector<std::byte> tuple;
  alignas(MAXIMUM_ALIGNOF) char image[BLCKSZ];
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const auto page = reinterpret_cast<Page>(image);
    InitIndexPage(page);
    core::hnsw::PageOpaque* opaque = Opaque(page);
    opaque->next_block = p + 1 < pages.size() ? static_cast<BlockNumber>(p + 2) : InvalidBlockNumber;
    for (const PageItem& item : pages[p]) {
      const int level = g.Level(item.id);
      if (item.element) {
        const auto value = g.Value(item.id);
        tuple.assign(core::hnsw::ElementTupleSize(value.size()), std::byte{0});
        auto* e = reinterpret_cast<ElementTupleHeader*>(tuple.data());
        e->type = core::hnsw::kElementTuple;
        e->level = static_cast<std::uint8_t>(level);
        const auto rows = g.Rows(item.id);
        e->heap_count = static_cast<std::uint8_t>(rows.size());
        for (int i = 0; i < core::hnsw::kHeapRefsPerElement; ++i) {
          e->heap[i] = i < static_cast<int>(rows.size()) ? TupleRef::FromKey(rows[static_cast<std::size_t>(i)])
                                                         : core::hnsw::kInvalidRef;
        }
        e->neighbors = TupleRef::Make(place[item.id].neighbor_block, place[item.id].neighbor_offset);
        e->value_size = static_cast<std::uint16_t>(value.size());
        std::memcpy(tuple.data() + sizeof(ElementTupleHeader), value.data(), value.size());
      } else {
        tuple.assign(core::hnsw::NeighborTupleSize(level, b.m), std::byte{0});
        auto* n = reinterpret_cast<NeighborTupleHeader*>(tuple.data());
        n->type = core::hnsw::kNeighborTuple;
        n->level = static_cast<std::uint8_t>(level);
        n->slot_count = static_cast<std::uint16_t>(core::hnsw::NeighborSlots(level, b.m));
        core::hnsw::NeighborSlot* slots = core::hnsw::NeighborSlotsOf(n);
        std::fill(slots, slots + n->slot_count, core::hnsw::NeighborSlot::Empty());
        for (int layer = 0; layer <= level; ++layer) {
          core::hnsw::NeighborSlot* out = slots + core::hnsw::LayerStart(layer, b.m);
          const std::size_t count = g.NeighborCount(item.id, layer);
          for (std::size_t i = 0; i < count; ++i) {
            out[i] = core::hnsw::NeighborSlot::Make(element_ref(g.NeighborAt(item.id, layer, i)),
                                                    g.NeighborDistance(item.id, layer, i),
                                                    g.NeighborKept(item.id, layer, i));
          }
        }
      }
      if (PageAddItem(page, reinterpret_cast<Item>(tuple.data()), tuple.size(), InvalidOffsetNumber, false, false) ==
          InvalidOffsetNumber) {
        throw core::Error(core::ErrorCode::kInternal, "failed to add index item to hnsw index");
      }
    }
    PgCall([&] {
      Buffer buffer = ReadBufferExtended(b.index, b.fork, P_NEW, RBM_NORMAL, nullptr);
      LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
      std::memcpy(BufferGetPage(buffer), image, BLCKSZ);
      MarkBufferDirty(buffer);
      UnlockReleaseBuffer(buffer);
    });
  }

  // Entry point and insert page into the metapage.
  const MemoryGraph::Id entry = g.entry_point();
  PgCall([&] {
    Buffer buffer = ReadBufferExtended(b.index, b.fork, kMetaBlock, RBM_NORMAL, nullptr);
    LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
    Page page = BufferGetPage(buffer);
    Meta meta = MetaOfPage(page);
    if (entry != MemoryGraph::kNoElement) {
      meta.entry = element_ref(entry);
      meta.entry_level = g.Level(entry);
    }
    meta.insert_page = pages.empty() ? InvalidBlockNumber : static_cast<BlockNumber>(pages.size());
    WriteMeta(page, meta);
    MarkBufferDirty(buffer);
    UnlockReleaseBuffer(buffer);
  });
}

void WriteEmptyMetaPage(Relation index, ForkNumber fork, const Meta& meta) {
  Buffer buffer = ReadBufferExtended(index, fork, P_NEW, RBM_NORMAL, nullptr);
  LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
  Page page = BufferGetPage(buffer);
  InitIndexPage(page);
  WriteMeta(page, meta);
  MarkBufferDirty(buffer);
  UnlockReleaseBuffer(buffer);
}

// Between elements on the main thread.
void CheckBuildInterrupts() { CheckMaintenanceInterrupts("hnsw"); }

void SwitchToDisk(BuildState& b) {
  if (b.threads) {
    b.threads->FinishOnMainThread(CheckBuildInterrupts);
    b.threads.reset();
  }
  WriteGraph(b);
  b.graph.reset();
  b.serial_scratch.reset();
  b.on_disk = true;
}

void BuildCallback(Relation, ItemPointer tid, Datum* values, bool* isnull, bool, void* state) {
  auto& b = *static_cast<BuildState*>(state);
  if (isnull[0]) return;
  Fenced([&] {
    MemoryContext previous = MemoryContextSwitchTo(b.tuple_context);
    std::byte* value = b.space.PrepareValue(values[0]);
    if (value != nullptr) {
      if (!b.on_disk) {
        const int level =
            core::hnsw::RandomLevel(1.0 - pg_prng_double(&pg_global_prng_state), b.m, b.max_level);
        const std::optional<MemoryGraph::Id> id = b.graph->Allocate(
            std::span<const std::byte>(value, VARSIZE(value)), ToRef(tid).key(), level);
        if (id.has_value()) {
          if (!b.threads) b.graph->Insert(*id, *b.serial_scratch);
        } else {
          ereport(NOTICE, (errmsg("hnsw graph no longer fits into maintenance_work_mem after " INT64_FORMAT " tuples",
                                  static_cast<int64>(b.index_tuples)),
                           errdetail("Building will take significantly more time."),
                           errhint("Increase maintenance_work_mem to speed up builds.")));
          SwitchToDisk(b);
        }
      }
      if (b.on_disk) {
        const InsertTarget target{b.index, &b.space, b.m, b.ef_construction, b.max_level, false};
        InsertValue(target, value, tid);
      }
      b.index_tuples += 1;
      pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_DONE, static_cast<int64>(b.index_tuples));
    }
    MemoryContextSwitchTo(previous);
    MemoryContextReset(b.tuple_context);
  });
}

IndexBuildResult* BuildIndex(Relation heap, Relation index, IndexInfo* index_info, ForkNumber fork) {
  BuildState b{};
  b.heap = heap;
  b.index = index;
  b.fork = fork;
  b.space = ResolveIndexSpace(index, "hnsw");
  CheckIndexColumn(index, b.space);
  if (OptionEfConstruction(index) / 2 < OptionM(index)) {
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("ef_construction must be greater than or equal to 2 * m")));
  }
  b.m = OptionM(index);
  b.ef_construction = OptionEfConstruction(index);
  b.max_level = MaxLevel(b.m);
  b.dimensions = TupleDescAttr(index->rd_att, 0)->atttypmod;

  if (RelationGetNumberOfBlocksInFork(index, fork) != 0) {
    elog(ERROR, "index \"%s\" already contains data", RelationGetRelationName(index));
  }
  WriteEmptyMetaPage(index, fork, Meta{b.dimensions, b.m, b.ef_construction, core::hnsw::kInvalidRef, -1,
                                       InvalidBlockNumber});
  if (fork == INIT_FORKNUM) {
    log_newpage_range(index, fork, 0, RelationGetNumberOfBlocksInFork(index, fork), true);
    auto* result = static_cast<IndexBuildResult*>(palloc0(sizeof(IndexBuildResult)));
    return result;
  }

  pgstat_progress_update_param(PROGRESS_CREATEIDX_SUBPHASE, kPhaseLoading);
  b.tuple_context = AllocSetContextCreate(CurrentMemoryContext, "hnsw build tuple", ALLOCSET_DEFAULT_SIZES);

  Fenced([&] {
    // On any unwinding (an error, a cancel) stop and join the threads before
    // the graph they use goes away; `b` itself outlives this scope.
    struct Cleanup {
      BuildState& b;
      ~Cleanup() {
        b.threads.reset();
        b.serial_scratch.reset();
        b.graph.reset();
      }
    } cleanup{b};
    MemoryGraph::Options options;
    options.m = b.m;
    options.ef_construction = b.ef_construction;
    options.max_level = b.max_level;
    options.memory_limit = static_cast<std::size_t>(maintenance_work_mem) * 1024;
    // Codes (memory_graph.hpp) spare a build most of its vector reads, for
    // dense float vectors under L2 and inner product (cosine). They take a
    // byte per dimension per element, so they are left out when, by the
    // table's row estimate, the graph would not fit maintenance_work_mem
    // with them: more rows would then be inserted on disk, which costs far
    // more than the codes save. (Without an estimate - a table never
    // vacuumed or analyzed - they are kept.)
    if (b.space.type == ValueType::kVector && b.dimensions > 0 &&
        (b.space.metric == Metric::kL2Squared || b.space.metric == Metric::kNegativeInnerProduct)) {
      MemoryGraph::Options coded = options;
      coded.codes = MemoryGraph::CodeLayout{b.space.metric == Metric::kL2Squared
                                                ? MemoryGraph::CodeMetric::kL2Squared
                                                : MemoryGraph::CodeMetric::kNegativeInnerProduct,
                                            static_cast<std::size_t>(b.dimensions), offsetof(VectorDatum, x)};
      const double rows = heap->rd_rel->reltuples > 0 ? heap->rd_rel->reltuples : 0.0;
      const double bytes = rows * MemoryGraph::ExpectedElementBytes(coded, VectorDatumSize(b.dimensions));
      if (bytes <= static_cast<double>(options.memory_limit)) options = coded;
    }
    b.graph = std::make_unique<MemoryGraph>(options, b.space.distance);
    const int threads = MaintenanceThreadCount(heap);
    if (threads > 0) {
      ereport(DEBUG1, (errmsg("using %d parallel workers", threads)));
      b.threads = std::make_unique<LinkThreads>(*b.graph, threads);
    } else {
      b.serial_scratch = b.graph->NewScratch();
    }

    PgCall([&] {
      b.heap_tuples = table_index_build_scan(heap, index, index_info, true, true, BuildCallback, &b, nullptr);
    });

    if (!b.on_disk) {
      if (b.threads) {
        b.threads->FinishOnMainThread(CheckBuildInterrupts);
        b.threads.reset();
      }
      WriteGraph(b);
      b.graph.reset();
    }
  });

  if (RelationNeedsWAL(index)) {
    log_newpage_range(index, MAIN_FORKNUM, 0, RelationGetNumberOfBlocks(index), true);
  }

  auto* result = static_cast<IndexBuildResult*>(palloc(sizeof(IndexBuildResult)));
  result->heap_tuples = b.heap_tuples;
  result->index_tuples = b.index_tuples;
  return result;
}

}  // namespace

IndexBuildResult* Build(Relation heap, Relation index, IndexInfo* index_info) {
  return BuildIndex(heap, index, index_info, MAIN_FORKNUM);
}

void BuildEmpty(Relation index) { BuildIndex(nullptr, index, nullptr, INIT_FORKNUM); }

}  // namespace pgvec::pg::hnsw
