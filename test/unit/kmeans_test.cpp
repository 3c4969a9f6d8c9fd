// k-means (IVFFlat centers) and the reservoir sampler.
//
// The central check is exactness: after seeding and after every iteration,
// each sample must be assigned to exactly the center a brute-force scan with
// the same kernel picks (lowest index on ties), for Elkan and Hamerly bounds,
// every metric and element type, on data full of ties and duplicates.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <numeric>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <span>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/error.hpp"
#include "pgvec/core/half.hpp"
#include "pgvec/core/ivf/kmeans.hpp"
#include "pgvec/core/ivf/sampling.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core::ivf {
namespace {

// --- data --------------------------------------------------------------------

struct FloatData {
  std::size_t dim;
  std::vector<float> rows;
  std::vector<int> labels;  // generating cluster
  std::size_t size() const { return rows.size() / dim; }
  VectorRows View() const { return {ElementKind::kFloat, rows.data(), size(), dim, 0}; }
};

// Gaussian mixture: `clusters` centers drawn N(0, spread^2) per coordinate,
// points N(center, 1).
FloatData Mixture(std::size_t n, std::size_t dim, std::size_t clusters, float spread, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> means(clusters * dim);
  for (float& m : means) m = normal(rng) * spread;
  FloatData d{dim, std::vector<float>(n * dim), std::vector<int>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = i % clusters;
    d.labels[i] = static_cast<int>(c);
    for (std::size_t j = 0; j < dim; ++j) d.rows[i * dim + j] = means[c * dim + j] + normal(rng);
  }
  return d;
}

// Small integer coordinates: many exact ties and duplicate points.
FloatData Lattice(std::size_t n, std::size_t dim, int levels, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, levels - 1);
  FloatData d{dim, std::vector<float>(n * dim), std::vector<int>(n)};
  for (float& x : d.rows) x = static_cast<float>(pick(rng));
  // No zero rows (spherical k-means rejects them).
  for (std::size_t i = 0; i < n; ++i) d.rows[i * dim] += 1.0f;
  return d;
}

// Clusters at an extreme scale where many rows are a copy of an earlier row
// with one element moved by one ulp: distances that differ only in their
// last bits, where a bound without rounding margins skips the wrong center.
FloatData NearDuplicates(std::size_t n, std::size_t dim, float scale, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  FloatData d = Mixture(n, dim, 12, 3.0f, seed);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < dim; ++j) d.rows[i * dim + j] *= scale;
    d.rows[i * dim] += scale * 20.0f;  // keep away from the origin (spherical)
    if (i > 0 && rng() % 3 == 0) {
      const std::size_t from = rng() % i;
      std::copy_n(&d.rows[from * dim], dim, &d.rows[i * dim]);
      float& x = d.rows[i * dim + rng() % dim];
      x = std::nextafter(x, rng() % 2 ? INFINITY : -INFINITY);
    }
  }
  return d;
}

struct BitData {
  std::size_t bits;
  std::vector<std::uint8_t> rows;
  std::vector<int> labels;
  std::size_t row_bytes() const { return (bits + 7) / 8; }
  std::size_t size() const { return rows.size() / row_bytes(); }
  VectorRows View() const { return {ElementKind::kBit, rows.data(), size(), bits, 0}; }
};

// Prototypes with each bit flipped with probability `noise`.
BitData BitMixture(std::size_t n, std::size_t bits, std::size_t clusters, double noise, unsigned seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution coin(0.5);
  std::bernoulli_distribution flip(noise);
  const std::size_t bytes = (bits + 7) / 8;
  std::vector<std::vector<int>> protos(clusters, std::vector<int>(bits));
  for (auto& p : protos)
    for (int& b : p) b = coin(rng) ? 1 : 0;
  BitData d{bits, std::vector<std::uint8_t>(n * bytes), std::vector<int>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = i % clusters;
    d.labels[i] = static_cast<int>(c);
    for (std::size_t j = 0; j < bits; ++j) {
      const int b = protos[c][j] ^ (flip(rng) ? 1 : 0);
      if (b) d.rows[i * bytes + j / 8] |= static_cast<std::uint8_t>(0x80 >> (j % 8));
    }
  }
  return d;
}

std::vector<Half> ToHalf(const std::vector<float>& v) {
  std::vector<Half> h(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) h[i] = FloatToHalf(v[i]);
  return h;
}
std::vector<float> FromHalf(const std::vector<Half>& h) {
  std::vector<float> v(h.size());
  for (std::size_t i = 0; i < h.size(); ++i) v[i] = HalfToFloat(h[i]);
  return v;
}

// --- brute force with the same kernels ---------------------------------------

float Key(KMeansMetric metric, const VectorRows& rows, std::size_t i, const KMeans& km, std::uint32_t c,
          std::vector<float>& scratch) {
  const std::size_t d = rows.dimensions;
  const KMeansOptions& o = km.options();
  const BitKernels& bk = o.bit_kernels != nullptr ? *o.bit_kernels : ActiveBitKernels();
  const FloatKernels& fk = o.float_kernels != nullptr ? *o.float_kernels : ActiveFloatKernels();
  if (metric == KMeansMetric::kHamming) {
    return static_cast<float>(bk.hamming(reinterpret_cast<const std::uint8_t*>(rows.Row(i)),
                                                         km.bit_center(c).data(), km.bit_center(c).size()));
  }
  const float* x = reinterpret_cast<const float*>(rows.Row(i));
  if (rows.kind == ElementKind::kHalf) {
    scratch.resize(d);
    for (std::size_t j = 0; j < d; ++j) scratch[j] = HalfToFloat(reinterpret_cast<const Half*>(rows.Row(i))[j]);
    x = scratch.data();
  }
  return metric == KMeansMetric::kL2 ? fk.l2_squared(x, km.center(c).data(), d)
                                     : -fk.inner_product(x, km.center(c).data(), d);
}

std::vector<std::uint32_t> BruteForce(KMeansMetric metric, const VectorRows& rows, const KMeans& km) {
  std::vector<std::uint32_t> out(rows.count);
  std::vector<float> scratch;
  for (std::size_t i = 0; i < rows.count; ++i) {
    std::uint32_t best = 0;
    float best_key = Key(metric, rows, i, km, 0, scratch);
    for (std::uint32_t c = 1; c < km.k(); ++c) {
      const float key = Key(metric, rows, i, km, c, scratch);
      if (key < best_key) {
        best = c;
        best_key = key;
      }
    }
    out[i] = best;
  }
  return out;
}

