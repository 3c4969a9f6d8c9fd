#include "pgvec/core/hnsw/memory_graph.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <thread>

namespace pgvec::core::hnsw {

struct MemoryGraph::Header {
  std::uint8_t level;
  std::uint8_t row_count;
  std::atomic<std::uint8_t> linked;
  std::uint8_t reserved;
  std::uint32_t value_size;
  std::uint64_t rows[kMaxRows];
};

// Bump allocation from large chunks; the graph is freed all at once.
class MemoryGraph::Arena {
 public:
  ~Arena() {
    for (void* chunk : chunks_) std::free(chunk);
  }

  void* Allocate(std::size_t bytes) {
    bytes = (bytes + 15) & ~std::size_t{15};
    if (bytes > remaining_) {
      const std::size_t size = std::max(bytes, kChunkBytes);
      void* chunk = std::malloc(size);
      if (chunk == nullptr) throw std::bad_alloc();
      chunks_.push_back(chunk);
      next_ = static_cast<std::byte*>(chunk);
      remaining_ = size;
    }
    void* result = next_;
    next_ += bytes;
    remaining_ -= bytes;
    return result;
  }

 private:
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
  std::vector<void*> chunks_;
  std::byte* next_ = nullptr;
  std::size_t remaining_ = 0;
};

namespace {

// Visited marks indexed by element id; a new epoch clears them in O(1).
class EpochVisited {
 public:
  void NewEpoch(std::size_t elements) {
    if (marks_.size() < elements) marks_.resize(std::max(elements, marks_.size() * 2), 0);
    if (++epoch_ == 0) {
      std::fill(marks_.begin(), marks_.end(), 0);
      epoch_ = 1;
    }
  }
  bool Insert(std::uint32_t id) {
    if (id >= marks_.size()) marks_.resize(std::max<std::size_t>(id + 1, marks_.size() * 2), 0);
    if (marks_[id] == epoch_) return false;
    marks_[id] = epoch_;
    return true;
  }

 private:
  std::vector<std::uint32_t> marks_;
  std::uint32_t epoch_ = 0;
};

class SpinGuard {
 public:
  explicit SpinGuard(std::atomic_flag& flag) noexcept : flag_(flag) {
    while (flag_.test_and_set(std::memory_order_acquire)) {
      while (flag_.test(std::memory_order_relaxed)) std::this_thread::yield();
    }
  }
  ~SpinGuard() { flag_.clear(std::memory_order_release); }
  SpinGuard(const SpinGuard&) = delete;
  SpinGuard& operator=(const SpinGuard&) = delete;

 private:
  std::atomic_flag& flag_;
};

}  // namespace

// The storage view the search templates run on: distances from one query.
struct QueryView {
  using Id = MemoryGraph::Id;
  const MemoryGraph* graph;
  const std::byte* query;

