// IEEE-754 binary16 ("half") <-> binary32 conversion, the scalar reference.
//
// float -> half rounds to nearest, ties to even (what F16C's VCVTPS2PH does
// with rounding mode 0 and what pgvector's portable path implements);
// magnitudes >= 65520 round to infinity, tiny values to (signed) zero or a
// subnormal. half -> float is exact. The SIMD bulk converters dispatched in
// kernels.hpp are tested against these over every half value.
#pragma once

#include <cstdint>
#include <cstring>

namespace pgvec::core {

using Half = std::uint16_t;

inline constexpr float kHalfMax = 65504.0f;

inline bool HalfIsNan(Half h) noexcept { return (h & 0x7C00) == 0x7C00 && (h & 0x03FF) != 0; }
inline bool HalfIsInf(Half h) noexcept { return (h & 0x7FFF) == 0x7C00; }
inline bool HalfIsZero(Half h) noexcept { return (h & 0x7FFF) == 0; }

inline float HalfToFloat(Half h) noexcept {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000) << 16;
  const std::uint32_t exponent = (h >> 10) & 0x1F;
  std::uint32_t mantissa = h & 0x03FF;
  std::uint32_t bits;
  if (exponent == 0x1F) {
    bits = sign | 0x7F800000 | (mantissa << 13);  // infinity or NaN (payload kept)
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);  // 112 = 127 - 15
  } else if (mantissa == 0) {
    bits = sign;  // signed zero
  } else {
    // subnormal half: normalise into a float
    int shift = 0;
    while ((mantissa & 0x0400) == 0) {
      mantissa <<= 1;
      ++shift;
    }
    mantissa &= 0x03FF;
    bits = sign | (static_cast<std::uint32_t>(113 - shift) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

inline Half FloatToHalf(float f) noexcept {
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  const std::uint32_t sign = (bits >> 16) & 0x8000;
  const std::uint32_t abs = bits & 0x7FFFFFFF;
  if (abs >= 0x7F800000) {
    // infinity stays infinity; NaN stays a quiet NaN
    return static_cast<Half>(sign | 0x7C00 | (abs > 0x7F800000 ? 0x0200 | ((abs >> 13) & 0x03FF) : 0));
  }
  if (abs >= 0x477FF000) return static_cast<Half>(sign | 0x7C00);  // >= 65520 rounds to infinity
  if (abs < 0x38800000) {
    // Subnormal half (or zero): the result counts units of 2^-24. A float
    // with biased exponent e and 24-bit significand s is s * 2^(e - 150),
    // i.e. s >> (126 - e) units, rounded to nearest even on the bits shifted out.
    if (abs < 0x33000000) return static_cast<Half>(sign);  // < 2^-25: rounds to zero
    const std::uint32_t exponent = abs >> 23;
    const std::uint32_t significand = (abs & 0x007FFFFF) | 0x00800000;
    const std::uint32_t shift = 126 - exponent;  // 14..24 for this range
    std::uint32_t half_mantissa = significand >> shift;
    const std::uint32_t remainder = significand & ((1u << shift) - 1);
    const std::uint32_t halfway = 1u << (shift - 1);
    if (remainder > halfway || (remainder == halfway && (half_mantissa & 1))) ++half_mantissa;
    return static_cast<Half>(sign | half_mantissa);
  }
  // normal: rebias the exponent, round the 13 dropped bits to nearest even
  std::uint32_t h = ((abs - 0x38000000) >> 13);
  const std::uint32_t remainder = abs & 0x1FFF;
  if (remainder > 0x1000 || (remainder == 0x1000 && (h & 1))) ++h;  // may carry into the exponent
  return static_cast<Half>(sign | h);
}

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
