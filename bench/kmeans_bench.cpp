// Google Benchmark of the IVFFlat k-means (core only, one thread).
//   build/bench/pgvec_kmeans_bench [--benchmark_repetitions=3]
//
// Data: the first 50,000 Fashion-MNIST training images (784 dims, raw 0..255
// pixels as floats; Debian package dataset-fashion-mnist), or, when that
// package is missing, a synthetic mixture of the same shape (the output
// says which). k = 250 centers, seed 1, L2.
//
// Each run is seeding plus a fixed number of Lloyd iterations, so the
// figures compare equal work. The reference, measured in the same run, is a
// plain implementation with the same kernels: k-means++ computing every
// sample-center distance (as pgvector's seeding does) and brute-force
// assignment. From the centers KMeans seeded, Elkan and Hamerly must reach
// exactly the reference's assignment after 5 iterations (checked first,
// untimed).
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "pgvec/core/ivf/kmeans.hpp"
#include "pgvec/core/ivf/sampling.hpp"
#include "pgvec/core/kernels.hpp"

namespace {

using pgvec::core::ivf::ElementKind;
using pgvec::core::ivf::KMeans;
using pgvec::core::ivf::KMeansBounds;
using pgvec::core::ivf::KMeansMetric;
using pgvec::core::ivf::KMeansOptions;
using pgvec::core::ivf::VectorRows;

constexpr std::size_t kSamples = 50000;
constexpr std::size_t kDims = 784;
constexpr std::uint32_t kCenters = 250;

struct Data {
  std::vector<float> rows;
  std::string source;
};

bool ReadFashionMnist(std::vector<float>& rows) {
  gzFile f = gzopen("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz", "rb");
  if (f == nullptr) return false;
  unsigned char header[16];
  bool ok = gzread(f, header, sizeof header) == sizeof header;
  std::vector<unsigned char> pixels(kSamples * kDims);
  ok = ok && gzread(f, pixels.data(), static_cast<unsigned>(pixels.size())) == static_cast<int>(pixels.size());
  gzclose(f);
  if (!ok) return false;
  rows.assign(pixels.begin(), pixels.end());
  return true;
}

const Data& Dataset() {
  static const Data data = [] {
    Data d;
    if (ReadFashionMnist(d.rows)) {
      d.source = "fashion-mnist";
      return d;
    }
    // Synthetic stand-in: 100 Gaussian clusters in [0, 255].
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> center(0.0f, 255.0f);
    std::normal_distribution<float> noise(0.0f, 30.0f);
    std::vector<float> means(100 * kDims);
    for (float& m : means) m = center(rng);
    d.rows.resize(kSamples * kDims);
    for (std::size_t i = 0; i < kSamples; ++i)
      for (std::size_t j = 0; j < kDims; ++j) d.rows[i * kDims + j] = means[(i % 100) * kDims + j] + noise(rng);
    d.source = "synthetic";
    return d;
  }();
  return data;
}

VectorRows View() { return {ElementKind::kFloat, Dataset().rows.data(), kSamples, kDims, 0}; }

// The reference: the same kernels, every distance computed.
struct Reference {
  std::vector<float> centers;
  std::vector<std::uint32_t> assign;
  std::uint64_t distances = 0;

  // Brute-force assignment to the current centers.
  void AssignAll() {
    const auto& fk = pgvec::core::ActiveFloatKernels();
    const float* x = Dataset().rows.data();
    assign.assign(kSamples, 0);
    for (std::size_t i = 0; i < kSamples; ++i) {
      float best = INFINITY;
      for (std::uint32_t c = 0; c < kCenters; ++c) {
        const float k = fk.l2_squared(x + i * kDims, &centers[c * kDims], kDims);
        ++distances;
        if (k < best) best = k, assign[i] = c;
      }
    }
  }

  // Exact k-means++ (every distance, as pgvector seeds), then Lloyd.
  void Run(int iterations, std::uint64_t seed) {
    const auto& fk = pgvec::core::ActiveFloatKernels();
    const float* x = Dataset().rows.data();
    centers.assign(std::size_t{kCenters} * kDims, 0.0f);
    assign.assign(kSamples, 0);
    std::vector<float> key(kSamples, INFINITY);
    std::vector<double> weight(kSamples);
    pgvec::core::ivf::Random random(seed);
    std::size_t pick = random.Below(kSamples);
    for (std::uint32_t c = 0; c < kCenters; ++c) {
      std::memcpy(&centers[c * kDims], x + pick * kDims, kDims * sizeof(float));
      double total = 0;
      for (std::size_t i = 0; i < kSamples; ++i) {
        const float k = fk.l2_squared(x + i * kDims, &centers[c * kDims], kDims);
        ++distances;
        if (k < key[i]) key[i] = k, assign[i] = c;
        total += key[i];
      }
      if (c + 1 == kCenters) break;
      // D^2 sampling, drawn exactly as KMeans draws it (same seeds).
      const double r = random.Uniform() * total;
      double cumulative = 0;
      for (pick = 0; pick < kSamples; ++pick) {
        cumulative += key[pick];
        if (key[pick] > 0 && cumulative > r) break;
      }
      if (pick == kSamples) {
        while (pick > 0 && !(key[pick - 1] > 0)) --pick;
        pick = pick > 0 ? pick - 1 : 0;
      }
    }
    Lloyd(iterations);
  }