  float Distance(Id e) const noexcept { return graph->distance_(query, graph->ValueOf(graph->Element(e))); }
  float DistanceBetween(Id a, Id b) const noexcept { return graph->DistanceBetween(a, b); }
  void LoadNeighbors(Id e, int layer, std::vector<Id>& out) const { graph->CopyNeighbors(e, layer, out); }
};

struct MemoryGraph::InsertScratch {
  EpochVisited visited;
  SearchScratch<Id> search;
  std::vector<std::vector<Candidate<Id>>> layers;
  std::vector<Candidate<Id>> selected;
  std::vector<Candidate<Id>> pruned;
  std::vector<Candidate<Id>> overflow;
  std::vector<Id> neighbors;
};

MemoryGraph::MemoryGraph(const Options& options, DistanceFunction distance)
    : options_(options),
      distance_(distance),
      arena_(std::make_unique<Arena>()),
      directory_(new std::atomic<Header**>[kMaxBlocks]),
      locks_(new std::atomic_flag[kLockStripes]) {
  for (std::size_t i = 0; i < kMaxBlocks; ++i) directory_[i].store(nullptr, std::memory_order_relaxed);
  for (std::size_t i = 0; i < kLockStripes; ++i) locks_[i].clear();
}

MemoryGraph::~MemoryGraph() {
  for (std::size_t i = 0; i < kMaxBlocks; ++i) delete[] directory_[i].load(std::memory_order_relaxed);
}

std::size_t MemoryGraph::ElementBytes(std::size_t value_size, int level) const noexcept {
  const std::size_t lists = (1 + 2 * static_cast<std::size_t>(options_.m)) +
                            static_cast<std::size_t>(level) * (1 + static_cast<std::size_t>(options_.m));
  return ((sizeof(Header) + lists * sizeof(std::uint32_t) + 7) & ~std::size_t{7}) + value_size;
}

MemoryGraph::Header* MemoryGraph::Element(Id id) const noexcept {
  return directory_[id >> kBlockBits].load(std::memory_order_acquire)[id & (kBlockSize - 1)];
}

std::uint32_t* MemoryGraph::ListOf(Header* h, int layer) const noexcept {
  auto* base = reinterpret_cast<std::uint32_t*>(h + 1);
  if (layer == 0) return base;
  return base + (1 + 2 * options_.m) + (layer - 1) * (1 + options_.m);
}

std::byte* MemoryGraph::ValueOf(Header* h) const noexcept {
  const std::size_t lists = (1 + 2 * static_cast<std::size_t>(options_.m)) +
                            static_cast<std::size_t>(h->level) * (1 + static_cast<std::size_t>(options_.m));
  const std::size_t offset = (sizeof(Header) + lists * sizeof(std::uint32_t) + 7) & ~std::size_t{7};
  return reinterpret_cast<std::byte*>(h) + offset;
}

std::atomic_flag& MemoryGraph::LockOf(Id id) const noexcept { return locks_[id & (kLockStripes - 1)]; }

std::optional<MemoryGraph::Id> MemoryGraph::Allocate(std::span<const std::byte> value, std::uint64_t row, int level) {
  const std::size_t bytes = ElementBytes(value.size(), level);
  std::lock_guard<std::mutex> guard(allocate_mutex_);
  if (arena_used_.load(std::memory_order_relaxed) + bytes > options_.memory_limit) return std::nullopt;
  const std::size_t id = count_.load(std::memory_order_relaxed);
  if (id >= kMaxBlocks * kBlockSize - 1) return std::nullopt;
  std::atomic<Header**>& block = directory_[id >> kBlockBits];
  if (block.load(std::memory_order_relaxed) == nullptr) {
    block.store(new Header*[kBlockSize], std::memory_order_release);
    arena_used_.fetch_add(kBlockSize * sizeof(Header*), std::memory_order_relaxed);
  }
  auto* h = static_cast<Header*>(arena_->Allocate(bytes));
  std::memset(static_cast<void*>(h), 0, bytes - value.size());
  h->level = static_cast<std::uint8_t>(level);
  h->row_count = 1;
  h->rows[0] = row;
  h->value_size = static_cast<std::uint32_t>(value.size());
  std::memcpy(ValueOf(h), value.data(), value.size());
  block.load(std::memory_order_relaxed)[id & (kBlockSize - 1)] = h;
  arena_used_.fetch_add(bytes, std::memory_order_relaxed);
  count_.store(id + 1, std::memory_order_release);
  return static_cast<Id>(id);
}

MemoryGraph::ScratchPtr MemoryGraph::NewScratch() const { return ScratchPtr(new InsertScratch()); }

void MemoryGraph::ScratchDeleter::operator()(InsertScratch* scratch) const noexcept { delete scratch; }

int MemoryGraph::Level(Id id) const noexcept { return Element(id)->level; }
bool MemoryGraph::IsLinked(Id id) const noexcept { return Element(id)->linked.load(std::memory_order_acquire) != 0; }

std::span<const std::uint64_t> MemoryGraph::Rows(Id id) const noexcept {
  const Header* h = Element(id);
  return {h->rows, h->row_count};
}

std::span<const MemoryGraph::Id> MemoryGraph::Neighbors(Id id, int layer) const noexcept {
  const std::uint32_t* list = ListOf(Element(id), layer);
  return {list + 1, list[0]};
}

std::span<const std::byte> MemoryGraph::Value(Id id) const noexcept {
  Header* h = Element(id);
  return {ValueOf(h), h->value_size};
}

void MemoryGraph::CopyNeighbors(Id id, int layer, std::vector<Id>& out) const {
  Header* h = Element(id);
  const std::uint32_t* list = ListOf(h, layer);
  SpinGuard guard(LockOf(id));
  out.assign(list + 1, list + 1 + list[0]);
}

float MemoryGraph::DistanceBetween(Id a, Id b) const noexcept {
  return distance_(ValueOf(Element(a)), ValueOf(Element(b)));
}

// Adds q to e's list at `layer`; a full list is re-selected with the
// heuristic among its members and q (distances from e).
void MemoryGraph::Connect(Id e, Id q, float distance, int layer, InsertScratch& scratch) {
  const int capacity = layer == 0 ? 2 * options_.m : options_.m;
  Header* h = Element(e);
  std::uint32_t* list = ListOf(h, layer);
  SpinGuard guard(LockOf(e));
  for (std::uint32_t i = 0; i < list[0]; ++i) {
    if (list[1 + i] == q) return;
  }
  if (list[0] < static_cast<std::uint32_t>(capacity)) {
    list[1 + list[0]] = q;
    ++list[0];
    return;
  }
  auto& candidates = scratch.overflow;
  candidates.clear();
  candidates.push_back({distance, q});
  for (std::uint32_t i = 0; i < list[0]; ++i) candidates.push_back({DistanceBetween(e, list[1 + i]), list[1 + i]});
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate<Id>& x, const Candidate<Id>& y) { return x.distance < y.distance; });
  QueryView view{this, ValueOf(h)};
  SelectNeighbors(view, std::span<const Candidate<Id>>(candidates), capacity, scratch.selected, scratch.pruned);
  list[0] = static_cast<std::uint32_t>(scratch.selected.size());
  for (std::size_t i = 0; i < scratch.selected.size(); ++i) list[1 + i] = scratch.selected[i].id;
}

