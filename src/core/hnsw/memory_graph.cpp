#include "pgvec/core/hnsw/memory_graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sys/mman.h>
#include <cstddef>
#include <cstring>
#include <limits>
#include <new>
#include <thread>

#include "pgvec/core/kernels.hpp"

namespace pgvec::core::hnsw {

struct MemoryGraph::Header {
  std::uint8_t level;
  std::uint8_t row_count;
  std::atomic<std::uint8_t> linked;
  std::uint8_t reserved;
  std::uint32_t value_size;
  std::uint64_t rows[kMaxRows];
};

// With codes, right after the header: the code's stats, then the code.
struct MemoryGraph::CodeRecord {
  ivf::CodeStats stats;
  std::uint32_t reserved;
  std::uint8_t code[];
};

// A neighbour: its id (top bit: kept by the heuristic on its own merit) and
// its distance from the list's owner.
struct MemoryGraph::Slot {
  std::uint32_t id_flags;
  float distance;
};

namespace {
constexpr std::uint32_t kKeptFlag = 0x80000000u;
constexpr std::uint32_t kIdMask = 0x7FFFFFFFu;
// count (4 bytes) + padding (4 bytes) ahead of each layer's slots
constexpr std::size_t kListHeader = 8;

// Bytes of an element's neighbour lists: layer 0 holds 2m slots, each upper
// layer m slots, each slot 8 bytes.
std::size_t ListBytes(int m, int level) noexcept {
  const std::size_t slot = 8;
  return kListHeader + 2 * static_cast<std::size_t>(m) * slot +
         static_cast<std::size_t>(level) * (kListHeader + static_cast<std::size_t>(m) * slot);
}
}  // namespace

// Bump allocation from large chunks; the graph is freed all at once.
// Chunks grow from 2 MB to 64 MB, are 2 MB aligned, and ask the kernel for
// transparent huge pages: the build reads vectors at random across the whole
// graph, and with 4 kB pages nearly every one costs a TLB miss on top of the
// cache misses.
class MemoryGraph::Arena {
 public:
  ~Arena() {
    for (void* chunk : chunks_) std::free(chunk);
  }