std::size_t Mismatches(const std::vector<std::uint32_t>& expected, std::span<const std::uint32_t> actual) {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) bad += expected[i] != actual[i];
  return bad;
}

bool SameCenters(const KMeans& a, const KMeans& b) {
  if (a.options().metric == KMeansMetric::kHamming) {
    return std::equal(a.bit_centers().begin(), a.bit_centers().end(), b.bit_centers().begin(),
                      b.bit_centers().end());
  }
  return a.centers().size() == b.centers().size() &&
         std::memcmp(a.centers().data(), b.centers().data(), a.centers().size_bytes()) == 0;
}

KMeansOptions Options(std::uint32_t k, KMeansMetric metric, std::uint64_t seed,
                      KMeansBounds bounds = KMeansBounds::kElkan, SimdArch arch = SimdArch::kScalar,
                      bool pin_arch = false) {
  KMeansOptions o;
  if (pin_arch) {
    o.float_kernels = FloatKernelsFor(arch);
    o.half_kernels = HalfKernelsFor(arch);
    o.bit_kernels = BitKernelsFor(arch);
  }
  o.centers = k;
  o.metric = metric;
  o.seed = seed;
  o.bounds = bounds;
  return o;
}

// --- exactness ---------------------------------------------------------------

enum class ExactData { kMixture, kWide, kLattice, kLattice1d, kNearDuplicates, kTiny, kBits };

struct ExactCase {
  const char* name;
  KMeansMetric metric;
  ElementKind kind;
  std::uint32_t k;
  ExactData data;
};
void PrintTo(const ExactCase& c, std::ostream* os) { *os << c.name; }

// With the kernels of `arch` (their float sums round differently: the
// scalar reference sums sequentially, the worst case of the error bound).
void CheckExactEveryIteration(const ExactCase& c, const VectorRows& rows, std::uint64_t seed, SimdArch arch) {
  SCOPED_TRACE(std::string(c.name) + " " + SimdArchName(arch));
  KMeans elkan(Options(c.k, c.metric, seed, KMeansBounds::kElkan, arch, true), rows);
  KMeans hamerly(Options(c.k, c.metric, seed, KMeansBounds::kHamerly, arch, true), rows);
  elkan.Seed();
  hamerly.Seed();
  ASSERT_EQ(Mismatches(BruteForce(c.metric, rows, elkan), elkan.assignments()), 0u) << "after seeding";
  ASSERT_TRUE(SameCenters(elkan, hamerly));
  ASSERT_EQ(Mismatches(BruteForce(c.metric, rows, hamerly), hamerly.assignments()), 0u) << "after seeding";
  int iterations = 0;
  while (!elkan.Converged() && elkan.iteration() < 100) {
    elkan.Iterate();
    hamerly.Iterate();
    ++iterations;
    ASSERT_EQ(Mismatches(BruteForce(c.metric, rows, elkan), elkan.assignments()), 0u)
        << "elkan, iteration " << elkan.iteration();
    ASSERT_EQ(Mismatches(BruteForce(c.metric, rows, hamerly), hamerly.assignments()), 0u)
        << "hamerly, iteration " << hamerly.iteration();
    ASSERT_TRUE(SameCenters(elkan, hamerly)) << "iteration " << elkan.iteration();
    ASSERT_EQ(elkan.Converged(), hamerly.Converged());
  }
  EXPECT_TRUE(elkan.Converged()) << iterations;
  // The bounds must actually save work once the centers settle (not where
  // the squares underflow and every distance is within rounding of another).
  const std::uint64_t brute = static_cast<std::uint64_t>(rows.count) * c.k * (iterations + 1);
  if (c.data != ExactData::kTiny) {
    EXPECT_LT(elkan.stats().distances, brute) << c.name;
  }
}

// One test per case keeps each under the sanitizer's time budget.
class KMeansExact : public ::testing::TestWithParam<ExactCase> {};

