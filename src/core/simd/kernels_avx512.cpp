// AVX-512 (F/BW/DQ/VL) kernels. Compiled with the AVX-512 -m flags
// (CMakeLists.txt); only reached through the dispatch table after CPU and OS
// support for the 512-bit register state was detected.
#include <immintrin.h>

#include "half_impl.hpp"
#include "kernels_impl.hpp"

namespace pgvec::core {
namespace {

using Ops = simd_impl::FloatOps<xsimd::avx512bw>;

float L2Squared(const float* a, const float* b, std::size_t n) noexcept { return Ops::L2Squared(a, b, n); }
float InnerProduct(const float* a, const float* b, std::size_t n) noexcept { return Ops::InnerProduct(a, b, n); }
CosineTerms Cosine(const float* a, const float* b, std::size_t n) noexcept { return Ops::Cosine(a, b, n); }
float L1(const float* a, const float* b, std::size_t n) noexcept { return Ops::L1(a, b, n); }
void InnerProductX4(const float* const rows[4], const float* b, std::size_t n, float out[4]) noexcept {
  Ops::InnerProductX4(rows, b, n, out);
}

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

struct WidenAvx512 {
  static xsimd::batch<float, xsimd::avx512bw> Load(const Half* p) noexcept {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  }
};
using HOps = simd_impl::HalfOps<xsimd::avx512bw, WidenAvx512>;

float HalfL2Squared(const Half* a, const Half* b, std::size_t n) noexcept { return HOps::L2Squared(a, b, n); }
float HalfInnerProduct(const Half* a, const Half* b, std::size_t n) noexcept { return HOps::InnerProduct(a, b, n); }
CosineTerms HalfCosine(const Half* a, const Half* b, std::size_t n) noexcept { return HOps::Cosine(a, b, n); }
float HalfL1(const Half* a, const Half* b, std::size_t n) noexcept { return HOps::L1(a, b, n); }

void HalfToFloatAvx512(const Half* in, float* out, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    _mm512_storeu_ps(out + i, _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i))));
  }
  for (; i < n; ++i) out[i] = HalfToFloat(in[i]);
}

void FloatToHalfAvx512(const float* in, Half* out, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256i h = _mm512_cvtps_ph(_mm512_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), h);
  }
  for (; i < n; ++i) out[i] = FloatToHalf(in[i]);
}

}  // namespace

namespace detail {
const HalfKernels kAvx512HalfKernels{
    SimdArch::kAvx512, "avx512", HalfL2Squared, HalfInnerProduct, HalfCosine, HalfL1, HalfToFloatAvx512, FloatToHalfAvx512,
};
const FloatKernels kAvx512FloatKernels{
    SimdArch::kAvx512, "avx512", L2Squared, InnerProduct, Cosine, L1, NormSquaredF64, InnerProductX4,
};
}  // namespace detail

}  // namespace pgvec::core
