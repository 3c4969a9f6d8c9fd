// AVX2-generation kernels: float (AVX2 + FMA), halfvec (+ F16C) and bit
// (POPCNT). Compiled with -mavx2 -mfma -mf16c -mpopcnt (CMakeLists.txt); only
// reached through the dispatch tables after CPU detection.
#include <immintrin.h>

#include "half_impl.hpp"
#include "kernels_impl.hpp"

namespace pgvec::core {
namespace {

using Ops = simd_impl::FloatOps<xsimd::fma3<xsimd::avx2>>;

float L2Squared(const float* a, const float* b, std::size_t n) noexcept { return Ops::L2Squared(a, b, n); }
float InnerProduct(const float* a, const float* b, std::size_t n) noexcept { return Ops::InnerProduct(a, b, n); }
CosineTerms Cosine(const float* a, const float* b, std::size_t n) noexcept { return Ops::Cosine(a, b, n); }
float L1(const float* a, const float* b, std::size_t n) noexcept { return Ops::L1(a, b, n); }
void InnerProduct4x2(const float* const rows[4], const float* const cols[2], std::size_t n, float out[8]) noexcept {
  Ops::InnerProduct4x2(rows, cols, n, out);
}

// 8-bit codes widened to float, eight at a time.
inline __m256 LoadU8(const std::uint8_t* p) noexcept {
  return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}

float U8WeightedL2(const float* q, const float* w, const std::uint8_t* c, std::size_t n) noexcept {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(q + i), LoadU8(c + i));
    const __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(q + i + 8), LoadU8(c + i + 8));
    s0 = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_loadu_ps(w + i), d0), d0, s0);
    s1 = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_loadu_ps(w + i + 8), d1), d1, s1);
  }
  for (; i + 8 <= n; i += 8) {
    const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(q + i), LoadU8(c + i));
    s0 = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_loadu_ps(w + i), d0), d0, s0);
  }
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, _mm256_add_ps(s0, s1));
  float sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
  for (; i < n; ++i) {
    const float d = q[i] - static_cast<float>(c[i]);
    sum += w[i] * d * d;
  }
  return sum;
}

float U8Dot(const float* q, const std::uint8_t* c, std::size_t n) noexcept {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i), LoadU8(c + i), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i + 8), LoadU8(c + i + 8), s1);
  }
  for (; i + 8 <= n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + i), LoadU8(c + i), s0);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, _mm256_add_ps(s0, s1));
  float sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
  for (; i < n; ++i) sum += q[i] * static_cast<float>(c[i]);
  return sum;
}

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


struct WidenF16c {
  static xsimd::batch<float, xsimd::fma3<xsimd::avx2>> Load(const Half* p) noexcept {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
};
using HOps = simd_impl::HalfOps<xsimd::fma3<xsimd::avx2>, WidenF16c>;

float HalfL2Squared(const Half* a, const Half* b, std::size_t n) noexcept { return HOps::L2Squared(a, b, n); }
float HalfInnerProduct(const Half* a, const Half* b, std::size_t n) noexcept { return HOps::InnerProduct(a, b, n); }
CosineTerms HalfCosine(const Half* a, const Half* b, std::size_t n) noexcept { return HOps::Cosine(a, b, n); }
float HalfL1(const Half* a, const Half* b, std::size_t n) noexcept { return HOps::L1(a, b, n); }

void HalfToFloatF16c(const Half* in, float* out, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i))));
  }
  for (; i < n; ++i) out[i] = HalfToFloat(in[i]);
}

void FloatToHalfF16c(const float* in, Half* out, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(in + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), h);
  }
  for (; i < n; ++i) out[i] = FloatToHalf(in[i]);
}

inline std::uint64_t LoadWord(const std::uint8_t* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

std::uint64_t HammingPopcnt(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) noexcept {
  std::uint64_t c0 = 0, c1 = 0;
  std::size_t i = 0;
  for (; i + 16 <= bytes; i += 16) {
    c0 += static_cast<std::uint64_t>(__builtin_popcountll(LoadWord(a + i) ^ LoadWord(b + i)));
    c1 += static_cast<std::uint64_t>(__builtin_popcountll(LoadWord(a + i + 8) ^ LoadWord(b + i + 8)));
  }
  for (; i + 8 <= bytes; i += 8) c0 += static_cast<std::uint64_t>(__builtin_popcountll(LoadWord(a + i) ^ LoadWord(b + i)));
  for (; i < bytes; ++i) c1 += static_cast<std::uint64_t>(__builtin_popcount(static_cast<unsigned>(a[i] ^ b[i])));
  return c0 + c1;
}

BitCounts JaccardCountsPopcnt(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) noexcept {
  BitCounts c{0, 0, 0};
  std::size_t i = 0;
  for (; i + 8 <= bytes; i += 8) {
    const std::uint64_t x = LoadWord(a + i), y = LoadWord(b + i);
    c.both += static_cast<std::uint64_t>(__builtin_popcountll(x & y));
    c.a_ones += static_cast<std::uint64_t>(__builtin_popcountll(x));
    c.b_ones += static_cast<std::uint64_t>(__builtin_popcountll(y));
  }
  for (; i < bytes; ++i) {
    c.both += static_cast<std::uint64_t>(__builtin_popcount(static_cast<unsigned>(a[i] & b[i])));
    c.a_ones += static_cast<std::uint64_t>(__builtin_popcount(a[i]));
    c.b_ones += static_cast<std::uint64_t>(__builtin_popcount(b[i]));
  }
  return c;
}

}  // namespace