TEST_P(KMeansExact, MatchesBruteForceAtEveryIteration) {
  const ExactCase& c = GetParam();
  const FloatData mixture = Mixture(1500, 12, 10, 3.0f, 7);
  const FloatData wide = Mixture(500, 120, 6, 1.0f, 13);  // d far above k: exact k-means++
  const FloatData lattice = Lattice(1200, 4, 4, 8);
  const FloatData lattice_1d = Lattice(600, 1, 9, 9);
  const FloatData near = NearDuplicates(600, 2, 1e24f, 11);
  const FloatData tiny = NearDuplicates(600, 4, 1e-22f, 12);  // squares underflow
  const BitData bits = BitMixture(1000, 70, 8, 0.15, 10);
  const std::vector<Half> half_rows = ToHalf(mixture.rows);
  VectorRows rows;
  switch (c.data) {
    case ExactData::kMixture:
      rows = c.kind == ElementKind::kHalf ? VectorRows{ElementKind::kHalf, half_rows.data(), mixture.size(), mixture.dim, 0}
                                          : mixture.View();
      break;
    case ExactData::kWide:
      rows = wide.View();
      break;
    case ExactData::kLattice:
      rows = lattice.View();
      break;
    case ExactData::kLattice1d:
      rows = lattice_1d.View();
      break;
    case ExactData::kNearDuplicates:
      rows = near.View();
      break;
    case ExactData::kTiny:
      rows = tiny.View();
      break;
    case ExactData::kBits:
      rows = bits.View();
      break;
  }
  // One seed per kernel architecture this CPU runs (the active one for the
  // others).
  std::uint64_t seed = 1;
  for (SimdArch arch : {SimdArch::kScalar, SimdArch::kAvx2, SimdArch::kAvx512}) {
    const bool supported = FloatKernelsFor(arch) != nullptr && HalfKernelsFor(arch) != nullptr &&
                           BitKernelsFor(arch) != nullptr;
    CheckExactEveryIteration(c, rows, seed++, supported ? arch : ActiveFloatKernels().arch);
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllMetrics, KMeansExact,
    ::testing::Values(ExactCase{"l2_mixture", KMeansMetric::kL2, ElementKind::kFloat, 16, ExactData::kMixture},
                      ExactCase{"l2_lattice", KMeansMetric::kL2, ElementKind::kFloat, 20, ExactData::kLattice},
                      ExactCase{"l2_wide", KMeansMetric::kL2, ElementKind::kFloat, 4, ExactData::kWide},
                      ExactCase{"spherical_wide", KMeansMetric::kSpherical, ElementKind::kFloat, 4, ExactData::kWide},
                      ExactCase{"l2_1d", KMeansMetric::kL2, ElementKind::kFloat, 12, ExactData::kLattice1d},
                      ExactCase{"l2_near_duplicates", KMeansMetric::kL2, ElementKind::kFloat, 35,
                                ExactData::kNearDuplicates},
                      ExactCase{"spherical_near_duplicates", KMeansMetric::kSpherical, ElementKind::kFloat, 35,
                                ExactData::kNearDuplicates},
                      ExactCase{"l2_underflow", KMeansMetric::kL2, ElementKind::kFloat, 35, ExactData::kTiny},
                      ExactCase{"spherical_mixture", KMeansMetric::kSpherical, ElementKind::kFloat, 16,
                                ExactData::kMixture},
                      ExactCase{"spherical_lattice", KMeansMetric::kSpherical, ElementKind::kFloat, 20,
                                ExactData::kLattice},
                      ExactCase{"l2_half", KMeansMetric::kL2, ElementKind::kHalf, 16, ExactData::kMixture},
                      ExactCase{"spherical_half", KMeansMetric::kSpherical, ElementKind::kHalf, 16,
                                ExactData::kMixture},
                      ExactCase{"hamming", KMeansMetric::kHamming, ElementKind::kBit, 12, ExactData::kBits}),
    [](const ::testing::TestParamInfo<ExactCase>& info) { return std::string(info.param.name); });

// Half samples are widened exactly, so clustering them is clustering their
// float values: same centers bit for bit.
TEST(KMeansHalf, HalfSamplesClusterLikeTheirFloatValues) {
  const FloatData mixture = Mixture(800, 10, 6, 3.0f, 21);
  const std::vector<Half> half_rows = ToHalf(mixture.rows);
  const std::vector<float> widened = FromHalf(half_rows);
  for (KMeansMetric metric : {KMeansMetric::kL2, KMeansMetric::kSpherical}) {
    KMeans from_half(Options(8, metric, 5), {ElementKind::kHalf, half_rows.data(), mixture.size(), mixture.dim, 0});
    KMeans from_float(Options(8, metric, 5), {ElementKind::kFloat, widened.data(), mixture.size(), mixture.dim, 0});
    from_half.Run();
    from_float.Run();
    EXPECT_TRUE(SameCenters(from_half, from_float));
    EXPECT_EQ(from_half.iteration(), from_float.iteration());
  }
}

// --- determinism -------------------------------------------------------------

TEST(KMeansDeterminism, SameSeedSameCentersOtherSeedOtherCenters) {
  const FloatData mixture = Mixture(2000, 16, 12, 2.0f, 3);
  const BitData bits = BitMixture(1500, 96, 10, 0.2, 4);
  struct Case {
    KMeansMetric metric;
    VectorRows rows;
  };
  for (const Case& c : {Case{KMeansMetric::kL2, mixture.View()}, Case{KMeansMetric::kSpherical, mixture.View()},
                        Case{KMeansMetric::kHamming, bits.View()}}) {
    for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
      KMeans a(Options(24, c.metric, 42, bounds), c.rows);
      KMeans b(Options(24, c.metric, 42, bounds), c.rows);
      KMeans other(Options(24, c.metric, 43, bounds), c.rows);
      a.Run();
      b.Run();
      other.Run();
      EXPECT_TRUE(SameCenters(a, b));
      EXPECT_TRUE(std::equal(a.assignments().begin(), a.assignments().end(), b.assignments().begin()));
      EXPECT_EQ(a.iteration(), b.iteration());
      EXPECT_FALSE(SameCenters(a, other));
    }
  }
}

// A KMeansParallel runner on std::threads, as the glue's worker pool does:
// ranges handed out in order to `workers` threads.
void RunOnThreads(void* context, std::size_t count, std::size_t grain,
                  void (*body)(void*, std::size_t, std::size_t, int) noexcept, void* arg) {
  const int workers = *static_cast<const int*>(context);
  std::atomic<std::size_t> next{0};
  auto work = [&](int worker) {
    for (;;) {
      const std::size_t begin = next.fetch_add(grain);
      if (begin >= count) return;
      body(arg, begin, std::min(count, begin + grain), worker);
    }
  };
  std::vector<std::thread> threads;
  for (int w = 1; w < workers; ++w) threads.emplace_back(work, w);
  work(0);
  for (auto& t : threads) t.join();
}

TEST(KMeansDeterminism, ParallelRunsEqualSerialRunsBitForBit) {
  const FloatData mixture = Mixture(3000, 24, 30, 2.0f, 5);
  const BitData bits = BitMixture(2500, 96, 10, 0.2, 6);
  std::vector<Half> halves(mixture.rows.size());
  for (std::size_t i = 0; i < halves.size(); ++i) halves[i] = FloatToHalf(mixture.rows[i]);
  const VectorRows half_rows{ElementKind::kHalf, halves.data(), mixture.size(), mixture.dim, 0};
  struct Case {
    KMeansMetric metric;
    VectorRows rows;
  };
  int workers = 3;
  for (const Case& c : {Case{KMeansMetric::kL2, mixture.View()}, Case{KMeansMetric::kSpherical, mixture.View()},
                        Case{KMeansMetric::kL2, half_rows}, Case{KMeansMetric::kHamming, bits.View()}}) {
    for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
      KMeans serial(Options(40, c.metric, 9, bounds), c.rows);
      KMeansOptions options = Options(40, c.metric, 9, bounds);
      options.parallel = KMeansParallel{workers, RunOnThreads, &workers};
      KMeans parallel(options, c.rows);
      serial.Run();
      parallel.Run();
      EXPECT_TRUE(SameCenters(serial, parallel));
      EXPECT_TRUE(std::equal(serial.assignments().begin(), serial.assignments().end(),
                             parallel.assignments().begin()));
      EXPECT_EQ(serial.iteration(), parallel.iteration());
      EXPECT_EQ(serial.stats().distances, parallel.stats().distances);
    }
  }
}

// --- post-conditions -----------------------------------------------------------

void CheckPostConditions(const KMeans& km) {
  const std::size_t d = km.dimensions();
  std::vector<float> row(d);
  for (std::uint32_t c = 0; c < km.k(); ++c) {
    km.CopyCenter(c, row);
    double norm2 = 0;
    for (float x : row) {
      ASSERT_TRUE(std::isfinite(x));
      norm2 += static_cast<double>(x) * x;
    }
    switch (km.options().metric) {
      case KMeansMetric::kSpherical:
        ASSERT_GT(norm2, 0.0);
        ASSERT_NEAR(std::sqrt(norm2), 1.0, 1e-6);
        break;
      case KMeansMetric::kHamming: {
        for (float x : row) ASSERT_TRUE(x == 0.0f || x == 1.0f);
        const auto bits = km.bit_center(c);
        if (d % 8 != 0) {
          ASSERT_EQ(bits.back() & (0xFF >> (d % 8)), 0) << "padding bits must be zero";
        }
        break;
      }
      case KMeansMetric::kL2:
        break;
    }
  }
}