bool MemoryGraph::Insert(Id id, InsertScratch& scratch) {
  Header* h = Element(id);
  const int level = h->level;
  const std::byte* q = ValueOf(h);
  QueryView view{this, q};

  Id ep = entry_.load(std::memory_order_acquire);
  int entry_level = entry_level_.load(std::memory_order_acquire);
  if (ep == kNoElement) {
    std::lock_guard<std::mutex> guard(entry_mutex_);
    if (entry_.load(std::memory_order_relaxed) == kNoElement) {
      h->linked.store(1, std::memory_order_release);
      entry_level_.store(level, std::memory_order_release);
      entry_.store(id, std::memory_order_release);
      return true;
    }
    ep = entry_.load(std::memory_order_relaxed);
    entry_level = entry_level_.load(std::memory_order_relaxed);
  }

  Candidate<Id> current{view.Distance(ep), ep};
  current = GreedyDescend(view, current, entry_level, level, scratch.neighbors);

  const int top = std::min(level, entry_level);
  if (scratch.layers.size() < static_cast<std::size_t>(top + 1)) scratch.layers.resize(static_cast<std::size_t>(top + 1));
  std::vector<Candidate<Id>> entry_points{current};
  for (int lc = top; lc >= 0; --lc) {
    scratch.visited.NewEpoch(size());
    scratch.visited.Insert(id);  // never link to itself
    SearchLayer(view, std::span<const Candidate<Id>>(entry_points), options_.ef_construction, lc, scratch.visited,
                scratch.search);
    scratch.layers[static_cast<std::size_t>(lc)] = scratch.search.results;
    entry_points = scratch.search.results;
  }

  // A byte-identical value becomes another row of the existing element.
  // Nearest first, so stop at the first different value (a distance of 0 is
  // no test: under inner product a value's distance to itself is -|v|^2).
  for (const Candidate<Id>& c : scratch.layers[0]) {
    Header* other = Element(c.id);
    if (other->value_size != h->value_size || std::memcmp(ValueOf(other), q, h->value_size) != 0) break;
    SpinGuard guard(LockOf(c.id));
    if (other->row_count < kMaxRows) {
      other->rows[other->row_count++] = h->rows[0];
      return false;
    }
  }

  for (int lc = top; lc >= 0; --lc) {
    const int capacity = lc == 0 ? 2 * options_.m : options_.m;
    const auto& candidates = scratch.layers[static_cast<std::size_t>(lc)];
    SelectNeighbors(view, std::span<const Candidate<Id>>(candidates), capacity, scratch.selected, scratch.pruned);
    {
      std::uint32_t* list = ListOf(h, lc);
      SpinGuard guard(LockOf(id));
      list[0] = static_cast<std::uint32_t>(scratch.selected.size());
      for (std::size_t i = 0; i < scratch.selected.size(); ++i) list[1 + i] = scratch.selected[i].id;
    }
    // Connect re-selects into scratch.selected: keep our list in a copy.
    const std::vector<Candidate<Id>> chosen = scratch.selected;
    for (const Candidate<Id>& s : chosen) Connect(s.id, id, s.distance, lc, scratch);
  }
  h->linked.store(1, std::memory_order_release);

  if (level > entry_level) {
    std::lock_guard<std::mutex> guard(entry_mutex_);
    if (level > entry_level_.load(std::memory_order_relaxed)) {
      entry_level_.store(level, std::memory_order_release);
      entry_.store(id, std::memory_order_release);
    }
  }
  return true;
}

std::vector<Candidate<MemoryGraph::Id>> MemoryGraph::Search(std::span<const std::byte> query, int k, int ef) const {
  std::vector<Candidate<Id>> out;
  const Id ep = entry_.load(std::memory_order_acquire);
  if (ep == kNoElement) return out;
  QueryView view{this, query.data()};
  std::vector<Id> neighbors;
  Candidate<Id> current{view.Distance(ep), ep};
  current = GreedyDescend(view, current, entry_level_.load(std::memory_order_acquire), 0, neighbors);
  EpochVisited visited;
  visited.NewEpoch(size());
  SearchScratch<Id> scratch;
  const Candidate<Id> start[] = {current};
  SearchLayer(view, std::span<const Candidate<Id>>(start), std::max(ef, k), 0, visited, scratch);
  out.assign(scratch.results.begin(), scratch.results.begin() + std::min<std::size_t>(k, scratch.results.size()));
  return out;
}

}  // namespace pgvec::core::hnsw