namespace detail {

// Eight values at a time: the levels in float exactly as the scalar
// reference computes them (sub, div, add: IEEE operations, so the same
// levels), the sums widened to double four lanes at a time. The division is
// kept (not a reciprocal) so every table picks the same levels.
void U8EncodeAvx2(const float* x, const float* offset, const float* scale, std::size_t n, std::uint8_t* code,
                  double sums[3]) noexcept {
  __m256d error = _mm256_setzero_pd(), norm = _mm256_setzero_pd(), code_norm = _mm256_setzero_pd();
  const __m256 half = _mm256_set1_ps(0.5f), zero = _mm256_setzero_ps(), top = _mm256_set1_ps(255.0f);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i), o = _mm256_loadu_ps(offset + i), s = _mm256_loadu_ps(scale + i);
    __m256 t = _mm256_add_ps(_mm256_div_ps(_mm256_sub_ps(v, o), s), half);
    t = _mm256_and_ps(t, _mm256_cmp_ps(t, zero, _CMP_GT_OQ));  // also NaN
    t = _mm256_blendv_ps(top, t, _mm256_cmp_ps(t, top, _CMP_LT_OQ));
    const __m256i level = _mm256_cvttps_epi32(t);
    // 8 x int32 in 0..255 -> 8 bytes.
    const __m128i words = _mm_packus_epi32(_mm256_castsi256_si128(level), _mm256_extracti128_si256(level, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(code + i), _mm_packus_epi16(words, words));
    for (int h = 0; h < 2; ++h) {
      const __m256d vd = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4 * h));
      const __m256d od = _mm256_cvtps_pd(_mm_loadu_ps(offset + i + 4 * h));
      const __m256d sd = _mm256_cvtps_pd(_mm_loadu_ps(scale + i + 4 * h));
      const __m256d ld = _mm256_cvtepi32_pd(h == 0 ? _mm256_castsi256_si128(level) : _mm256_extracti128_si256(level, 1));
      const __m256d e = _mm256_sub_pd(vd, _mm256_add_pd(od, _mm256_mul_pd(sd, ld)));
      error = _mm256_fmadd_pd(e, e, error);
      norm = _mm256_fmadd_pd(vd, vd, norm);
      code_norm = _mm256_fmadd_pd(ld, ld, code_norm);
    }
  }
  alignas(32) double lanes[3][4];
  _mm256_store_pd(lanes[0], error);
  _mm256_store_pd(lanes[1], norm);
  _mm256_store_pd(lanes[2], code_norm);
  for (int k = 0; k < 3; ++k) sums[k] = (lanes[k][0] + lanes[k][1]) + (lanes[k][2] + lanes[k][3]);
  for (; i < n; ++i) {
    float t = (x[i] - offset[i]) / scale[i] + 0.5f;
    t = t > 0.0f ? t : 0.0f;
    t = t < 255.0f ? t : 255.0f;
    const int level = static_cast<int>(t);
    code[i] = static_cast<std::uint8_t>(level);
    const double v = x[i];
    const double e = v - (static_cast<double>(offset[i]) + static_cast<double>(scale[i]) * level);
    sums[0] += e * e;
    sums[1] += v * v;
    sums[2] += static_cast<double>(level) * level;
  }
}

// |a - b| with two saturating subtractions, widened to 16 bits and squared
// and summed in pairs by madd: 32 bytes per step, exact integers.
std::uint32_t U8L2SquaredAvx2(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) noexcept {
  const __m256i zero = _mm256_setzero_si256();
  __m256i acc = zero;
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256i va = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i));
    const __m256i vb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + i));
    const __m256i diff = _mm256_or_si256(_mm256_subs_epu8(va, vb), _mm256_subs_epu8(vb, va));
    const __m256i lo = _mm256_unpacklo_epi8(diff, zero);
    const __m256i hi = _mm256_unpackhi_epi8(diff, zero);
    acc = _mm256_add_epi32(acc, _mm256_add_epi32(_mm256_madd_epi16(lo, lo), _mm256_madd_epi16(hi, hi)));
  }
  __m128i sum = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
  sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, _MM_SHUFFLE(1, 0, 3, 2)));
  sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, _MM_SHUFFLE(2, 3, 0, 1)));
  std::uint32_t total = static_cast<std::uint32_t>(_mm_cvtsi128_si32(sum));
  for (; i < n; ++i) {
    const int d = static_cast<int>(a[i]) - static_cast<int>(b[i]);
    total += static_cast<std::uint32_t>(d * d);
  }
  return total;
}

const HalfKernels kAvx2HalfKernels{
    SimdArch::kAvx2, "avx2+f16c", HalfL2Squared, HalfInnerProduct, HalfCosine, HalfL1, HalfToFloatF16c, FloatToHalfF16c,
};
const BitKernels kPopcntBitKernels{SimdArch::kAvx2, "popcnt", HammingPopcnt, JaccardCountsPopcnt};
const FloatKernels kAvx2FloatKernels{
    SimdArch::kAvx2, "avx2+fma", L2Squared, InnerProduct, Cosine, L1, NormSquaredF64, InnerProduct4x2, U8WeightedL2, U8Dot,
    U8EncodeAvx2, U8L2SquaredAvx2,
};
}  // namespace detail

}  // namespace pgvec::core