// Drives a run to convergence, checking exactness at every step.
void RunExact(KMeans& km, const VectorRows& rows) {
  while (!km.Converged() && km.iteration() < 200) {
    km.Iterate();
    ASSERT_EQ(Mismatches(BruteForce(km.options().metric, rows, km), km.assignments()), 0u)
        << "iteration " << km.iteration();
  }
  ASSERT_TRUE(km.Converged());
}

TEST(KMeansPostConditions, CentersAreFiniteUnitOrBinary) {
  const FloatData mixture = Mixture(1500, 20, 10, 2.0f, 11);
  const BitData bits = BitMixture(1200, 77, 9, 0.25, 12);  // 77 bits: a padded last byte
  for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
    KMeans l2(Options(30, KMeansMetric::kL2, 1, bounds), mixture.View());
    KMeans sph(Options(30, KMeansMetric::kSpherical, 1, bounds), mixture.View());
    KMeans ham(Options(30, KMeansMetric::kHamming, 1, bounds), bits.View());
    for (KMeans* km : {&l2, &sph, &ham}) {
      km->Run();
      EXPECT_TRUE(km->Converged());
      CheckPostConditions(*km);
    }
  }
}

// Large magnitudes: squared distances overflow float; nothing may turn into
// NaN or infinity, and the assignment stays exact.
TEST(KMeansPostConditions, HugeValuesStayFinite) {
  const FloatData base = Mixture(400, 8, 4, 3.0f, 13);
  FloatData d = base;
  for (float& x : d.rows) x *= 2e37f;
  KMeans km(Options(6, KMeansMetric::kL2, 3), d.View());
  km.Seed();
  while (!km.Converged() && km.iteration() < 50) {
    km.Iterate();
    ASSERT_EQ(Mismatches(BruteForce(KMeansMetric::kL2, d.View(), km), km.assignments()), 0u);
  }
  CheckPostConditions(km);
  // Spherical: norms up to 1e38 are accepted, beyond that rejected.
  FloatData large = base;
  for (float& x : large.rows) x *= 2e36f;
  KMeans sph(Options(6, KMeansMetric::kSpherical, 3), large.View());
  sph.Seed();
  RunExact(sph, large.View());
  CheckPostConditions(sph);
  KMeans too_large(Options(6, KMeansMetric::kSpherical, 3), d.View());
  EXPECT_THROW(too_large.Seed(), Error);
}

TEST(KMeansPostConditions, NoSamplesGivesRandomCenters) {
  const VectorRows empty_float{ElementKind::kFloat, nullptr, 0, 5, 0};
  const VectorRows empty_bits{ElementKind::kBit, nullptr, 0, 13, 0};
  KMeans l2(Options(4, KMeansMetric::kL2, 9), empty_float);
  KMeans sph(Options(4, KMeansMetric::kSpherical, 9), empty_float);
  KMeans ham(Options(4, KMeansMetric::kHamming, 9), empty_bits);
  for (KMeans* km : {&l2, &sph, &ham}) {
    km->Run();
    EXPECT_TRUE(km->Converged());
    EXPECT_EQ(km->iteration(), 0);
    CheckPostConditions(*km);
  }
  for (float x : l2.centers()) {
    EXPECT_GE(x, 0.0f);
    EXPECT_LT(x, 1.0f);
  }
  KMeans again(Options(4, KMeansMetric::kL2, 9), empty_float);
  again.Seed();
  EXPECT_TRUE(SameCenters(l2, again));
}

// --- quality -------------------------------------------------------------------

// Plain Lloyd's algorithm with k-means++ seeding, written independently with
// double-precision distances: the reference objective.
double ReferenceLloydInertia(const FloatData& d, std::size_t k, unsigned seed) {
  const std::size_t n = d.size(), dim = d.dim;
  auto dist2 = [&](const float* a, const double* c) {
    double s = 0;
    for (std::size_t j = 0; j < dim; ++j) s += (a[j] - c[j]) * (a[j] - c[j]);
    return s;
  };
  std::mt19937_64 rng(seed);
  std::vector<double> centers(k * dim);
  std::vector<double> nearest(n, INFINITY);
  std::size_t pick = rng() % n;
  for (std::size_t c = 0; c < k; ++c) {
    for (std::size_t j = 0; j < dim; ++j) centers[c * dim + j] = d.rows[pick * dim + j];
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      nearest[i] = std::min(nearest[i], dist2(&d.rows[i * dim], &centers[c * dim]));
      total += nearest[i];
    }
    double r = std::uniform_real_distribution<double>(0, total)(rng);
    for (pick = 0; pick + 1 < n && (r -= nearest[pick]) > 0; ++pick) {
    }
  }
  std::vector<std::size_t> assign(n, 0);
  double inertia = 0;
  for (int iter = 0; iter < 300; ++iter) {
    bool changed = false;
    inertia = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t best = 0;
      double best_d = INFINITY;
      for (std::size_t c = 0; c < k; ++c) {
        const double dd = dist2(&d.rows[i * dim], &centers[c * dim]);
        if (dd < best_d) best_d = dd, best = c;
      }
      changed |= assign[i] != best;
      assign[i] = best;
      inertia += best_d;
    }
    if (!changed && iter > 0) break;
    std::vector<double> sum(k * dim, 0.0);
    std::vector<std::size_t> count(k, 0);
    for (std::size_t i = 0; i < n; ++i) {
      ++count[assign[i]];
      for (std::size_t j = 0; j < dim; ++j) sum[assign[i] * dim + j] += d.rows[i * dim + j];
    }
    for (std::size_t c = 0; c < k; ++c) {
      if (count[c] == 0) continue;  // keep the old center
      for (std::size_t j = 0; j < dim; ++j) centers[c * dim + j] = sum[c * dim + j] / count[c];
    }
  }
  return inertia;
}

TEST(KMeansQuality, InertiaWithinFewPercentOfPlainLloyd) {
  // Overlapping clusters: many local optima, so compare with the best of a
  // few reference runs and our median over a few seeds.
  const FloatData mixture = Mixture(3000, 16, 25, 1.5f, 17);
  double reference = INFINITY;
  for (unsigned s = 0; s < 3; ++s) reference = std::min(reference, ReferenceLloydInertia(mixture, 25, 100 + s));
  std::vector<double> ours;
  for (std::uint64_t seed = 0; seed < 3; ++seed) {
    KMeans km(Options(25, KMeansMetric::kL2, seed), mixture.View());
    km.Run();
    EXPECT_TRUE(km.Converged());
    ours.push_back(km.Inertia());
  }
  std::sort(ours.begin(), ours.end());
  EXPECT_LT(ours[1], reference * 1.03) << "ours " << ours[1] << " reference " << reference;
  EXPECT_GT(ours[0], reference * 0.90) << "suspiciously low inertia";
}

