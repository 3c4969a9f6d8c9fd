// The HNSW search primitives (Malkov & Yashunin, "Efficient and robust
// approximate nearest neighbor search using Hierarchical Navigable Small World
// graphs", 2016/2018), written once for every graph storage: the in-memory
// build graph (memory_graph.hpp) and the PostgreSQL page store of the index
// access method. A storage is any type providing:
//
//   using Id = ...;                                   // element reference
//   float Distance(Id e);                             // query -> element
//   void LoadNeighbors(Id e, int layer, std::vector<Id>& out);
//
// and, for neighbour selection, `float DistanceBetween(Id a, Id b)`.
// Symbols follow the paper: q query, ep entry points, ef dynamic list size,
// lc layer, W result set, C candidate set, M neighbour count.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <span>
#include <type_traits>
#include <vector>

namespace pgvec::core::hnsw {

template <class Id>
struct Candidate {
  float distance;
  Id id;
};

template <class Id>
struct NearerFirst {
  bool operator()(const Candidate<Id>& a, const Candidate<Id>& b) const noexcept { return a.distance > b.distance; }
};
template <class Id>
struct FartherFirst {
  bool operator()(const Candidate<Id>& a, const Candidate<Id>& b) const noexcept { return a.distance < b.distance; }
};

// Reusable buffers of one search, so a build or scan allocates once.
template <class Id>
struct SearchScratch {
  std::vector<Candidate<Id>> candidates;  // C: min-heap by distance
  std::vector<Candidate<Id>> results;     // W: max-heap by distance, at most ef
  std::vector<Id> neighbors;              // one element's neighbour list
  std::vector<Id> fresh;                  // its not yet visited members
  std::vector<float> fresh_distances;
};

// Storages that can start fetching an element's value early (memory-resident
// graphs: a distance is usually bound by the cache misses of its vector)
// expose Prefetch; SearchLayer issues it for every fresh neighbour of an
// expanded element before computing the first distance.
template <class Storage>
concept Prefetching = requires(Storage& g, typename Storage::Id id) { g.Prefetch(id); };

// ...and that need a lookup to find an element first (an id -> record
// table) can start those lookups in a pass of their own.
template <class Storage>
concept PrefetchingLookups = requires(Storage& g, typename Storage::Id id) { g.PrefetchLookup(id); };

// Storages that compute a whole neighbour list's distances in one call (the
// page store: pin every page first, start all memory loads, then compute).
template <class Storage>
concept BatchDistances = requires(Storage& g, std::span<const typename Storage::Id> ids, std::vector<float>& out) {
  g.Distances(ids, out);
};

// Storages that can bound a distance from below without reading the value
// (the build graph's 8-bit codes, memory_graph.hpp): when HasBounds(),
// GreedyDescend (and SearchLayer, unless it ranks by estimates) reads an
// element's value only if its bound does not already rule it out.
// Decisions are unchanged - a rejection by a lower bound is one the exact
// distance would make.
template <class Storage>
concept LowerBounding = requires(const Storage& g, typename Storage::Id id) {
  { g.HasBounds() } -> std::convertible_to<bool>;
  { g.LowerBound(id) } -> std::convertible_to<float>;
  g.PrefetchCode(id);
};

// Storages that can estimate a distance from a compact code (the build
// graph): when HasEstimates(), SearchLayer ranks elements by Estimate()
// and never reads a value, so its results carry estimates and the caller
// re-ranks them with exact distances.
template <class Storage>
concept Estimating = requires(const Storage& g, typename Storage::Id id) {
  { g.HasEstimates() } -> std::convertible_to<bool>;
  { g.Estimate(id) } -> std::convertible_to<float>;
  g.PrefetchCode(id);
};

// Storages that can decide "DistanceBetween(a, b) < limit" from a bound
// when one side is the element being inserted (the build graph): the
// neighbour selection then reads the other value only when it must.
template <class Storage>
concept BoundedPairs = requires(const Storage& g, typename Storage::Id a, float limit) {
  { g.CloserThan(a, a, limit) } -> std::convertible_to<bool>;
};

namespace detail {
// DistanceBetween(a, b) < limit, the test of Algorithm 4.
template <class Storage, class Id>
bool Closer(Storage& g, Id a, Id b, float limit) {
  if constexpr (BoundedPairs<Storage>) {
    return g.CloserThan(a, b, limit);
  } else {
    return g.DistanceBetween(a, b) < limit;
  }
}
}  // namespace detail

// Discards nothing; see SearchLayer.
struct IgnoreDiscarded {
  template <class C>
  void operator()(const C&) const noexcept {}
};

// Algorithm 2, SEARCH-LAYER(q, ep, ef, lc). `visited` must already contain
// the entry points' ids if the caller wants them skipped on revisit (they
// are inserted here otherwise). On return scratch.results holds the ef
// nearest elements found, nearest first. Every element that was evaluated
// but not kept (rejected by the ef bound or pushed out of W) is passed to
// `discarded`: iterative index scans resume from those.
template <class Storage, class Visited, class Discarded = IgnoreDiscarded>
void SearchLayer(Storage& g, std::span<const Candidate<typename Storage::Id>> ep, int ef, int lc, Visited& visited,
                 SearchScratch<typename Storage::Id>& scratch, Discarded&& discarded = {}) {
  using Id = typename Storage::Id;
  auto& C = scratch.candidates;
  auto& W = scratch.results;
  C.clear();
  W.clear();
  for (const Candidate<Id>& e : ep) {
    visited.Insert(e.id);
    C.push_back(e);
    W.push_back(e);
  }
  std::make_heap(C.begin(), C.end(), NearerFirst<Id>{});
  std::make_heap(W.begin(), W.end(), FartherFirst<Id>{});
  while (W.size() > static_cast<std::size_t>(ef)) {
    std::pop_heap(W.begin(), W.end(), FartherFirst<Id>{});
    discarded(W.back());
    W.pop_back();
  }

  const auto full = [&] { return W.size() >= static_cast<std::size_t>(ef); };
  // Lines 13-17 for one evaluated element.
  const auto consider = [&](float d, Id e) {
    if (!full() || d < W.front().distance) {
      C.push_back({d, e});
      std::push_heap(C.begin(), C.end(), NearerFirst<Id>{});
      W.push_back({d, e});
      std::push_heap(W.begin(), W.end(), FartherFirst<Id>{});
      if (W.size() > static_cast<std::size_t>(ef)) {
        std::pop_heap(W.begin(), W.end(), FartherFirst<Id>{});
        discarded(W.back());
        W.pop_back();
      }
    } else {
      discarded(Candidate<Id>{d, e});
    }
  };

  // Starts loading the codes of the fresh neighbours (storages with codes).
  [[maybe_unused]] const auto prefetch_codes = [&] {
    if constexpr (LowerBounding<Storage> || Estimating<Storage>) {
      if constexpr (PrefetchingLookups<Storage>) {
        for (const Id e : scratch.fresh) g.PrefetchLookup(e);
      }
      for (const Id e : scratch.fresh) g.PrefetchCode(e);
    }
  };

  while (!C.empty()) {
    std::pop_heap(C.begin(), C.end(), NearerFirst<Id>{});
    const Candidate<Id> c = C.back();
    C.pop_back();
    if (c.distance > W.front().distance && full()) break;

    g.LoadNeighbors(c.id, lc, scratch.neighbors);
    scratch.fresh.clear();
    for (const Id e : scratch.neighbors) {
      if (visited.Insert(e)) scratch.fresh.push_back(e);
    }
    if constexpr (Estimating<Storage>) {
      static_assert(std::is_same_v<std::remove_cvref_t<Discarded>, IgnoreDiscarded>,
                    "estimated distances are not for resuming a scan");
      if (g.HasEstimates()) {
        prefetch_codes();
        for (const Id e : scratch.fresh) consider(g.Estimate(e), e);
        continue;
      }
    }
    if constexpr (LowerBounding<Storage>) {
      static_assert(std::is_same_v<std::remove_cvref_t<Discarded>, IgnoreDiscarded>,
                    "a bound rejects without an exact distance to pass on");
      if (g.HasBounds()) {
        // Codes first, then the values of only those elements the bounds
        // leave in the running, so those loads still overlap; the bound is
        // tested again against the ef-th distance as it stands when each
        // element's turn comes. Decisions are those of exact distances.
        prefetch_codes();
        auto& bounds = scratch.fresh_distances;
        bounds.resize(scratch.fresh.size());
        const float limit = full() ? W.front().distance : std::numeric_limits<float>::infinity();
        for (std::size_t j = 0; j < scratch.fresh.size(); ++j) {
          bounds[j] = g.LowerBound(scratch.fresh[j]);
          if constexpr (Prefetching<Storage>) {
            if (bounds[j] < limit) g.Prefetch(scratch.fresh[j]);
          }
        }
        for (std::size_t j = 0; j < scratch.fresh.size(); ++j) {
          if (full() && bounds[j] >= W.front().distance) continue;
          consider(g.Distance(scratch.fresh[j]), scratch.fresh[j]);
        }
        continue;
      }
    }
    // Start every fetch before the first distance: the loads then proceed
    // in parallel instead of one cache miss after another.
    if constexpr (BatchDistances<Storage>) {
      g.Distances(std::span<const Id>(scratch.fresh), scratch.fresh_distances);
    } else if constexpr (Prefetching<Storage>) {
      if constexpr (PrefetchingLookups<Storage>) {
        for (const Id e : scratch.fresh) g.PrefetchLookup(e);
      }
      for (const Id e : scratch.fresh) g.Prefetch(e);
    }
    for (std::size_t j = 0; j < scratch.fresh.size(); ++j) {
      const Id e = scratch.fresh[j];
      if constexpr (BatchDistances<Storage>) {
        consider(scratch.fresh_distances[j], e);
      } else {
        consider(g.Distance(e), e);
      }
    }
  }
  std::sort_heap(W.begin(), W.end(), FartherFirst<Id>{});  // ascending distance
}

// Greedy descent with ef = 1 through layers [from, to): used above the
// new element's level on insert and above layer 0 on search.
template <class Storage>
Candidate<typename Storage::Id> GreedyDescend(Storage& g, Candidate<typename Storage::Id> ep, int from, int to,
                                              std::vector<typename Storage::Id>& neighbors) {
  for (int lc = from; lc > to; --lc) {
    bool changed = true;
    while (changed) {
      changed = false;
      g.LoadNeighbors(ep.id, lc, neighbors);
      bool bounded = false;
      if constexpr (LowerBounding<Storage>) {
        bounded = g.HasBounds();
        if (bounded) {
          if constexpr (PrefetchingLookups<Storage>) {
            for (const auto e : neighbors) g.PrefetchLookup(e);
          }
          for (const auto e : neighbors) g.PrefetchCode(e);
        }
      }
      for (const auto e : neighbors) {
        if constexpr (LowerBounding<Storage>) {
          if (bounded && g.LowerBound(e) >= ep.distance) continue;  // d >= bound: no move
        }
        const float d = g.Distance(e);
        if (d < ep.distance) {
          ep = {d, e};
          changed = true;
        }
      }
    }
  }
  return ep;
}

// Algorithm 4, SELECT-NEIGHBORS-HEURISTIC(q, C, M, lc, extendCandidates =
// false, keepPrunedConnections = true). `candidates` must be sorted nearest
// first (distances to q). An element is kept only if it is nearer to q than
// to every element kept so far, which spreads links in all directions; the
// pruned ones then fill any remaining slots, nearest first (so a list is
// never left short when candidates exist). Writes at most M to `selected`
// and returns how many of them the heuristic kept (they come first).
template <class Storage>
std::size_t SelectNeighbors(Storage& g, std::span<const Candidate<typename Storage::Id>> candidates, int M,
                     std::vector<Candidate<typename Storage::Id>>& selected,
                     std::vector<Candidate<typename Storage::Id>>& pruned) {
  selected.clear();
  pruned.clear();
  for (const auto& e : candidates) {
    if (selected.size() >= static_cast<std::size_t>(M)) break;
    bool good = true;
    for (const auto& r : selected) {
      if (detail::Closer(g, e.id, r.id, e.distance)) {
        good = false;
        break;
      }
    }
    if (good) {
      selected.push_back(e);
    } else {
      pruned.push_back(e);
    }
  }
  const std::size_t kept = selected.size();
  for (std::size_t i = 0; i < pruned.size() && selected.size() < static_cast<std::size_t>(M); ++i) {
    selected.push_back(pruned[i]);
  }
  return kept;
}

// One entry of a stored neighbour list: the neighbour, its distance from the
// list's owner, and whether Algorithm 4 kept it on merit (rather than to fill
// a free slot). Lists are stored sorted by distance.
template <class Id>
struct ListEntry {
  float distance;
  Id id;
  bool kept;
};

// Scratch of AddToList, reused across calls.
template <class Id>
struct AddScratch {
  std::vector<Candidate<Id>> kept;
  std::vector<Candidate<Id>> pruned;
  std::vector<Candidate<Id>> added;
};

namespace detail {
// Algorithm 4's test: `c` is nearer to the owner than to every member of `set`.
template <class Storage, class Id>
bool CloserThanAll(Storage& g, const Candidate<Id>& c, const std::vector<Candidate<Id>>& set) {
  for (const auto& r : set) {
    if (Closer(g, c.id, r.id, c.distance)) return false;
  }
  return true;
}
}  // namespace detail

// Adds q to a neighbour list (Algorithm 1, lines 11-16): the result equals
// running Algorithm 4 over the list's members plus q, but the list is the
// previous output with its decisions cached, so the heuristic runs
// incrementally - entries before q keep their decision; q is tested against
// the kept entries before it; a kept entry after q only needs testing against
// newly kept entries; an unkept one only needs a full test once some kept
// entry was demoted. Writes the new list (sorted, at most `capacity`) to
// `out`; returns false, leaving `out` undefined, when q is not admitted and
// so the list would not change.
template <class Storage>
bool AddToList(Storage& g, std::span<const ListEntry<typename Storage::Id>> list, Candidate<typename Storage::Id> q,
               std::size_t capacity, AddScratch<typename Storage::Id>& scratch,
               std::vector<ListEntry<typename Storage::Id>>& out) {
  using Id = typename Storage::Id;
  std::size_t position = 0;
  while (position < list.size() && list[position].distance <= q.distance) ++position;
  auto& kept = scratch.kept;
  auto& pruned = scratch.pruned;
  auto& added = scratch.added;
  kept.clear();
  pruned.clear();
  added.clear();
  bool demoted = false;
  bool q_in = false;
  for (std::size_t i = 0; i <= list.size() && kept.size() < capacity; ++i) {
    bool keep;
    Candidate<Id> c;
    if (i == position) {
      c = q;
      keep = detail::CloserThanAll(g, c, kept);
      if (keep) added.push_back(c);
    } else {
      const ListEntry<Id>& e = list[i < position ? i : i - 1];
      c = {e.distance, e.id};
      if (i < position) {
        keep = e.kept;
      } else if (e.kept) {
        keep = detail::CloserThanAll(g, c, added);
        if (!keep) demoted = true;
      } else {
        keep = demoted && detail::CloserThanAll(g, c, kept);
        if (keep) added.push_back(c);
      }
    }
    if (i == position && keep) q_in = true;
    (keep ? kept : pruned).push_back(c);
  }
  // Pruned entries fill the free slots, nearest first.
  const std::size_t fill = std::min(pruned.size(), capacity - kept.size());
  for (std::size_t i = 0; i < fill; ++i) {
    if (pruned[i].id == q.id) q_in = true;
  }
  if (!q_in) return false;
  out.clear();
  std::size_t a = 0, b = 0;
  while (a < kept.size() || b < fill) {
    const bool take_kept = b >= fill || (a < kept.size() && kept[a].distance <= pruned[b].distance);
    const Candidate<Id>& c = take_kept ? kept[a++] : pruned[b++];
    out.push_back({c.distance, c.id, take_kept});
  }
  return true;
}

// The stored form of a fresh selection (SelectNeighbors' output, `kept` of
// them kept on merit): sorted by distance with the verdicts.
template <class Id>
void ToList(std::span<const Candidate<Id>> selected, std::size_t kept, std::vector<ListEntry<Id>>& out) {
  out.clear();
  std::size_t a = 0, b = kept;
  while (a < kept || b < selected.size()) {
    const bool take_kept = b >= selected.size() || (a < kept && selected[a].distance <= selected[b].distance);
    const Candidate<Id>& c = take_kept ? selected[a++] : selected[b++];
    out.push_back({c.distance, c.id, take_kept});
  }
}

// Level of a new element: floor(-ln(U) * mL), mL = 1 / ln(M) (section 4.1),
// capped at max_level. `uniform` is in (0, 1].
inline int RandomLevel(double uniform, int m, int max_level) noexcept {
  const double ml = 1.0 / std::log(static_cast<double>(m));
  const double level = std::floor(-std::log(uniform) * ml);
  return level >= max_level ? max_level : static_cast<int>(level);
}

// Open-addressing set of 64-bit keys (page-store element references).
// Power-of-two capacity, linear probing, grows at half load.
class VisitedSet {
 public:
  explicit VisitedSet(std::size_t expected = 256) { Reset(expected); }

  void Reset(std::size_t expected) {
    std::size_t capacity = 16;
    while (capacity < expected * 2) capacity <<= 1;
    slots_.assign(capacity, kEmpty);
    size_ = 0;
  }

  // True if the key was not present.
  bool Insert(std::uint64_t key) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    return InsertNoGrow(key);
  }

  bool Contains(std::uint64_t key) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == key) return true;
      if (slots_[i] == kEmpty) return false;
    }
  }

  std::size_t size() const noexcept { return size_; }
  std::size_t memory_bytes() const noexcept { return slots_.size() * sizeof(std::uint64_t); }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  static std::size_t Hash(std::uint64_t key) noexcept {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<std::size_t>(key);
  }

  bool InsertNoGrow(std::uint64_t key) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == key) return false;
      if (slots_[i] == kEmpty) {
        slots_[i] = key;
        ++size_;
        return true;
      }
    }
  }

  void Grow() {
    std::vector<std::uint64_t> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, kEmpty);
    size_ = 0;
    for (std::uint64_t key : old) {
      if (key != kEmpty) InsertNoGrow(key);
    }
  }

  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace pgvec::core::hnsw

#include "pgvec/core/no_postgres.hpp"
