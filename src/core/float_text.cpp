#include "pgvec/core/float_text.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

namespace pgvec::core {

std::size_t FormatFloatShortest(float value, char* out) noexcept {
  if (std::isnan(value)) {
    std::memcpy(out, "NaN", 3);
    return 3;
  }
  char* p = out;
  if (std::signbit(value)) *p++ = '-';
  const float magnitude = std::fabs(value);
  if (std::isinf(magnitude)) {
    std::memcpy(p, "Infinity", 8);
    return static_cast<std::size_t>(p - out) + 8;
  }
  if (magnitude == 0.0f) {
    *p++ = '0';
    return static_cast<std::size_t>(p - out);
  }

  // std::to_chars without a precision gives the shortest round-trip digits
  // (the same digit string Ryu, and so PostgreSQL, produces); scientific
  // form makes the digits and the exponent easy to take apart.
  char sci[32];
  const auto res = std::to_chars(sci, sci + sizeof sci, magnitude, std::chars_format::scientific);
  const char* end = res.ptr;
  const char* e = static_cast<const char*>(std::memchr(sci, 'e', static_cast<std::size_t>(end - sci)));

  char digits[16];
  int ndigits = 0;
  for (const char* q = sci; q < e; ++q) {
    if (*q != '.') digits[ndigits++] = *q;
  }
  int exponent = 0;
  std::from_chars(e + (e[1] == '+' ? 2 : 1), end, exponent);

  if (exponent >= -4 && exponent < 6) {
    if (exponent < 0) {
      // 0.000ddd
      *p++ = '0';
      *p++ = '.';
      for (int z = -1; z > exponent; --z) *p++ = '0';
      std::memcpy(p, digits, static_cast<std::size_t>(ndigits));
      p += ndigits;
    } else if (ndigits <= exponent + 1) {
      // integer: digits followed by zeros
      std::memcpy(p, digits, static_cast<std::size_t>(ndigits));
      p += ndigits;
      for (int z = ndigits; z <= exponent; ++z) *p++ = '0';
    } else {
      std::memcpy(p, digits, static_cast<std::size_t>(exponent + 1));
      p += exponent + 1;
      *p++ = '.';
      std::memcpy(p, digits + exponent + 1, static_cast<std::size_t>(ndigits - exponent - 1));
      p += ndigits - exponent - 1;
    }
    return static_cast<std::size_t>(p - out);
  }

  *p++ = digits[0];
  if (ndigits > 1) {
    *p++ = '.';
    std::memcpy(p, digits + 1, static_cast<std::size_t>(ndigits - 1));
    p += ndigits - 1;
  }
  *p++ = 'e';
  if (exponent < 0) {
    *p++ = '-';
    exponent = -exponent;
  } else {
    *p++ = '+';
  }
  if (exponent < 10) *p++ = '0';
  p = std::to_chars(p, p + 3, exponent).ptr;
  return static_cast<std::size_t>(p - out);
}

}  // namespace pgvec::core