// Seeding reads codes of the samples: one far-away sample must not take
// their resolution (every other sample would code alike, weigh nothing, and
// the remaining centers would be drawn at random). With it the clustering
// stays about as good as without it (one center goes to the outlier).
TEST(KMeansQuality, OutlierDoesNotBlindTheSeeding) {
  FloatData mixture = Mixture(5000, 16, 50, 4.0f, 23);
  std::vector<double> plain, with_outlier;
  for (std::uint64_t seed = 0; seed < 3; ++seed) {
    KMeans km(Options(50, KMeansMetric::kL2, seed), mixture.View());
    km.Run();
    plain.push_back(km.Inertia());
  }
  for (float& x : std::span<float>(mixture.rows).subspan(1234 * 16, 16)) x = 1e5f;
  for (std::uint64_t seed = 0; seed < 3; ++seed) {
    KMeans km(Options(50, KMeansMetric::kL2, seed), mixture.View());
    km.Run();
    with_outlier.push_back(km.Inertia());
  }
  std::sort(plain.begin(), plain.end());
  std::sort(with_outlier.begin(), with_outlier.end());
  EXPECT_LT(with_outlier[1], 2.0 * plain[1]) << "with the outlier " << with_outlier[1] << ", without " << plain[1];
}

// Each generating cluster must map onto exactly one found cluster.
template <class Data>
bool Recovered(const Data& data, const KMeans& km, std::size_t clusters) {
  std::map<int, std::set<std::uint32_t>> found_for_label;
  std::map<std::uint32_t, std::set<int>> labels_for_found;
  for (std::size_t i = 0; i < data.size(); ++i) {
    found_for_label[data.labels[i]].insert(km.assignments()[i]);
    labels_for_found[km.assignments()[i]].insert(data.labels[i]);
  }
  if (labels_for_found.size() != clusters) return false;
  for (const auto& [label, found] : found_for_label) {
    if (found.size() != 1) return false;
  }
  for (const auto& [c, labels] : labels_for_found) {
    if (labels.size() != 1) return false;
  }
  return true;
}

TEST(KMeansQuality, RecoversWellSeparatedClusters) {
  const FloatData mixture = Mixture(2400, 8, 12, 40.0f, 19);
  // Directions: clusters of rays (random length along 12 well-spread axes).
  FloatData rays{16, std::vector<float>(1200 * 16), std::vector<int>(1200)};
  {
    std::mt19937 rng(20);
    std::normal_distribution<float> noise(0.0f, 0.02f);
    std::uniform_real_distribution<float> length(0.5f, 20.0f);
    for (std::size_t i = 0; i < 1200; ++i) {
      const int c = static_cast<int>(i % 12);
      rays.labels[i] = c;
      const float len = length(rng);
      for (std::size_t j = 0; j < 16; ++j) {
        const float axis = (j == static_cast<std::size_t>(c) ? 1.0f : 0.0f) + (j == (c + 3u) % 16 ? 0.5f : 0.0f);
        rays.rows[i * 16 + j] = len * (axis + noise(rng));
      }
    }
  }
  const BitData bits = BitMixture(1200, 256, 10, 0.05, 22);
  // k-means++ can still put two seeds in one cluster, which Lloyd's steps
  // cannot undo: a few percent of seeds on the mixture, about one in six on
  // the rays (pairs of their axes overlap), exact seeding included. Seeds
  // drawn without k-means++'s weighting would almost never hit all 12.
  for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
    int l2_ok = 0, sph_ok = 0, ham_ok = 0;
    for (std::uint64_t seed = 0; seed < 5; ++seed) {
      KMeans l2(Options(12, KMeansMetric::kL2, seed, bounds), mixture.View());
      l2.Run();
      l2_ok += Recovered(mixture, l2, 12);
      KMeans sph(Options(12, KMeansMetric::kSpherical, seed, bounds), rays.View());
      sph.Run();
      sph_ok += Recovered(rays, sph, 12);
      KMeans ham(Options(10, KMeansMetric::kHamming, seed, bounds), bits.View());
      ham.Run();
      ham_ok += Recovered(bits, ham, 10);
    }
    EXPECT_GE(l2_ok, 4);
    EXPECT_GE(sph_ok, 3);
    EXPECT_GE(ham_ok, 4);
  }
}

// --- empty clusters --------------------------------------------------------------

TEST(KMeansEmptyClusters, MoreCentersThanDistinctPoints) {
  // 5 distinct points, each repeated: k = 9 cannot all be used.
  FloatData dup{3, {}, {}};
  const float points[5][3] = {{0, 0, 1}, {5, 0, 1}, {0, 5, 1}, {5, 5, 1}, {9, 9, 9}};
  for (int r = 0; r < 40; ++r)
    for (const auto& p : points) dup.rows.insert(dup.rows.end(), p, p + 3);
  for (KMeansMetric metric : {KMeansMetric::kL2, KMeansMetric::kSpherical}) {
    for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
      KMeans km(Options(9, metric, 4, bounds), dup.View());
      km.Run();
      EXPECT_TRUE(km.Converged());
      EXPECT_LT(km.iteration(), 10);
      CheckPostConditions(km);
      EXPECT_NEAR(km.Inertia(), 0.0, 1e-4);  // every distinct point is a center
      std::set<std::uint32_t> used(km.assignments().begin(), km.assignments().end());
      EXPECT_EQ(used.size(), 5u);
    }
  }
  // More centers than samples.
  FloatData few = Mixture(5, 4, 5, 3.0f, 5);
  KMeans km(Options(8, KMeansMetric::kL2, 1), few.View());
  km.Run();
  EXPECT_TRUE(km.Converged());
  CheckPostConditions(km);
  EXPECT_NEAR(km.Inertia(), 0.0, 1e-6);
  BitData bits = BitMixture(30, 20, 3, 0.0, 6);  // 3 distinct values
  KMeans ham(Options(5, KMeansMetric::kHamming, 1), bits.View());
  ham.Run();
  EXPECT_TRUE(ham.Converged());
  CheckPostConditions(ham);
  EXPECT_EQ(ham.Inertia(), 0.0);
}

