// HNSW algorithms on the in-memory graph, checked against brute force.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <iterator>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/hnsw/memory_graph.hpp"
#include "pgvec/core/hnsw/search.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core::hnsw {
namespace {

struct Dataset {
  std::size_t dim;
  std::vector<float> rows;  // n x dim
  std::size_t size() const { return rows.size() / dim; }
  const float* row(std::size_t i) const { return rows.data() + i * dim; }
};

// A mixture of Gaussian clusters: harder than uniform noise, like embeddings.
// Data and queries must come from one call (same centers): use Split.
Dataset Clustered(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  const std::size_t clusters = 20;
  std::vector<float> centers(clusters * dim);
  for (float& c : centers) c = noise(rng) * 5.0f;
  Dataset d{dim, std::vector<float>(n * dim)};
  std::uniform_int_distribution<std::size_t> pick(0, clusters - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = pick(rng);
    for (std::size_t j = 0; j < dim; ++j) d.rows[i * dim + j] = centers[c * dim + j] + noise(rng);
  }
  return d;
}

std::pair<Dataset, Dataset> Split(Dataset all, std::size_t queries) {
  Dataset q{all.dim, std::vector<float>(all.rows.end() - static_cast<long>(queries * all.dim), all.rows.end())};
  all.rows.resize(all.rows.size() - queries * all.dim);
  return {std::move(all), std::move(q)};
}

float L2(const void* context, const std::byte* a, const std::byte* b) noexcept {
  const auto dim = *static_cast<const std::size_t*>(context);
  return ActiveFloatKernels().l2_squared(reinterpret_cast<const float*>(a), reinterpret_cast<const float*>(b), dim);
}

std::span<const std::byte> Bytes(const float* v, std::size_t dim) {
  return {reinterpret_cast<const std::byte*>(v), dim * sizeof(float)};
}

std::vector<std::size_t> BruteForce(const Dataset& d, const float* q, std::size_t k) {
  std::vector<std::pair<float, std::size_t>> all;
  for (std::size_t i = 0; i < d.size(); ++i) {
    all.push_back({ActiveFloatKernels().l2_squared(q, d.row(i), d.dim), i});
  }
  std::partial_sort(all.begin(), all.begin() + static_cast<long>(k), all.end());
  std::vector<std::size_t> ids;
  for (std::size_t i = 0; i < k; ++i) ids.push_back(all[i].second);
  return ids;
}

double Recall(const MemoryGraph& g, const Dataset& data, const Dataset& queries, std::size_t k, int ef) {
  std::size_t hits = 0;
  for (std::size_t qi = 0; qi < queries.size(); ++qi) {
    const auto truth = BruteForce(data, queries.row(qi), k);
    const std::set<std::size_t> truth_set(truth.begin(), truth.end());
    for (const auto& c : g.Search(Bytes(queries.row(qi), queries.dim), static_cast<int>(k), ef)) {
      for (std::uint64_t row : g.Rows(c.id)) hits += truth_set.count(static_cast<std::size_t>(row));
    }
  }
  return static_cast<double>(hits) / static_cast<double>(k * queries.size());
}

void Build(MemoryGraph& g, const Dataset& data, int threads, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<MemoryGraph::Id> ids;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const int level = RandomLevel(1.0 - uniform(rng), g.options().m, g.options().max_level);
    ids.push_back(*g.Allocate(Bytes(data.row(i), data.dim), i, level));
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    auto scratch = g.NewScratch();
    for (std::size_t i; (i = next.fetch_add(1)) < ids.size();) g.Insert(ids[i], *scratch);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

TEST(HnswGraph, RecallAgainstBruteForce) {
  const auto [data, queries] = Split(Clustered(4100, 24, 1), 100);
  std::size_t dim = data.dim;
  MemoryGraph g({.m = 16, .ef_construction = 64, .max_level = 16, .memory_limit = 64u << 20, .codes = std::nullopt}, {L2, &dim});
  Build(g, data, 1, 7);
  EXPECT_GE(Recall(g, data, queries, 10, 40), 0.95);
  EXPECT_GE(Recall(g, data, queries, 10, 200), 0.99);
  // every element is linked, has a non-empty layer-0 list, no self links,
  // and lists respect their capacity
  for (MemoryGraph::Id id = 0; id < g.size(); ++id) {
    ASSERT_TRUE(g.IsLinked(id));
    for (int layer = 0; layer <= g.Level(id); ++layer) {
      const std::size_t count = g.NeighborCount(id, layer);
      EXPECT_LE(count, static_cast<std::size_t>(layer == 0 ? 32 : 16));
      if (layer == 0) {
        EXPECT_GT(count, 0u);
      }
      for (std::size_t i = 0; i < count; ++i) EXPECT_NE(g.NeighborAt(id, layer, i), id);
    }
  }
}

TEST(HnswGraph, ConcurrentBuildKeepsRecall) {
  const auto [data, queries] = Split(Clustered(4100, 24, 3), 100);
  std::size_t dim = data.dim;
  MemoryGraph g({.m = 16, .ef_construction = 64, .max_level = 16, .memory_limit = 64u << 20, .codes = std::nullopt}, {L2, &dim});
  Build(g, data, 4, 9);
  EXPECT_GE(Recall(g, data, queries, 10, 40), 0.95);
}

float NegativeIp(const void* context, const std::byte* a, const std::byte* b) noexcept {
  const auto dim = *static_cast<const std::size_t*>(context);
  return -ActiveFloatKernels().inner_product(reinterpret_cast<const float*>(a), reinterpret_cast<const float*>(b), dim);
}

// How alike two graphs built from the same values and levels are: the share
// of layer-0 lists with the same members in the same order, and the mean
// share of one list's members found in the other.
struct Likeness {
  double identical = 0;
  double overlap = 0;
};
Likeness Compare(const MemoryGraph& a, const MemoryGraph& b) {
  Likeness result;
  for (MemoryGraph::Id id = 0; id < a.size(); ++id) {
    std::vector<MemoryGraph::Id> x, y;
    for (std::size_t i = 0; i < a.NeighborCount(id, 0); ++i) x.push_back(a.NeighborAt(id, 0, i));
    for (std::size_t i = 0; i < b.NeighborCount(id, 0); ++i) y.push_back(b.NeighborAt(id, 0, i));
    result.identical += x == y ? 1 : 0;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    std::vector<MemoryGraph::Id> both;
    std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
    result.overlap += x.empty() ? 1.0 : static_cast<double>(both.size()) / static_cast<double>(x.size());
  }
  result.identical /= static_cast<double>(a.size());
  result.overlap /= static_cast<double>(a.size());
  return result;
}

// Every stored neighbour distance is the exact distance between the two
// values, whatever ranked the neighbour.
bool StoredDistancesAreExact(const MemoryGraph& g, const DistanceFunction& distance) {
  for (MemoryGraph::Id id = 0; id < g.size(); ++id) {
    for (int layer = 0; layer <= g.Level(id); ++layer) {
      for (std::size_t i = 0; i < g.NeighborCount(id, layer); ++i) {
        const MemoryGraph::Id other = g.NeighborAt(id, layer, i);
        const float stored = g.NeighborDistance(id, layer, i);
        if (stored != distance(g.Value(id).data(), g.Value(other).data()) &&
            stored != distance(g.Value(other).data(), g.Value(id).data())) {
          return false;
        }
      }
    }
  }
  return true;
}

// Clustered rows for a code test, 100 of them (2000..2099) outside the
// ranges the codes are fitted to (on the first 1,024): scaled by 4 for L2;
// for inner product (cosine opclasses store unit vectors) every row is
// normalized and those 100 become coordinate axes, with a 1 no fitted
// range reaches.
Dataset CodeTestRows(bool ip, std::size_t rows) {
  auto all = Clustered(rows, 24, 11);
  const std::size_t dim = all.dim;
  for (std::size_t i = 0; i < all.size(); ++i) {
    float* row = &all.rows[i * dim];
    if (i >= 2000 && i < 2100) {
      for (std::size_t j = 0; j < dim; ++j) row[j] = ip ? (j == i % dim ? 1.0f : 0.0f) : row[j] * 4.0f;
    } else if (ip) {
      const double norm = std::sqrt(ActiveFloatKernels().norm_squared_f64(row, dim));
      for (std::size_t j = 0; j < dim; ++j) row[j] = static_cast<float>(row[j] / norm);
    }
  }
  return all;
}

bool SameGraph(const MemoryGraph& a, const MemoryGraph& b) {
  if (a.size() != b.size() || a.entry_point() != b.entry_point()) return false;
  for (MemoryGraph::Id id = 0; id < a.size(); ++id) {
    if (a.IsLinked(id) != b.IsLinked(id) || a.Level(id) != b.Level(id)) return false;
    for (int layer = 0; layer <= a.Level(id); ++layer) {
      if (a.NeighborCount(id, layer) != b.NeighborCount(id, layer)) return false;
      for (std::size_t i = 0; i < a.NeighborCount(id, layer); ++i) {
        if (a.NeighborAt(id, layer, i) != b.NeighborAt(id, layer, i) ||
            a.NeighborDistance(id, layer, i) != b.NeighborDistance(id, layer, i) ||
            a.NeighborKept(id, layer, i) != b.NeighborKept(id, layer, i)) {
          return false;
        }
      }
    }
  }
  return true;
}

// The codes' lower bounds (greedy descent, the heuristic's tests against the
// new element, and searches when they do not rank by estimates) decide
// exactly as exact distances do: with estimates off, the graph is the one
// built without codes, list for list.
TEST(HnswGraphCodes, BoundsDecideExactlyAsExactDistances) {
  for (const auto metric : {MemoryGraph::CodeMetric::kL2Squared, MemoryGraph::CodeMetric::kNegativeInnerProduct}) {
    const bool ip = metric == MemoryGraph::CodeMetric::kNegativeInnerProduct;
    const Dataset data = CodeTestRows(ip, 3000);
    const std::size_t dim = data.dim;
    const DistanceFunction distance{ip ? NegativeIp : L2, &dim};
    const MemoryGraph::Options exact{.m = 8, .ef_construction = 32, .max_level = 16, .memory_limit = 64u << 20,
                                     .codes = std::nullopt};
    MemoryGraph::Options bounded = exact;
    bounded.codes = MemoryGraph::CodeLayout{metric, dim, 0, false};
    MemoryGraph a(exact, distance), b(bounded, distance);
    Build(a, data, 1, 5);
    Build(b, data, 1, 5);
    EXPECT_TRUE(b.codes_ready());
    EXPECT_TRUE(SameGraph(a, b)) << (ip ? "inner product" : "L2");
  }
}

// Codes rank the candidates of an insert's searches, which are then
// re-ranked exactly: the graph comes out nearly the same as with exact
// distances throughout, recall does not move, and every stored distance is
// exact - for both metrics, including rows outside the fitted ranges.
TEST(HnswGraphCodes, BuildNearlyTheSameGraphAsExactDistances) {
  for (const auto metric : {MemoryGraph::CodeMetric::kL2Squared, MemoryGraph::CodeMetric::kNegativeInnerProduct}) {
    const bool ip = metric == MemoryGraph::CodeMetric::kNegativeInnerProduct;
    const auto [data, queries] = Split(CodeTestRows(ip, 3100), 100);
    const std::size_t dim = data.dim;
    const DistanceFunction distance{ip ? NegativeIp : L2, &dim};
    const MemoryGraph::Options exact{.m = 8, .ef_construction = 32, .max_level = 16, .memory_limit = 64u << 20,
                                     .codes = std::nullopt};
    MemoryGraph::Options coded = exact;
    coded.codes = MemoryGraph::CodeLayout{metric, dim, 0};
    MemoryGraph a(exact, distance), b(coded, distance);
    Build(a, data, 1, 5);
    Build(b, data, 1, 5);
    EXPECT_FALSE(a.codes_ready());
    EXPECT_TRUE(b.codes_ready());
    const Likeness like = Compare(a, b);
    // a list that differs changes later inserts' searches a little, so
    // differences spread; members hardly differ (measured: 94% and 79% of the
    // lists identical, 99.6% and 98.4% of the members shared)
    EXPECT_GE(like.identical, 0.7) << (ip ? "inner product" : "L2");
    EXPECT_GE(like.overlap, 0.97) << (ip ? "inner product" : "L2");
    EXPECT_TRUE(StoredDistancesAreExact(b, distance));
    // recall of exact searches over each graph, against exact ground truth
    std::size_t hits[2] = {0, 0};
    for (std::size_t q = 0; q < queries.size(); ++q) {
      std::vector<std::pair<float, std::size_t>> truth;
      const auto* query = reinterpret_cast<const std::byte*>(queries.row(q));
      for (std::size_t i = 0; i < data.size(); ++i) {
        truth.push_back({distance(query, reinterpret_cast<const std::byte*>(data.row(i))), i});
      }
      std::partial_sort(truth.begin(), truth.begin() + 10, truth.end());
      std::set<std::size_t> top;
      for (std::size_t i = 0; i < 10; ++i) top.insert(truth[i].second);
      int which = 0;
      for (const MemoryGraph* g : {&a, &b}) {
        for (const auto& c : g->Search(Bytes(queries.row(q), dim), 10, 32)) {
          for (std::uint64_t row : g->Rows(c.id)) hits[which] += top.count(static_cast<std::size_t>(row));
        }
        ++which;
      }
    }
    EXPECT_GE(static_cast<double>(hits[1]), 0.99 * static_cast<double>(hits[0])) << (ip ? "inner product" : "L2");
  }
}

// As a build runs: one thread allocates (the heap scan) while others link
// each element as soon as it exists, so the codes are fitted while inserts
// are running, and the first elements are linked before any code exists.
TEST(HnswGraphCodes, CodesFittedDuringAConcurrentBuild) {
  const auto [data, queries] = Split(Clustered(4100, 24, 3), 100);
  std::size_t dim = data.dim;
  MemoryGraph g({.m = 16, .ef_construction = 64, .max_level = 16, .memory_limit = 64u << 20,
                 .codes = MemoryGraph::CodeLayout{MemoryGraph::CodeMetric::kL2Squared, dim, 0}},
                {L2, &dim});
  std::atomic<std::size_t> next{0};
  std::atomic<bool> done{false};
  auto link = [&] {
    auto scratch = g.NewScratch();
    for (;;) {
      std::size_t id = next.load();
      if (id < g.size()) {
        if (next.compare_exchange_weak(id, id + 1)) g.Insert(static_cast<MemoryGraph::Id>(id), *scratch);
      } else if (done.load() && id >= g.size()) {
        break;
      } else {
        std::this_thread::yield();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < 3; ++t) pool.emplace_back(link);
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (std::size_t i = 0; i < data.size(); ++i) {
    ASSERT_TRUE(g.Allocate(Bytes(data.row(i), dim), i, RandomLevel(1.0 - uniform(rng), 16, 16)).has_value());
  }
  done.store(true);
  for (auto& t : pool) t.join();
  EXPECT_TRUE(g.codes_ready());
  for (MemoryGraph::Id id = 0; id < g.size(); ++id) ASSERT_TRUE(g.IsLinked(id));
  EXPECT_TRUE(StoredDistancesAreExact(g, {L2, &dim}));
  EXPECT_GE(Recall(g, data, queries, 10, 40), 0.95);
}

// A value of another size than the codes expect is never bounded, only
// compared exactly.
TEST(HnswGraphCodes, ValuesOfAnotherShapeAreComparedExactly) {
  std::size_t dim = 8;
  MemoryGraph g({.m = 4, .ef_construction = 16, .max_level = 4, .memory_limit = 8u << 20,
                 .codes = MemoryGraph::CodeLayout{MemoryGraph::CodeMetric::kL2Squared, 8, 0}},
                {L2, &dim});
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  auto scratch = g.NewScratch();
  std::vector<float> v(16);
  for (std::size_t i = 0; i < MemoryGraph::kCodeFitRows + 200; ++i) {
    for (float& x : v) x = noise(rng);
    // every tenth value carries 16 floats (the distance reads the first 8)
    const std::size_t floats = i % 10 == 0 ? 16 : 8;
    g.Insert(*g.Allocate(Bytes(v.data(), floats), i, 0), *scratch);
  }
  ASSERT_TRUE(g.codes_ready());
  for (std::size_t i = 0; i < 20; ++i) {
    const MemoryGraph::Id target = static_cast<MemoryGraph::Id>(i * 50);
    const auto found = g.Search(g.Value(target), 1, 64);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found[0].distance, 0.0f);
  }
}

TEST(HnswGraph, IdenticalValuesShareElementsUpToTenRows) {
  std::size_t dim = 3;
  MemoryGraph g({.m = 4, .ef_construction = 8, .max_level = 4, .memory_limit = 1u << 20, .codes = std::nullopt}, {L2, &dim});
  const float v[3] = {1, 2, 3};
  auto scratch = g.NewScratch();
  int linked = 0;
  for (int i = 0; i < 20; ++i) {
    const auto id = g.Allocate(Bytes(v, 3), static_cast<std::uint64_t>(i), 0);
    ASSERT_TRUE(id.has_value());
    linked += g.Insert(*id, *scratch) ? 1 : 0;
  }
  EXPECT_EQ(linked, 2);
  const auto found = g.Search(Bytes(v, 3), 2, 2);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(g.Rows(found[0].id).size(), 10u);
  EXPECT_EQ(g.Rows(found[1].id).size(), 10u);
}

TEST(HnswGraph, AllocateStopsAtTheMemoryLimit) {
  std::size_t dim = 16;
  MemoryGraph g({.m = 8, .ef_construction = 16, .max_level = 4, .memory_limit = 600u << 10, .codes = std::nullopt}, {L2, &dim});
  std::vector<float> v(16, 1.0f);
  std::size_t allocated = 0;
  while (g.Allocate(Bytes(v.data(), 16), allocated, 0).has_value()) ++allocated;
  EXPECT_GT(allocated, 100u);
  EXPECT_LE(g.memory_used(), 600u << 10);
}

struct PointStore {
  using Id = int;
  std::vector<std::pair<float, float>> points;
  float Dist(int a, int b) const {
    const float dx = points[a].first - points[b].first, dy = points[a].second - points[b].second;
    return dx * dx + dy * dy;
  }
  float DistanceBetween(int a, int b) const { return Dist(a, b); }
};

TEST(HnswSelectNeighbors, HeuristicSpreadsLinksThenFillsWithPruned) {
  // query at the origin; 1 and 2 lie in the same direction, 3 opposite
  PointStore s{{{0, 0}, {1, 0}, {2, 0}, {-3, 0}}};
  std::vector<Candidate<int>> candidates = {{s.Dist(0, 1), 1}, {s.Dist(0, 2), 2}, {s.Dist(0, 3), 3}};
  std::vector<Candidate<int>> selected, pruned;
  SelectNeighbors(s, std::span<const Candidate<int>>(candidates), 2, selected, pruned);
  ASSERT_EQ(selected.size(), 2u);
  EXPECT_EQ(selected[0].id, 1);
  EXPECT_EQ(selected[1].id, 3);  // 2 is closer to 1 than to the query
  SelectNeighbors(s, std::span<const Candidate<int>>(candidates), 3, selected, pruned);
  ASSERT_EQ(selected.size(), 3u);
  EXPECT_EQ(selected[2].id, 2);  // kept pruned connection fills the list
}

TEST(HnswLevels, FollowTheExponentialDistribution) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  int counts[8] = {0};
  for (int i = 0; i < 100000; ++i) ++counts[std::min(7, RandomLevel(1.0 - uniform(rng), 16, 63))];
  // P(level >= 1) = 1/16
  EXPECT_NEAR(counts[0] / 100000.0, 15.0 / 16.0, 0.01);
  EXPECT_NEAR(counts[1] / 100000.0, 15.0 / 256.0, 0.005);
  EXPECT_EQ(RandomLevel(1e-300, 16, 5), 5);
}

TEST(VisitedSet, InsertsOnceAndGrows) {
  VisitedSet v(4);
  for (std::uint64_t k = 0; k < 10000; ++k) EXPECT_TRUE(v.Insert(k * 7919));
  for (std::uint64_t k = 0; k < 10000; ++k) EXPECT_FALSE(v.Insert(k * 7919));
  EXPECT_EQ(v.size(), 10000u);
  EXPECT_TRUE(v.Contains(7919));
  EXPECT_FALSE(v.Contains(1));
}

}  // namespace
}  // namespace pgvec::core::hnsw
