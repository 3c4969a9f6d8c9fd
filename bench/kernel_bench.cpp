// Google Benchmark of every distance kernel (float, halfvec, bit) on every
// architecture this CPU can run, at the dimensions users store.
//   build/bench/pgvec_kernel_bench --benchmark_min_time=0.2
// Compare architectures of the same run; record CPU and flags with figures.
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "pgvec/core/half.hpp"
#include "pgvec/core/kernels.hpp"

namespace {

using pgvec::core::BitKernels;
using pgvec::core::FloatKernels;
using pgvec::core::Half;
using pgvec::core::HalfKernels;
using pgvec::core::SimdArch;

constexpr SimdArch kArchs[] = {SimdArch::kScalar, SimdArch::kAvx2, SimdArch::kAvx512};

std::vector<float> RandomFloats(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

std::vector<Half> RandomHalves(std::size_t n, unsigned seed) {
  std::vector<Half> v(n);
  const auto f = RandomFloats(n, seed);
  for (std::size_t i = 0; i < n; ++i) v[i] = pgvec::core::FloatToHalf(f[i]);
  return v;
}

std::vector<std::uint8_t> RandomBytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> v(n);
  for (auto& x : v) x = static_cast<std::uint8_t>(rng());
  return v;
}

template <class T, class Fn>
void Register(const std::string& name, std::vector<T> (*make)(std::size_t, unsigned),
              const std::vector<std::int64_t>& sizes, Fn fn) {
  auto* b = benchmark::RegisterBenchmark(name.c_str(), [make, fn](benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto a = make(n, 1), c = make(n, 2);
    for (auto _ : state) benchmark::DoNotOptimize(fn(a.data(), c.data(), n));
    state.counters["dims"] = static_cast<double>(state.range(0));
  });
  for (std::int64_t s : sizes) b->Arg(s);
}

void RegisterAll() {
  for (SimdArch arch : kArchs) {
    if (const FloatKernels* k = pgvec::core::FloatKernelsFor(arch)) {
      const std::string s = std::string("/") + k->name;
      const std::vector<std::int64_t> dims = {128, 768, 1536, 3072};
      Register<float>("vector_l2_squared" + s, RandomFloats, dims, [k](auto a, auto b, auto n) { return k->l2_squared(a, b, n); });
      Register<float>("vector_inner_product" + s, RandomFloats, dims, [k](auto a, auto b, auto n) { return k->inner_product(a, b, n); });
      Register<float>("vector_cosine" + s, RandomFloats, dims, [k](auto a, auto b, auto n) { return k->cosine_terms(a, b, n).dot; });
      Register<float>("vector_l1" + s, RandomFloats, dims, [k](auto a, auto b, auto n) { return k->l1(a, b, n); });
      Register<float>("vector_norm" + s, RandomFloats, dims, [k](auto a, auto, auto n) { return k->norm_squared_f64(a, n); });
    }
    if (const HalfKernels* k = pgvec::core::HalfKernelsFor(arch)) {
      const std::string s = std::string("/") + k->name;
      const std::vector<std::int64_t> dims = {768, 1536, 3072};
      Register<Half>("halfvec_l2_squared" + s, RandomHalves, dims, [k](auto a, auto b, auto n) { return k->l2_squared(a, b, n); });
      Register<Half>("halfvec_inner_product" + s, RandomHalves, dims, [k](auto a, auto b, auto n) { return k->inner_product(a, b, n); });
      Register<Half>("halfvec_cosine" + s, RandomHalves, dims, [k](auto a, auto b, auto n) { return k->cosine_terms(a, b, n).dot; });
      Register<Half>("halfvec_l1" + s, RandomHalves, dims, [k](auto a, auto b, auto n) { return k->l1(a, b, n); });
    }
    if (const BitKernels* k = pgvec::core::BitKernelsFor(arch)) {
      const std::string s = std::string("/") + k->name;
      // sizes in bytes for 768, 1536, 3072 bits
      const std::vector<std::int64_t> bytes = {96, 192, 384};
      Register<std::uint8_t>("bit_hamming" + s, RandomBytes, bytes, [k](auto a, auto b, auto n) { return k->hamming(a, b, n); });
      Register<std::uint8_t>("bit_jaccard" + s, RandomBytes, bytes, [k](auto a, auto b, auto n) { return k->jaccard_counts(a, b, n).both; });
    }
  }
}

// Streaming: one query against 65,536 stored rows laid out contiguously
// (256 MB of float rows at 1,024 dims and up), so rows come from memory as in
// an exact-search scan; reports time per row. This is where halfvec's half-size
// rows pay off.
template <class T, class Fn>
void RegisterStream(const std::string& name, std::vector<T> (*make)(std::size_t, unsigned), Fn fn) {
  benchmark::RegisterBenchmark(name.c_str(), [make, fn](benchmark::State& state) {
    const auto dims = static_cast<std::size_t>(state.range(0));
    constexpr std::size_t kRows = 65536;
    const auto rows = make(dims * kRows, 5);
    const auto query = make(dims, 6);
    std::size_t row = 0;
    for (auto _ : state) {
      benchmark::DoNotOptimize(fn(query.data(), rows.data() + row * dims, dims));
      row = (row + 1) % kRows;
    }
    state.counters["dims"] = static_cast<double>(dims);
  })->Arg(1536);
}

void RegisterStreaming() {
  const FloatKernels& f = pgvec::core::ActiveFloatKernels();
  const HalfKernels& h = pgvec::core::ActiveHalfKernels();
  RegisterStream<float>(std::string("stream_vector_l2_squared/") + f.name, RandomFloats,
                        [&f](auto a, auto b, auto n) { return f.l2_squared(a, b, n); });
  RegisterStream<Half>(std::string("stream_halfvec_l2_squared/") + h.name, RandomHalves,
                       [&h](auto a, auto b, auto n) { return h.l2_squared(a, b, n); });
  RegisterStream<float>(std::string("stream_vector_cosine/") + f.name, RandomFloats,
                        [&f](auto a, auto b, auto n) { return f.cosine_terms(a, b, n).dot; });
  RegisterStream<Half>(std::string("stream_halfvec_cosine/") + h.name, RandomHalves,
                       [&h](auto a, auto b, auto n) { return h.cosine_terms(a, b, n).dot; });
}

}  // namespace

int main(int argc, char** argv) {
  RegisterAll();
  RegisterStreaming();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