TEST(KMeansEmptyClusters, EmptyClusterSplitsTheLargest) {
  // Three well-separated clusters of different sizes; six initial centers,
  // three of them far from every sample, so three clusters start empty.
  FloatData d{4, {}, {}};
  {
    const FloatData big = Mixture(900, 4, 3, 6.0f, 61);
    for (std::size_t i = 0; i < big.size(); ++i) {
      // Keep all of cluster 0, half of cluster 1, a third of cluster 2.
      const int label = big.labels[i];
      if (label == 1 && i % 2 != 0) continue;
      if (label == 2 && i % 3 != 0) continue;
      d.rows.insert(d.rows.end(), &big.rows[i * 4], &big.rows[i * 4 + 4]);
      d.labels.push_back(label);
    }
  }
  std::vector<float> initial;
  for (std::size_t i = 0; i < 3; ++i) initial.insert(initial.end(), &d.rows[i * 4], &d.rows[i * 4 + 4]);
  for (float far : {1e4f, 2e4f, -3e4f}) initial.insert(initial.end(), 4, far);
  for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
    KMeans km(Options(6, KMeansMetric::kL2, 1, bounds), d.View());
    km.SeedWithCenters(initial);
    ASSERT_EQ(Mismatches(BruteForce(KMeansMetric::kL2, d.View(), km), km.assignments()), 0u);
    const std::vector<std::uint32_t> seeded(km.assignments().begin(), km.assignments().end());
    std::vector<std::size_t> sizes(6, 0);
    for (std::uint32_t a : seeded) ++sizes[a];
    ASSERT_EQ(sizes[3] + sizes[4] + sizes[5], 0u);
    km.Iterate();
    EXPECT_EQ(km.stats().splits, 3u);
    // Empty cluster e (in index order) took the farthest member of the e-th
    // largest cluster from that cluster's new center.
    std::vector<std::uint32_t> by_size = {0, 1, 2};
    std::stable_sort(by_size.begin(), by_size.end(), [&](auto a, auto b) { return sizes[a] > sizes[b]; });
    std::vector<float> scratch;
    for (std::uint32_t e = 3; e < 6; ++e) {
      const std::uint32_t j = by_size[e - 3];
      std::size_t farthest = 0;
      float farthest_key = -1;
      for (std::size_t i = 0; i < d.size(); ++i) {
        if (seeded[i] != j) continue;
        const float key = Key(KMeansMetric::kL2, d.View(), i, km, j, scratch);
        if (key > farthest_key) farthest_key = key, farthest = i;
      }
      EXPECT_TRUE(std::equal(km.center(e).begin(), km.center(e).end(), &d.rows[farthest * 4])) << "center " << e;
    }
    ASSERT_EQ(Mismatches(BruteForce(KMeansMetric::kL2, d.View(), km), km.assignments()), 0u);
    RunExact(km, d.View());
    std::set<std::uint32_t> used(km.assignments().begin(), km.assignments().end());
    EXPECT_EQ(used.size(), 6u);
    CheckPostConditions(km);
  }
}

TEST(KMeansEmptyClusters, EmptyClustersRefilledForEveryMetric) {
  // Spherical: samples in the positive orthant, two centers pointing away.
  FloatData pos = Mixture(600, 4, 3, 3.0f, 71);
  for (float& x : pos.rows) x = std::fabs(x) + 0.1f;
  std::vector<float> initial(pos.rows.begin(), pos.rows.begin() + 12);
  for (float v : {-1.0f, -1.0f, -1.0f, -1.0f, -1.0f, -2.0f, -1.0f, -1.0f}) initial.push_back(v);
  // Hamming: two centers at random patterns far from the three prototypes.
  const BitData bits = BitMixture(600, 64, 3, 0.05, 72);
  std::vector<std::uint8_t> bit_initial(bits.rows.begin(), bits.rows.begin() + 3 * 8);
  std::mt19937 rng(73);
  for (int i = 0; i < 16; ++i) bit_initial.push_back(static_cast<std::uint8_t>(rng()));
  for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
    KMeans sph(Options(5, KMeansMetric::kSpherical, 1, bounds), pos.View());
    sph.SeedWithCenters(initial);
    std::set<std::uint32_t> used(sph.assignments().begin(), sph.assignments().end());
    ASSERT_EQ(used.size(), 3u);
    RunExact(sph, pos.View());
    used.clear();
    used.insert(sph.assignments().begin(), sph.assignments().end());
    EXPECT_EQ(used.size(), 5u);
    EXPECT_GE(sph.stats().splits, 2u);
    CheckPostConditions(sph);

    KMeans ham(Options(5, KMeansMetric::kHamming, 1, bounds), bits.View());
    ham.SeedWithCenters(std::span<const std::uint8_t>(bit_initial));
    used.clear();
    used.insert(ham.assignments().begin(), ham.assignments().end());
    ASSERT_EQ(used.size(), 3u);
    RunExact(ham, bits.View());
    used.clear();
    used.insert(ham.assignments().begin(), ham.assignments().end());
    EXPECT_EQ(used.size(), 5u);
    EXPECT_GE(ham.stats().splits, 2u);
    CheckPostConditions(ham);
  }
}

// --- API -----------------------------------------------------------------------

TEST(KMeansApi, StepwiseRunHonoursLimitsAndCallback) {
  const FloatData d = Mixture(1500, 8, 20, 1.0f, 23);
  KMeans full(Options(20, KMeansMetric::kL2, 1), d.View());
  full.Run();
  ASSERT_GT(full.iteration(), 3);

  KMeansOptions o = Options(20, KMeansMetric::kL2, 1);
  o.max_iterations = 3;
  KMeans limited(o, d.View());
  limited.Run();
  EXPECT_EQ(limited.iteration(), 3);
  EXPECT_FALSE(limited.Converged());

  struct Progress {
    std::vector<int> seen;
  } progress;
  KMeans stopped(Options(20, KMeansMetric::kL2, 1), d.View());
  stopped.Run(
      [](void* ctx, int iteration) {
        static_cast<Progress*>(ctx)->seen.push_back(iteration);
        return iteration < 2;
      },
      &progress);
  EXPECT_EQ(stopped.iteration(), 2);
  EXPECT_EQ(progress.seen, (std::vector<int>{0, 1, 2}));

  // Driving the steps by hand gives the same result as Run().
  KMeans manual(Options(20, KMeansMetric::kL2, 1), d.View());
  manual.Seed();
  while (!manual.Converged() && manual.iteration() < 500) manual.Iterate();
  EXPECT_TRUE(SameCenters(manual, full));
  EXPECT_EQ(manual.iteration(), full.iteration());
  EXPECT_THROW(manual.Seed(), Error);
}

