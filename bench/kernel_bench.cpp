// Google Benchmark of every float kernel on every architecture this CPU can
// run, at the dimensions users store (128, 768, 1536, 3072).
//   build/bench/pgvec_kernel_bench --benchmark_min_time=0.2
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "pgvec/core/kernels.hpp"

namespace {

using pgvec::core::FloatKernels;
using pgvec::core::SimdArch;

std::vector<float> RandomFloats(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

template <class Fn>
void RunKernel(benchmark::State& state, const FloatKernels* k, Fn fn) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto a = RandomFloats(n, 1), b = RandomFloats(n, 2);
  for (auto _ : state) benchmark::DoNotOptimize(fn(*k, a.data(), b.data(), n));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}

void RegisterAll() {
  for (SimdArch arch : {SimdArch::kScalar, SimdArch::kAvx2, SimdArch::kAvx512}) {
    const FloatKernels* k = pgvec::core::FloatKernelsFor(arch);
    if (k == nullptr) continue;
    const std::string suffix = std::string("/") + k->name;
    auto reg = [&](const char* name, auto fn) {
      benchmark::RegisterBenchmark((std::string(name) + suffix).c_str(),
                                   [k, fn](benchmark::State& s) { RunKernel(s, k, fn); })
          ->Arg(128)->Arg(768)->Arg(1536)->Arg(3072);
    };
    reg("l2_squared", [](const FloatKernels& k, const float* a, const float* b, std::size_t n) { return k.l2_squared(a, b, n); });
    reg("inner_product", [](const FloatKernels& k, const float* a, const float* b, std::size_t n) { return k.inner_product(a, b, n); });
    reg("cosine", [](const FloatKernels& k, const float* a, const float* b, std::size_t n) { return k.cosine_terms(a, b, n).dot; });
    reg("l1", [](const FloatKernels& k, const float* a, const float* b, std::size_t n) { return k.l1(a, b, n); });
    reg("norm_f64", [](const FloatKernels& k, const float* a, const float*, std::size_t n) { return k.norm_squared_f64(a, n); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  RegisterAll();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