  void* Allocate(std::size_t bytes) {
    bytes = (bytes + 15) & ~std::size_t{15};
    if (bytes > remaining_) {
      next_chunk_ = std::min(next_chunk_ * 2, kMaxChunk);
      const std::size_t size = std::max((bytes + kHugePage - 1) & ~(kHugePage - 1), next_chunk_);
      void* chunk = std::aligned_alloc(kHugePage, size);
      if (chunk == nullptr) throw std::bad_alloc();
      madvise(chunk, size, MADV_HUGEPAGE);  // advice only: failure is harmless
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
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;
  static constexpr std::size_t kMaxChunk = std::size_t{64} << 20;
  std::vector<void*> chunks_;
  std::byte* next_ = nullptr;
  std::size_t remaining_ = 0;
  std::size_t next_chunk_ = kHugePage / 2;
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

// The storage view the search templates run on: distances from one query,
// and lower bounds from the codes.
struct QueryView {
  using Id = MemoryGraph::Id;
  const MemoryGraph* graph;
  const std::byte* query;
  // Bounds prepared from the value of element `bounded` (the element being
  // inserted); `bounds_query` says whether that value is `query`, so that
  // LowerBound(e) bounds Distance(e) - in Insert's searches, not in the
  // reverse-link updates, whose query is the list's owner.
  const ivf::ScalarQuery* bounds = nullptr;
  Id bounded = MemoryGraph::kNoElement;
  bool bounds_query = false;

  float Distance(Id e) const noexcept { return graph->distance_(query, graph->ValueOf(graph->Element(e))); }
  // The id -> record table entry (a miss of its own on large graphs).
  void PrefetchLookup(Id e) const noexcept { graph->PrefetchElementPointer(e); }
  // The record's header and its whole value, assuming layer 0 only (almost
  // every element) and the first value's size (all of them for dense types).
  void Prefetch(Id e) const noexcept {
    const std::byte* record = reinterpret_cast<const std::byte*>(graph->Element(e));
    __builtin_prefetch(record);
    const std::byte* value = record + graph->layer0_value_offset_;
    const std::size_t bytes = graph->prefetch_bytes_.load(std::memory_order_relaxed);
    for (std::size_t line = 0; line < bytes; line += 64) __builtin_prefetch(value + line);
  }
  float DistanceBetween(Id a, Id b) const noexcept { return graph->DistanceBetween(a, b); }
  void LoadNeighbors(Id e, int layer, std::vector<Id>& out) const { graph->CopyNeighbors(e, layer, out); }

  bool HasBounds() const noexcept { return bounds != nullptr && bounds_query; }
  bool HasEstimates() const noexcept { return HasBounds() && graph->options_.codes->rank_by_estimates; }
  // The code and its stats (the end of the header: its first line, the
  // level and the first rows, is not needed for a bound).
  void PrefetchCode(Id e) const noexcept {
    const std::byte* record = reinterpret_cast<const std::byte*>(graph->Element(e));
    const std::size_t end = sizeof(MemoryGraph::Header) + graph->code_bytes_;
    for (std::size_t line = sizeof(MemoryGraph::Header) & ~std::size_t{63}; line < end; line += 64) {
      __builtin_prefetch(record + line);
    }
  }
  // A lower bound on Distance(e) (the float32 kernel's value), from e's code.
  float LowerBound(Id e) const noexcept { return BoundFrom(e); }
  // Distance(e) estimated from e's code: the distance from the query to the
  // value the code stands for.
  float Estimate(Id e) const noexcept {
    const MemoryGraph::CodeRecord* record = graph->CodeOf(graph->Element(e));
    if (!std::isfinite(record->stats.error)) return Distance(e);  // no usable code (EncodeCode)
    const float kernel = KernelOf(record);
    return L2() ? kernel : -static_cast<float>(bounds->base + static_cast<double>(kernel));
  }

  // DistanceBetween(a, b) < limit; when a or b is `bounded`, the other's
  // value is read only if its code's bound does not settle the question.
  bool CloserThan(Id a, Id b, float limit) const noexcept {
    if (bounds != nullptr && (a == bounded || b == bounded)) {
      if (BoundFrom(a == bounded ? b : a) >= limit) return false;
    }
    return graph->DistanceBetween(a, b) < limit;
  }

 private:
  bool L2() const noexcept { return graph->options_.codes->metric == MemoryGraph::CodeMetric::kL2Squared; }
  // The code kernel's value for `bounds` against the record's code: the
  // weighted squared L2 of the mapped query (L2), or the dot product of the
  // scaled query (inner product); ivf/scalar_codes.hpp.
  float KernelOf(const MemoryGraph::CodeRecord* record) const noexcept {
    const std::size_t n = graph->options_.codes->dimensions;
    const FloatKernels& fk = ActiveFloatKernels();
    return L2() ? fk.u8_weighted_l2(bounds->mapped.data(), bounds->weights.data(), record->code, n)
                : fk.u8_dot(bounds->scaled.data(), record->code, n);
  }
  float BoundFrom(Id e) const noexcept {
    const MemoryGraph::CodeRecord* record = graph->CodeOf(graph->Element(e));
    const std::size_t n = graph->options_.codes->dimensions;
    return L2() ? ivf::ScalarLowerBoundL2Squared(KernelOf(record), *bounds, record->stats, n)
                : ivf::ScalarLowerBoundNegativeInnerProduct(KernelOf(record), *bounds, record->stats, n);
  }
};

struct MemoryGraph::InsertScratch {
  EpochVisited visited;
  SearchScratch<Id> search;
  std::vector<std::vector<Candidate<Id>>> layers;
  std::vector<Candidate<Id>> selected;
  std::vector<Candidate<Id>> pruned;
  std::vector<Candidate<Id>> overflow;
  std::vector<Id> neighbors;
  std::vector<ListEntry<Id>> current;
  std::vector<ListEntry<Id>> updated;
  AddScratch<Id> add;
  ivf::ScalarQuery bounds;  // of the element being inserted
  bool bounds_ready = false;
};

MemoryGraph::MemoryGraph(const Options& options, DistanceFunction distance)
    : options_(options),
      distance_(distance),
      arena_(std::make_unique<Arena>()),
      directory_(new std::atomic<Header**>[kMaxBlocks]),
      locks_(new std::atomic_flag[kLockStripes]),
      code_bytes_(CodeBytes(options)),
      layer0_value_offset_(sizeof(Header) + code_bytes_ + ListBytes(options.m, 0)) {
  for (std::size_t i = 0; i < kMaxBlocks; ++i) directory_[i].store(nullptr, std::memory_order_relaxed);
  for (std::size_t i = 0; i < kLockStripes; ++i) locks_[i].clear();
}

MemoryGraph::~MemoryGraph() {
  for (std::size_t i = 0; i < kMaxBlocks; ++i) delete[] directory_[i].load(std::memory_order_relaxed);
}

std::size_t MemoryGraph::CodeBytes(const Options& options) noexcept {
  return options.codes ? sizeof(CodeRecord) + ((options.codes->dimensions + 7) & ~std::size_t{7}) : 0;
}

// Layer 0 for every element, and the lists of one upper layer for one
// element in m - 1 (levels follow 1/ln(m): P(level >= l) = m^-l).
double MemoryGraph::ExpectedElementBytes(const Options& options, std::size_t value_size) noexcept {
  const double upper = static_cast<double>(ListBytes(options.m, 1) - ListBytes(options.m, 0));
  return static_cast<double>(sizeof(Header) + CodeBytes(options) + ListBytes(options.m, 0) +
                             ((value_size + 7) & ~std::size_t{7})) +
         upper / static_cast<double>(options.m - 1);
}

std::size_t MemoryGraph::ElementBytes(std::size_t value_size, int level) const noexcept {
  return sizeof(Header) + code_bytes_ + ListBytes(options_.m, level) + ((value_size + 7) & ~std::size_t{7});
}

void MemoryGraph::PrefetchElementPointer(Id id) const noexcept {
  __builtin_prefetch(directory_[id >> kBlockBits].load(std::memory_order_relaxed) + (id & (kBlockSize - 1)));
}

MemoryGraph::Header* MemoryGraph::Element(Id id) const noexcept {
  return directory_[id >> kBlockBits].load(std::memory_order_acquire)[id & (kBlockSize - 1)];
}

std::uint32_t* MemoryGraph::CountOf(Header* h, int layer) const noexcept {
  auto* base = reinterpret_cast<std::byte*>(h + 1) + code_bytes_;
  if (layer > 0) base += ListBytes(options_.m, layer - 1);
  return reinterpret_cast<std::uint32_t*>(base);
}

MemoryGraph::Slot* MemoryGraph::SlotsOf(Header* h, int layer) const noexcept {
  return reinterpret_cast<Slot*>(reinterpret_cast<std::byte*>(CountOf(h, layer)) + kListHeader);
}

std::byte* MemoryGraph::ValueOf(Header* h) const noexcept {
  return reinterpret_cast<std::byte*>(h + 1) + code_bytes_ + ListBytes(options_.m, h->level);
}

MemoryGraph::CodeRecord* MemoryGraph::CodeOf(const Header* h) const noexcept {
  return reinterpret_cast<CodeRecord*>(const_cast<Header*>(h) + 1);
}

bool MemoryGraph::HasCodeShape(std::size_t value_size) const noexcept {
  return value_size == options_.codes->value_offset + options_.codes->dimensions * sizeof(float);
}

// A value of another shape (none should reach an index of fixed dimensions)
// gets an infinite error: its bound is -infinity, so it is always compared
// exactly.
void MemoryGraph::EncodeCode(Header* h) noexcept {
  CodeRecord* record = CodeOf(h);
  if (!HasCodeShape(h->value_size)) {
    std::memset(record->code, 0, options_.codes->dimensions);
    const float inf = std::numeric_limits<float>::infinity();
    record->stats = ivf::CodeStats{inf, inf, inf};
    return;
  }
  const auto* x = reinterpret_cast<const float*>(ValueOf(h) + options_.codes->value_offset);
  record->stats =
      ivf::EncodeScalar(x, code_offset_.data(), code_scale_.data(), options_.codes->dimensions, record->code);
}

// Called with allocate_mutex_ held once kCodeFitRows elements exist: fits
// the codes to their values, encodes them, then publishes the codes (inserts
// running meanwhile read no code until codes_ready_ is set).
void MemoryGraph::FitCodes() {
  const std::size_t n = options_.codes->dimensions;
  const std::size_t count = count_.load(std::memory_order_relaxed);
  std::vector<float> samples;
  samples.reserve(count * n);
  for (std::size_t id = 0; id < count; ++id) {
    Header* h = Element(static_cast<Id>(id));
    if (!HasCodeShape(h->value_size)) continue;
    const auto* x = reinterpret_cast<const float*>(ValueOf(h) + options_.codes->value_offset);
    samples.insert(samples.end(), x, x + n);
  }
  ivf::VectorRows rows;
  rows.kind = ivf::ElementKind::kFloat;
  rows.data = samples.data();
  rows.count = samples.size() / n;
  rows.dimensions = n;
  code_offset_.resize(n);
  code_scale_.resize(n);
  ivf::FitScalarCodes(rows, false, code_offset_.data(), code_scale_.data());
  for (std::size_t id = 0; id < count; ++id) EncodeCode(Element(static_cast<Id>(id)));
  codes_ready_.store(true, std::memory_order_release);
}

// Maps `query` for bounds against the codes; false when codes are not ready
// or the query has another shape.
bool MemoryGraph::PrepareBounds(const std::byte* query, std::size_t size, ivf::ScalarQuery& out) const {
  if (!options_.codes || !codes_ready() || !HasCodeShape(size)) return false;
  const auto* q = reinterpret_cast<const float*>(query + options_.codes->value_offset);
  ivf::PrepareScalarQuery(q, code_offset_.data(), code_scale_.data(), options_.codes->dimensions, out);
  return true;
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
  if (options_.codes && codes_ready_.load(std::memory_order_relaxed)) EncodeCode(h);
  block.load(std::memory_order_relaxed)[id & (kBlockSize - 1)] = h;
  if (id == 0) prefetch_bytes_.store(std::min<std::size_t>(value.size(), 16384), std::memory_order_relaxed);
  arena_used_.fetch_add(bytes, std::memory_order_relaxed);
  count_.store(id + 1, std::memory_order_release);
  if (options_.codes && id + 1 == kCodeFitRows) FitCodes();
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

std::size_t MemoryGraph::NeighborCount(Id id, int layer) const noexcept { return *CountOf(Element(id), layer); }

MemoryGraph::Id MemoryGraph::NeighborAt(Id id, int layer, std::size_t i) const noexcept {
  return SlotsOf(Element(id), layer)[i].id_flags & kIdMask;
}

float MemoryGraph::NeighborDistance(Id id, int layer, std::size_t i) const noexcept {
  return SlotsOf(Element(id), layer)[i].distance;
}

bool MemoryGraph::NeighborKept(Id id, int layer, std::size_t i) const noexcept {
  return (SlotsOf(Element(id), layer)[i].id_flags & kKeptFlag) != 0;
}

std::span<const std::byte> MemoryGraph::Value(Id id) const noexcept {
  Header* h = Element(id);
  return {ValueOf(h), h->value_size};
}

void MemoryGraph::CopyNeighbors(Id id, int layer, std::vector<Id>& out) const {
  Header* h = Element(id);
  const std::uint32_t* count = CountOf(h, layer);
  const Slot* slots = SlotsOf(h, layer);
  SpinGuard guard(LockOf(id));
  out.resize(*count);
  for (std::uint32_t i = 0; i < *count; ++i) out[i] = slots[i].id_flags & kIdMask;
}

float MemoryGraph::DistanceBetween(Id a, Id b) const noexcept {
  return distance_(ValueOf(Element(a)), ValueOf(Element(b)));
}

// Writes a layer from its stored form (sorted, with the heuristic's verdicts).
void MemoryGraph::StoreList(Header* h, int layer, std::span<const ListEntry<Id>> list) {
  std::uint32_t* count = CountOf(h, layer);
  Slot* slots = SlotsOf(h, layer);
  for (std::size_t i = 0; i < list.size(); ++i) {
    slots[i] = Slot{list[i].id | (list[i].kept ? kKeptFlag : 0u), list[i].distance};
  }
  *count = static_cast<std::uint32_t>(list.size());
}

// Adds q to e's list at `layer` (Algorithm 1, lines 11-16), re-running the
// heuristic incrementally over the cached verdicts (AddToList).
void MemoryGraph::Connect(Id e, Id q, float distance, int layer, InsertScratch& scratch) {
  const std::size_t capacity = static_cast<std::size_t>(layer == 0 ? 2 * options_.m : options_.m);
  Header* h = Element(e);
  const std::uint32_t* count = CountOf(h, layer);
  const Slot* slots = SlotsOf(h, layer);
  SpinGuard guard(LockOf(e));
  auto& current = scratch.current;
  current.clear();
  for (std::uint32_t i = 0; i < *count; ++i) {
    const Id id = slots[i].id_flags & kIdMask;
    if (id == q) return;
    current.push_back({slots[i].distance, id, (slots[i].id_flags & kKeptFlag) != 0});
  }
  // Distances here are between list members and q: bounds from q's code
  // (prepared by Insert) spare reading most members' values.
  QueryView view{this, ValueOf(h)};
  if (scratch.bounds_ready) view = QueryView{this, ValueOf(h), &scratch.bounds, q, false};
  if (AddToList(view, std::span<const ListEntry<Id>>(current), Candidate<Id>{distance, q}, capacity, scratch.add,
                scratch.updated)) {
    StoreList(h, layer, std::span<const ListEntry<Id>>(scratch.updated));
  }
}

// The ef elements a search found by estimates, with their exact distances,
// nearest first: every later decision (the heuristic, the stored lists, the
// next layer's entry points) sees exact distances only.
static void Rerank(const QueryView& view, std::vector<Candidate<MemoryGraph::Id>>& found) {
  using Id = MemoryGraph::Id;
  for (const Candidate<Id>& c : found) view.Prefetch(c.id);
  for (Candidate<Id>& c : found) c.distance = view.Distance(c.id);
  std::sort(found.begin(), found.end(),
            [](const Candidate<Id>& a, const Candidate<Id>& b) { return a.distance < b.distance; });
}

bool MemoryGraph::Insert(Id id, InsertScratch& scratch) {
  Header* h = Element(id);
  const int level = h->level;
  const std::byte* q = ValueOf(h);
  QueryView view{this, q};
  scratch.bounds_ready = PrepareBounds(q, h->value_size, scratch.bounds);
  if (scratch.bounds_ready) view = QueryView{this, q, &scratch.bounds, id, true};

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
    if (view.HasEstimates()) Rerank(view, scratch.search.results);
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
    const std::size_t kept = SelectNeighbors(view, std::span<const Candidate<Id>>(candidates), capacity,
                                             scratch.selected, scratch.pruned);
    ToList(std::span<const Candidate<Id>>(scratch.selected), kept, scratch.updated);
    {
      SpinGuard guard(LockOf(id));
      StoreList(h, lc, std::span<const ListEntry<Id>>(scratch.updated));
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
  QueryView view{this, query.data()};  // exact distances only
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
