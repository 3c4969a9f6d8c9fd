// The in-memory HNSW graph used to build an index (and by the unit tests).
//
// Elements are inserted with Algorithm 1 of the HNSW paper, concurrently from
// several threads if the caller wants: each element's neighbour lists are
// guarded by a striped spin lock (readers copy a list out under it, as
// hnswlib does), the entry point by a mutex. Threads never call PostgreSQL:
// the glue feeds values in, then walks the finished graph to write pages.
//
// Memory is bounded: all element storage comes from a chunked arena with a
// byte limit (maintenance_work_mem); when the next element would not fit,
// Allocate reports it and the caller continues on disk.
//
// Layout of one element record in the arena (8-byte aligned):
//   header | rows[kMaxRows] | [code stats | code] | layer 0: count + 2M slots | layer 1..L: count + M slots | value bytes
// A slot is a neighbour id plus its distance from the element; each list is
// kept sorted by that distance, with a flag per slot saying whether the
// selection heuristic kept it on its own merit (versus filling a free slot).
// Cached distances and flags let a reverse-link update re-run the heuristic
// incrementally: only the new candidate, and the few slots its arrival can
// affect, need distance computations (pgvector does the same).
//
// Codes. A build is bound by memory traffic, not arithmetic: almost every
// distance reads a vector nobody touched recently (3 kB for 784 dimensions,
// 6 kB for 1,536), and three in four of the elements a search evaluates are
// then rejected because they are farther than the ef-th best so far. For
// dense float values under squared L2 or negative inner product, each record
// therefore also carries an 8-bit scalar code of its value (a quarter of its
// bytes; ivf/scalar_codes.hpp), fitted to the ranges of the first
// kCodeFitRows values, and an insert uses it in two ways:
//  - SEARCH-LAYER ranks elements by the distance from the new value to each
//    code and reads no vector; the ef elements it returns are then re-ranked
//    by their exact distances (Rerank), and only those reach the heuristic,
//    the stored lists and the next layer. The code error (half a step per
//    dimension, summed with random signs) is far below the gaps between
//    neighbours, so the candidates are nearly always the ones an exact
//    search finds: on Fashion-MNIST and on 1,536-dim embeddings 94-99% of
//    the layer-0 lists come out identical, the rest differ in a member or
//    two, and recall is unchanged (hnsw_graph_test measures both).
//  - The greedy descent through the upper layers, and the heuristic's tests
//    of distances to the new element when it joins a neighbour's list, use a
//    rigorous lower bound from the code instead: they read a vector only
//    when the bound does not settle the comparison, and decide exactly as
//    the exact distance would.
// Every stored distance is exact. The code and its stats sit right after the
// header (graphs without codes keep the plain layout).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "pgvec/core/hnsw/search.hpp"
#include "pgvec/core/ivf/scalar_codes.hpp"

namespace pgvec::core::hnsw {

// Distance between two stored values (opaque bytes of one element type),
// e.g. squared L2 between two vector payloads. `context` is the caller's.
struct DistanceFunction {
  float (*fn)(const void* context, const std::byte* a, const std::byte* b) noexcept;
  const void* context;
  float operator()(const std::byte* a, const std::byte* b) const noexcept { return fn(context, a, b); }
};

// Heap rows one element can stand for: byte-identical values share a node
// (pgvector keeps up to 10 heap TIDs per element).
inline constexpr int kMaxRows = 10;

class MemoryGraph {
 public:
  using Id = std::uint32_t;
  static constexpr Id kNoElement = ~Id{0};

  // Which values get codes (see Codes above): dense float vectors of
  // `dimensions` elements starting `value_offset` bytes into each value,
  // compared by the float32 kernels' squared L2 or negative inner product.
  enum class CodeMetric { kL2Squared, kNegativeInnerProduct };
  struct CodeLayout {
    CodeMetric metric;
    std::size_t dimensions;
    std::size_t value_offset;
    // false: searches use the codes' bounds only, so the graph is exactly
    // the one exact distances build (slower; the tests' reference).
    bool rank_by_estimates = true;
  };

  struct Options {
    int m = 16;
    int ef_construction = 64;
    int max_level = 16;
    std::size_t memory_limit = 64u << 20;  // bytes of element storage
    std::optional<CodeLayout> codes;       // none: every distance is exact
  };

  // Codes are fitted once this many elements are allocated; elements linked
  // before then are searched with exact distances only.
  static constexpr std::size_t kCodeFitRows = 1024;

  MemoryGraph(const Options& options, DistanceFunction distance);
  ~MemoryGraph();
  MemoryGraph(const MemoryGraph&) = delete;
  MemoryGraph& operator=(const MemoryGraph&) = delete;

  // Reserves an element for `value` (copied) at `level`, standing for `row`.
  // Returns nullopt when the memory limit would be exceeded. Thread-safe.
  std::optional<Id> Allocate(std::span<const std::byte> value, std::uint64_t row, int level);

