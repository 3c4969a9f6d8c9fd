// AVX2 + FMA kernels. Compiled with -mavx2 -mfma (CMakeLists.txt); only
// reached through the dispatch table after CPU detection.
#include <immintrin.h>

#include "kernels_impl.hpp"

namespace pgvec::core {
namespace {

using Ops = simd_impl::FloatOps<xsimd::fma3<xsimd::avx2>>;

float L2Squared(const float* a, const float* b, std::size_t n) noexcept { return Ops::L2Squared(a, b, n); }
float InnerProduct(const float* a, const float* b, std::size_t n) noexcept { return Ops::InnerProduct(a, b, n); }
CosineTerms Cosine(const float* a, const float* b, std::size_t n) noexcept { return Ops::Cosine(a, b, n); }
float L1(const float* a, const float* b, std::size_t n) noexcept { return Ops::L1(a, b, n); }

// Widening float -> double, four lanes at a time.
double NormSquaredF64(const float* a, std::size_t n) noexcept {
  __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256d lo = _mm256_cvtps_pd(_mm_loadu_ps(a + i));
    const __m256d hi = _mm256_cvtps_pd(_mm_loadu_ps(a + i + 4));
    s0 = _mm256_fmadd_pd(lo, lo, s0);
    s1 = _mm256_fmadd_pd(hi, hi, s1);
  }
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes, _mm256_add_pd(s0, s1));
  double sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
  for (; i < n; ++i) sum += static_cast<double>(a[i]) * static_cast<double>(a[i]);
  return sum;
}

}  // namespace

namespace detail {
const FloatKernels kAvx2FloatKernels{
    SimdArch::kAvx2, "avx2+fma", L2Squared, InnerProduct, Cosine, L1, NormSquaredF64,
};
}  // namespace detail

}  // namespace pgvec::core