TEST(KMeansApi, RejectsInvalidInput) {
  const FloatData d = Mixture(10, 4, 2, 1.0f, 1);
  const BitData bits = BitMixture(10, 16, 2, 0.1, 1);
  EXPECT_THROW(KMeans(Options(0, KMeansMetric::kL2, 1), d.View()), Error);
  EXPECT_THROW(KMeans(Options(2, KMeansMetric::kHamming, 1), d.View()), Error);
  EXPECT_THROW(KMeans(Options(2, KMeansMetric::kL2, 1), bits.View()), Error);
  FloatData zero = d;
  std::fill(zero.rows.begin() + 4, zero.rows.begin() + 8, 0.0f);
  KMeans sph(Options(2, KMeansMetric::kSpherical, 1), zero.View());
  EXPECT_THROW(sph.Seed(), Error);
  KMeans unseeded(Options(2, KMeansMetric::kL2, 1), d.View());
  EXPECT_THROW(unseeded.Iterate(), Error);
}

TEST(KMeansApi, SamplesWithStride) {
  // Rows inside larger records (e.g. varlena images): same result.
  const FloatData d = Mixture(500, 6, 5, 3.0f, 31);
  const std::size_t stride_floats = 6 + 2;
  std::vector<float> padded(d.size() * stride_floats, -123.0f);
  for (std::size_t i = 0; i < d.size(); ++i)
    std::copy_n(&d.rows[i * 6], 6, &padded[i * stride_floats + 2]);
  KMeans tight(Options(7, KMeansMetric::kL2, 2), d.View());
  KMeans strided(Options(7, KMeansMetric::kL2, 2),
                 {ElementKind::kFloat, padded.data() + 2, d.size(), 6, stride_floats * sizeof(float)});
  tight.Run();
  strided.Run();
  EXPECT_TRUE(SameCenters(tight, strided));
}

// --- nearest center (scan / insert path) ------------------------------------------

TEST(NearestCenter, MatchesBruteForceForEveryType) {
  const FloatData centers = Lattice(40, 6, 3, 41);  // ties among centers
  const FloatData queries = Lattice(300, 6, 3, 42);
  const FloatKernels& fk = ActiveFloatKernels();
  const std::vector<Half> half_centers = ToHalf(centers.rows);
  const std::vector<Half> half_queries = ToHalf(queries.rows);
  for (KMeansMetric metric : {KMeansMetric::kL2, KMeansMetric::kSpherical}) {
    std::vector<float> out(centers.size());
    for (std::size_t q = 0; q < queries.size(); ++q) {
      const float* x = &queries.rows[q * 6];
      std::uint32_t best = 0;
      float best_key = INFINITY;
      for (std::uint32_t c = 0; c < centers.size(); ++c) {
        const float* cc = &centers.rows[c * 6];
        const float key = metric == KMeansMetric::kL2 ? fk.l2_squared(x, cc, 6) : -fk.inner_product(x, cc, 6);
        if (key < best_key) best_key = key, best = c;
      }
      EXPECT_EQ(NearestCenter(metric, x, ElementKind::kFloat, centers.View()), best);
      // Integer halves are exact: half/half and half query vs float centers agree.
      const VectorRows hc{ElementKind::kHalf, half_centers.data(), centers.size(), 6, 0};
      EXPECT_EQ(NearestCenter(metric, &half_queries[q * 6], ElementKind::kHalf, hc), best);
      EXPECT_EQ(NearestCenter(metric, &half_queries[q * 6], ElementKind::kHalf, centers.View()), best);
      CenterDistances(metric, x, ElementKind::kFloat, centers.View(), out);
      EXPECT_EQ(out[best], best_key);
    }
  }
  const BitData bc = BitMixture(30, 50, 30, 0.0, 43);
  const BitData bq = BitMixture(100, 50, 5, 0.3, 44);
  for (std::size_t q = 0; q < bq.size(); ++q) {
    const std::uint8_t* x = &bq.rows[q * bq.row_bytes()];
    std::uint32_t best = 0;
    std::uint64_t best_key = UINT64_MAX;
    for (std::uint32_t c = 0; c < bc.size(); ++c) {
      const std::uint64_t key = ActiveBitKernels().hamming(x, &bc.rows[c * bc.row_bytes()], bc.row_bytes());
      if (key < best_key) best_key = key, best = c;
    }
    EXPECT_EQ(NearestCenter(KMeansMetric::kHamming, x, ElementKind::kBit, bc.View()), best);
  }
  EXPECT_THROW(NearestCenter(KMeansMetric::kL2, queries.rows.data(), ElementKind::kFloat,
                             {ElementKind::kFloat, centers.rows.data(), 0, 6, 0}),
               Error);
}

// --- memory estimate --------------------------------------------------------------