  // Per-thread insertion state: reuse one per thread.
  struct InsertScratch;
  struct ScratchDeleter {
    void operator()(InsertScratch* scratch) const noexcept;
  };
  using ScratchPtr = std::unique_ptr<InsertScratch, ScratchDeleter>;
  ScratchPtr NewScratch() const;

  // Links an allocated element into the graph (Algorithm 1). If its value is
  // byte-identical to its nearest layer-0 neighbour and that neighbour has a
  // free row slot, the row is attached there instead and false is returned
  // (the element stays allocated but unlinked: IsLinked() is false).
  // Thread-safe against other Insert calls.
  bool Insert(Id id, InsertScratch& scratch);

  // k nearest elements of `query` (linked ones only), nearest first, by
  // exact distances.
  std::vector<Candidate<Id>> Search(std::span<const std::byte> query, int k, int ef) const;

  // Read access for writing pages (call only when no Insert is running).
  std::size_t size() const noexcept { return count_.load(std::memory_order_acquire); }
  int Level(Id id) const noexcept;
  bool IsLinked(Id id) const noexcept;
  std::span<const std::uint64_t> Rows(Id id) const noexcept;
  std::size_t NeighborCount(Id id, int layer) const noexcept;
  Id NeighborAt(Id id, int layer, std::size_t i) const noexcept;
  float NeighborDistance(Id id, int layer, std::size_t i) const noexcept;
  bool NeighborKept(Id id, int layer, std::size_t i) const noexcept;
  std::span<const std::byte> Value(Id id) const noexcept;
  Id entry_point() const noexcept { return entry_.load(std::memory_order_acquire); }
  std::size_t memory_used() const noexcept { return arena_used_.load(std::memory_order_relaxed); }
  const Options& options() const noexcept { return options_; }
  // Whether codes are fitted and searches use their bounds.
  bool codes_ready() const noexcept { return codes_ready_.load(std::memory_order_acquire); }

  // Bytes one element of `value_size` at `level` occupies (for estimates).
  std::size_t ElementBytes(std::size_t value_size, int level) const noexcept;
  // Mean bytes per element of a graph with `options`, over random levels.
  static double ExpectedElementBytes(const Options& options, std::size_t value_size) noexcept;

 private:
  struct Header;
  struct Slot;
  class Arena;
  friend struct QueryView;

  Header* Element(Id id) const noexcept;
  void PrefetchElementPointer(Id id) const noexcept;
  std::uint32_t* CountOf(Header* h, int layer) const noexcept;
  Slot* SlotsOf(Header* h, int layer) const noexcept;
  void StoreList(Header* h, int layer, std::span<const ListEntry<Id>> list);
  std::byte* ValueOf(Header* h) const noexcept;
  struct CodeRecord;
  static std::size_t CodeBytes(const Options& options) noexcept;
  CodeRecord* CodeOf(const Header* h) const noexcept;
  bool HasCodeShape(std::size_t value_size) const noexcept;
  void EncodeCode(Header* h) noexcept;
  void FitCodes();
  bool PrepareBounds(const std::byte* query, std::size_t size, ivf::ScalarQuery& out) const;
  std::atomic_flag& LockOf(Id id) const noexcept;
  void CopyNeighbors(Id id, int layer, std::vector<Id>& out) const;
  float DistanceBetween(Id a, Id b) const noexcept;
  void Connect(Id e, Id q, float distance, int layer, InsertScratch& scratch);

  Options options_;
  DistanceFunction distance_;
  std::unique_ptr<Arena> arena_;
  std::atomic<std::size_t> arena_used_{0};

  // id -> element record: fixed directory of lazily allocated blocks, so
  // readers never see a table being reallocated.
  static constexpr int kBlockBits = 16;
  static constexpr std::size_t kBlockSize = std::size_t{1} << kBlockBits;
  static constexpr std::size_t kMaxBlocks = 65536;
  std::unique_ptr<std::atomic<Header**>[]> directory_;
  std::atomic<std::size_t> count_{0};
  std::mutex allocate_mutex_;

  static constexpr std::size_t kLockStripes = 1 << 14;
  mutable std::unique_ptr<std::atomic_flag[]> locks_;

  std::size_t code_bytes_;  // per record, 8-byte aligned; 0 without codes
  std::size_t layer0_value_offset_;
  std::vector<float> code_offset_;
  std::vector<float> code_scale_;
  std::atomic<bool> codes_ready_{false};
  std::atomic<std::size_t> prefetch_bytes_{0};

  std::mutex entry_mutex_;
  std::atomic<Id> entry_{kNoElement};
  std::atomic<int> entry_level_{-1};
};

}  // namespace pgvec::core::hnsw

#include "pgvec/core/no_postgres.hpp"
