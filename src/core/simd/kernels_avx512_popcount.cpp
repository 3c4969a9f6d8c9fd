// Bit kernels with AVX-512 VPOPCNTDQ: 512 bits per popcount instruction and
// masked loads for the tail. Compiled with -mavx512f -mavx512bw
// -mavx512vpopcntdq; chosen only when the CPU has VPOPCNTDQ (Ice Lake, Zen 4
// and later).
#include <immintrin.h>

#include "pgvec/core/kernels.hpp"

namespace pgvec::core {
namespace {

inline __m512i LoadTail(const std::uint8_t* p, std::size_t count) noexcept {
  const __mmask64 mask = count >= 64 ? ~__mmask64{0} : ((__mmask64{1} << count) - 1);
  return _mm512_maskz_loadu_epi8(mask, p);
}

std::uint64_t HammingVpopcnt(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) noexcept {
  __m512i sum = _mm512_setzero_si512();
  std::size_t i = 0;
  for (; i + 64 <= bytes; i += 64) {
    const __m512i x = _mm512_loadu_si512(a + i), y = _mm512_loadu_si512(b + i);
    sum = _mm512_add_epi64(sum, _mm512_popcnt_epi64(_mm512_xor_si512(x, y)));
  }
  if (i < bytes) {
    const __m512i x = LoadTail(a + i, bytes - i), y = LoadTail(b + i, bytes - i);
    sum = _mm512_add_epi64(sum, _mm512_popcnt_epi64(_mm512_xor_si512(x, y)));
  }
  return static_cast<std::uint64_t>(_mm512_reduce_add_epi64(sum));
}

BitCounts JaccardCountsVpopcnt(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) noexcept {
  __m512i both = _mm512_setzero_si512(), ones_a = _mm512_setzero_si512(), ones_b = _mm512_setzero_si512();
  for (std::size_t i = 0; i < bytes; i += 64) {
    const __m512i x = LoadTail(a + i, bytes - i), y = LoadTail(b + i, bytes - i);
    both = _mm512_add_epi64(both, _mm512_popcnt_epi64(_mm512_and_si512(x, y)));
    ones_a = _mm512_add_epi64(ones_a, _mm512_popcnt_epi64(x));
    ones_b = _mm512_add_epi64(ones_b, _mm512_popcnt_epi64(y));
  }
  return BitCounts{static_cast<std::uint64_t>(_mm512_reduce_add_epi64(both)),
                   static_cast<std::uint64_t>(_mm512_reduce_add_epi64(ones_a)),
                   static_cast<std::uint64_t>(_mm512_reduce_add_epi64(ones_b))};
}

}  // namespace

namespace detail {
const BitKernels kAvx512BitKernels{SimdArch::kAvx512, "avx512-vpopcntdq", HammingVpopcnt, JaccardCountsVpopcnt};
}  // namespace detail

}  // namespace pgvec::core
