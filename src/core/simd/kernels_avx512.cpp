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
void InnerProduct4x2(const float* const rows[4], const float* const cols[2], std::size_t n, float out[8]) noexcept {
  Ops::InnerProduct4x2(rows, cols, n, out);
}

// 8-bit codes widened to float, sixteen at a time.
inline __m512 LoadU8(const std::uint8_t* p) noexcept {
  return _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
}

float U8WeightedL2(const float* q, const float* w, const std::uint8_t* c, std::size_t n) noexcept {
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(q + i), LoadU8(c + i));
    const __m512 d1 = _mm512_sub_ps(_mm512_loadu_ps(q + i + 16), LoadU8(c + i + 16));
    s0 = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_loadu_ps(w + i), d0), d0, s0);
    s1 = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_loadu_ps(w + i + 16), d1), d1, s1);
  }
  for (; i + 16 <= n; i += 16) {
    const __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(q + i), LoadU8(c + i));
    s0 = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_loadu_ps(w + i), d0), d0, s0);
  }
  float sum = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
  for (; i < n; ++i) {
    const float d = q[i] - static_cast<float>(c[i]);
    sum += w[i] * d * d;
  }
  return sum;
}

float U8Dot(const float* q, const std::uint8_t* c, std::size_t n) noexcept {
  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    s0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + i), LoadU8(c + i), s0);
    s1 = _mm512_fmadd_ps(_mm512_loadu_ps(q + i + 16), LoadU8(c + i + 16), s1);
  }
  for (; i + 16 <= n; i += 16) s0 = _mm512_fmadd_ps(_mm512_loadu_ps(q + i), LoadU8(c + i), s0);
  float sum = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
  for (; i < n; ++i) sum += q[i] * static_cast<float>(c[i]);
  return sum;
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
    SimdArch::kAvx512, "avx512", L2Squared, InnerProduct, Cosine, L1, NormSquaredF64, InnerProduct4x2, U8WeightedL2, U8Dot,
    U8EncodeAvx2, U8L2SquaredAvx2,
};
}  // namespace detail

}  // namespace pgvec::core
