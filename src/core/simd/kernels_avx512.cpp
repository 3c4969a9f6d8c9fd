// AVX-512 (F/BW/DQ/VL) kernels. Compiled with the AVX-512 -m flags
// (CMakeLists.txt); only reached through the dispatch table after CPU and OS
// support for the 512-bit register state was detected.
#include <immintrin.h>

#include "kernels_impl.hpp"

namespace pgvec::core {
namespace {

using Ops = simd_impl::FloatOps<xsimd::avx512bw>;

float L2Squared(const float* a, const float* b, std::size_t n) noexcept { return Ops::L2Squared(a, b, n); }
float InnerProduct(const float* a, const float* b, std::size_t n) noexcept { return Ops::InnerProduct(a, b, n); }
CosineTerms Cosine(const float* a, const float* b, std::size_t n) noexcept { return Ops::Cosine(a, b, n); }
float L1(const float* a, const float* b, std::size_t n) noexcept { return Ops::L1(a, b, n); }

double NormSquaredF64(const float* a, std::size_t n) noexcept {
  __m512d s0 = _mm512_setzero_pd(), s1 = _mm512_setzero_pd();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512d lo = _mm512_cvtps_pd(_mm256_loadu_ps(a + i));
    const __m512d hi = _mm512_cvtps_pd(_mm256_loadu_ps(a + i + 8));
    s0 = _mm512_fmadd_pd(lo, lo, s0);
    s1 = _mm512_fmadd_pd(hi, hi, s1);
  }
  double sum = _mm512_reduce_add_pd(_mm512_add_pd(s0, s1));
  for (; i < n; ++i) sum += static_cast<double>(a[i]) * static_cast<double>(a[i]);
  return sum;
}

}  // namespace

namespace detail {
const FloatKernels kAvx512FloatKernels{
    SimdArch::kAvx512, "avx512", L2Squared, InnerProduct, Cosine, L1, NormSquaredF64,
};
}  // namespace detail

}  // namespace pgvec::core