  // Lloyd's steps from the current centers and assignment.
  void Lloyd(int iterations) {
    const float* x = Dataset().rows.data();
    std::vector<double> sum(kDims);
    for (int it = 0; it < iterations; ++it) {
      for (std::uint32_t c = 0; c < kCenters; ++c) {
        std::fill(sum.begin(), sum.end(), 0.0);
        std::size_t count = 0;
        for (std::size_t i = 0; i < kSamples; ++i) {
          if (assign[i] != c) continue;
          ++count;
          for (std::size_t j = 0; j < kDims; ++j) sum[j] += x[i * kDims + j];
        }
        if (count == 0) continue;
        for (std::size_t j = 0; j < kDims; ++j) centers[c * kDims + j] = static_cast<float>(sum[j] / count);
      }
      AssignAll();
    }
  }
};

KMeansOptions Options(KMeansBounds bounds) {
  KMeansOptions o;
  o.centers = kCenters;
  o.metric = KMeansMetric::kL2;
  o.bounds = bounds;
  o.seed = 1;
  return o;
}

void SetCounters(benchmark::State& state, const KMeans& km, double seconds_seed) {
  state.counters["distances"] = static_cast<double>(km.stats().distances);
  state.counters["seed_distances"] = static_cast<double>(km.stats().seed_distances);
  state.counters["seed_s"] = seconds_seed;
  state.counters["inertia"] = km.Inertia();
  state.counters["iterations"] = km.iteration();
  state.counters["mem_MB"] =
      static_cast<double>(pgvec::core::ivf::KMeansMemoryBytes(kSamples, kDims, kCenters, ElementKind::kFloat,
                                                              km.options().bounds)) / (1 << 20);
}

void BM_KMeans(benchmark::State& state, KMeansBounds bounds) {
  const int iterations = static_cast<int>(state.range(0));
  state.SetLabel(Dataset().source);
  for (auto _ : state) {
    KMeans km(Options(bounds), View());
    const auto t0 = std::chrono::steady_clock::now();
    km.Seed();
    const double seed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    while (!km.Converged() && km.iteration() < iterations) km.Iterate();
    state.PauseTiming();
    SetCounters(state, km, seed_s);
    state.ResumeTiming();
  }
}

void BM_ReferenceBruteForce(benchmark::State& state) {
  const int iterations = static_cast<int>(state.range(0));
  state.SetLabel(Dataset().source);
  for (auto _ : state) {
    Reference ref;
    ref.Run(iterations, 1);
    state.counters["distances"] = static_cast<double>(ref.distances);
  }
}

// The bounds are exact: from the same seeded centers, after the same
// iterations, the assignment must be the reference's. Checked once, outside
// the timings.
void BM_CheckSameAssignment(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t differ = 0;
    for (KMeansBounds bounds : {KMeansBounds::kElkan, KMeansBounds::kHamerly}) {
      KMeans km(Options(bounds), View());
      km.Seed();
      Reference ref;
      ref.centers.assign(km.centers().begin(), km.centers().end());
      ref.AssignAll();
      for (std::size_t i = 0; i < kSamples; ++i) differ += km.assignments()[i] != ref.assign[i];
      ref.Lloyd(5);
      for (int i = 0; i < 5 && !km.Converged(); ++i) km.Iterate();
      for (std::size_t i = 0; i < kSamples; ++i) differ += km.assignments()[i] != ref.assign[i];
    }
    state.counters["assignments_differing"] = static_cast<double>(differ);
    if (differ != 0) state.SkipWithError("k-means differs from the brute-force reference");
  }
}

}  // namespace

BENCHMARK(BM_CheckSameAssignment)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_KMeans, elkan, KMeansBounds::kElkan)->Arg(10)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_KMeans, hamerly, KMeansBounds::kHamerly)->Arg(10)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReferenceBruteForce)->Arg(10)->Iterations(1)->Unit(benchmark::kMillisecond);
// To convergence (pgvector's limit of 500 iterations).
BENCHMARK_CAPTURE(BM_KMeans, elkan_converge, KMeansBounds::kElkan)->Arg(500)->Iterations(1)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