TEST(KMeansMemory, EstimateIsMonotonicAndCoversAllocations) {
  for (ElementKind kind : {ElementKind::kFloat, ElementKind::kHalf, ElementKind::kBit}) {
    for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
      std::size_t previous = 0;
      for (std::size_t n : {0, 1, 100, 10000, 1000000}) {
        const std::size_t m = KMeansMemoryBytes(n, 128, 100, kind, bounds);
        EXPECT_GT(m, previous);
        previous = m;
        EXPECT_LT(KMeansMemoryBytes(n, 128, 100, kind, bounds), KMeansMemoryBytes(n, 129 + 8, 100, kind, bounds));
        EXPECT_LT(KMeansMemoryBytes(n, 128, 100, kind, bounds), KMeansMemoryBytes(n, 128, 101, kind, bounds));
      }
    }
    EXPECT_LT(KMeansMemoryBytes(50000, 784, 250, kind, KMeansBounds::kHamerly),
              KMeansMemoryBytes(50000, 784, 250, kind, KMeansBounds::kElkan));
  }
  // The Elkan matrix dominates: 50,000 x 250 floats = 50 MB, plus 157 MB of samples.
  const std::size_t fmnist = KMeansMemoryBytes(50000, 784, 250, ElementKind::kFloat);
  EXPECT_GT(fmnist, 50000u * 784 * 4 + 50000u * 250 * 4);
  EXPECT_LT(fmnist, (50000u * 784 * 4 + 50000u * 250 * 4) * 11 / 10);
  // pgvector's regression tests build with 1 heap block of samples (291) and
  // 100 lists in 5 MB (vector(2000)), 6 MB (halfvec(4000)) and 29 MB
  // (bit(64000)); so must we.
  EXPECT_LT(KMeansMemoryBytes(291, 2000, 100, ElementKind::kFloat), 5u << 20);
  EXPECT_LT(KMeansMemoryBytes(291, 4000, 100, ElementKind::kHalf), 6u << 20);
  EXPECT_LT(KMeansMemoryBytes(291, 64000, 100, ElementKind::kBit), 29u << 20);
  // Never more than pgvector's own figure (ElkanKmeans) but for a few KB of
  // scratch: samples, centers and new centers as varlena items (8-byte
  // header, MAXALIGNed), k x d float sums, 8 bytes per sample, the Elkan
  // matrices.
  for (ElementKind kind : {ElementKind::kFloat, ElementKind::kHalf, ElementKind::kBit}) {
    for (std::size_t n : {1, 1000, 10000, 50000}) {
      for (std::size_t d : {16, 784, 2000, 64000}) {
        if (kind != ElementKind::kBit && d > 4000) continue;
        for (std::size_t k : {1, 10, 100, 1000}) {
          const std::size_t item = (ElementRowBytes(kind, d) + 8 + 7) / 8 * 8;
          const std::size_t pgvector =
              (n + 2 * k) * item + k * d * 4 + n * 8 + n * k * 4 + k * k * 4 + k * 12;
          const std::size_t scratch = 4096 + 16 * d + 64;  // scratch rows, one more row of sums
          EXPECT_LE(KMeansMemoryBytes(n, d, k, kind), pgvector + scratch) << n << " " << d << " " << k;
        }
      }
    }
  }
  // Saturates instead of wrapping.
  EXPECT_EQ(KMeansMemoryBytes(SIZE_MAX / 2, 1000, 1000, ElementKind::kFloat), SIZE_MAX);

  const FloatData d = Mixture(700, 24, 5, 2.0f, 50);
  const BitData bits = BitMixture(700, 100, 5, 0.1, 51);
  const std::vector<Half> half_rows = ToHalf(d.rows);
  struct Case {
    KMeansMetric metric;
    VectorRows rows;
  };
  for (const Case& c : {Case{KMeansMetric::kL2, d.View()}, Case{KMeansMetric::kSpherical, d.View()},
                        Case{KMeansMetric::kL2, {ElementKind::kHalf, half_rows.data(), 700, 24, 0}},
                        Case{KMeansMetric::kHamming, bits.View()}}) {
    for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
      KMeans km(Options(33, c.metric, 1, bounds), c.rows);
      const std::size_t samples = c.rows.count * ElementRowBytes(c.rows.kind, c.rows.dimensions);
      const std::size_t estimate = KMeansMemoryBytes(c.rows.count, c.rows.dimensions, 33, c.rows.kind, bounds);
      EXPECT_LE(samples + km.allocated_bytes(), estimate);
      km.Run();
      EXPECT_LE(samples + km.allocated_bytes(), estimate);
    }
  }
}

// --- randomness and reservoir sampling ----------------------------------------------

TEST(Random, DeterministicAndInRange) {
  Random a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs |= x != c.Next();
  }
  EXPECT_TRUE(differs);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) {
    const double u = a.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double o = a.UniformOpen();
    ASSERT_GT(o, 0.0);
    ASSERT_LT(o, 1.0);
    const std::uint64_t r = a.Below(7);
    ASSERT_LT(r, 7u);
    ++counts[r];
  }
  for (int cnt : counts) EXPECT_NEAR(cnt, 10000, 500);
}

// Chi-square statistic of observed counts against a uniform expectation.
double ChiSquare(const std::vector<double>& observed) {
  const double total = std::accumulate(observed.begin(), observed.end(), 0.0);
  const double expected = total / static_cast<double>(observed.size());
  double chi = 0;
  for (double o : observed) chi += (o - expected) * (o - expected) / expected;
  return chi;
}

// Every stream position must be kept with probability capacity / length.
void CheckUniform(std::size_t length, std::size_t capacity, std::size_t buckets, int trials) {
  std::vector<double> kept(buckets, 0.0);
  std::vector<std::size_t> reservoir(capacity);
  for (int t = 0; t < trials; ++t) {
    ReservoirSampler sampler(capacity, 1000 + static_cast<std::uint64_t>(t));
    for (std::size_t item = 0; item < length; ++item) {
      const std::size_t slot = sampler.Offer();
      if (slot != ReservoirSampler::kSkip) {
        ASSERT_LT(slot, capacity);
        reservoir[slot] = item;
      }
    }
    ASSERT_EQ(sampler.size(), capacity);
    ASSERT_EQ(sampler.seen(), length);
    std::set<std::size_t> distinct(reservoir.begin(), reservoir.end());
    ASSERT_EQ(distinct.size(), capacity);
    for (std::size_t item : reservoir) kept[item * buckets / length] += 1;
  }
  // df = buckets - 1; the mean is df and the standard deviation sqrt(2 df).
  const double df = static_cast<double>(buckets - 1);
  EXPECT_LT(ChiSquare(kept), df + 5 * std::sqrt(2 * df)) << "length " << length << " capacity " << capacity;
}

TEST(ReservoirSampler, UniformOverShortStreams) {
  CheckUniform(200, 20, 200, 4000);  // Algorithm X only (length <= 22 x capacity)
}

TEST(ReservoirSampler, UniformOverLongStreams) {
  CheckUniform(5000, 10, 50, 3000);  // mostly Algorithm Z
  CheckUniform(20000, 300, 40, 150);
}

TEST(ReservoirSampler, KeepsShortStreamsWhole) {
  ReservoirSampler sampler(10, 1);
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(sampler.Offer(), i);
  EXPECT_EQ(sampler.size(), 7u);
  EXPECT_EQ(sampler.capacity(), 10u);
}

TEST(ReservoirSampler, DeterministicForASeed) {
  auto run = [](std::uint64_t seed) {
    ReservoirSampler sampler(50, seed);
    std::vector<std::size_t> slots;
    for (int i = 0; i < 100000; ++i) slots.push_back(sampler.Offer());
    return slots;
  };
  EXPECT_EQ(run(5), run(5));
  EXPECT_NE(run(5), run(6));
  // A long stream keeps about capacity * (1 + ln(length / capacity)) items.
  const auto slots = run(5);
  const auto stored = std::count_if(slots.begin(), slots.end(), [](std::size_t s) { return s != ReservoirSampler::kSkip; });
  const double expected = 50 * (1 + std::log(100000.0 / 50));
  EXPECT_NEAR(static_cast<double>(stored), expected, expected * 0.2);
}

}  // namespace
}  // namespace pgvec::core::ivf
