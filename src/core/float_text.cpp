#include "pgvec/core/no_postgres.hpp"
#include "pgvec/core/float_text.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace pgvec::core {
namespace {

// A positive decimal digits * 10^exp10 (digits has at most 10 digits).
struct Decimal {
  std::uint64_t digits;
  int exp10;
};

// A positive dyadic rational odd * 2^exp2, odd odd.
struct Dyadic {
  std::uint64_t odd;
  int exp2;
};

// Enough for n * 10^k * 2^s with n < 2^64, |k| <= 60, |s| <= 160 (< 2^600).
class BigUnsigned {
 public:
  explicit BigUnsigned(std::uint64_t v) noexcept {
    limbs_[0] = static_cast<std::uint32_t>(v);
    limbs_[1] = static_cast<std::uint32_t>(v >> 32);
    size_ = limbs_[1] != 0 ? 2 : 1;
  }

  void MulSmall(std::uint32_t m) noexcept {
    std::uint64_t carry = 0;
    for (int i = 0; i < size_; ++i) {
      const std::uint64_t t = static_cast<std::uint64_t>(limbs_[i]) * m + carry;
      limbs_[i] = static_cast<std::uint32_t>(t);
      carry = t >> 32;
    }
    if (carry != 0) limbs_[size_++] = static_cast<std::uint32_t>(carry);
  }

  void MulPow10(int n) noexcept {
    for (; n >= 9; n -= 9) MulSmall(1000000000u);
    for (; n > 0; --n) MulSmall(10u);
  }

  void ShiftLeft(int bits) noexcept {
    const int words = bits / 32;
    const int rest = bits % 32;
    if (words > 0) {
      for (int i = size_ - 1; i >= 0; --i) limbs_[i + words] = limbs_[i];
      for (int i = 0; i < words; ++i) limbs_[i] = 0;
      size_ += words;
    }
    if (rest > 0) {
      std::uint32_t carry = 0;
      for (int i = words; i < size_; ++i) {
        const std::uint32_t next = limbs_[i] >> (32 - rest);
        limbs_[i] = (limbs_[i] << rest) | carry;
        carry = next;
      }
      if (carry != 0) limbs_[size_++] = carry;
    }
  }

  friend int Compare(const BigUnsigned& a, const BigUnsigned& b) noexcept {
    if (a.size_ != b.size_) return a.size_ < b.size_ ? -1 : 1;
    for (int i = a.size_ - 1; i >= 0; --i) {
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

 private:
  std::uint32_t limbs_[24] = {};
  int size_;
};

// Sign of d - b, exactly.
int CompareExact(Decimal d, Dyadic b) noexcept {
  // Scale both sides to integers: multiply by 10^s10 * 2^s2.
  const int s10 = d.exp10 < 0 ? -d.exp10 : 0;
  const int s2 = b.exp2 < 0 ? -b.exp2 : 0;
  BigUnsigned left(d.digits);
  left.MulPow10(d.exp10 + s10);
  left.ShiftLeft(s2);
  BigUnsigned right(b.odd);
  right.MulPow10(s10);
  right.ShiftLeft(b.exp2 + s2);
  return Compare(left, right);
}

bool StrictlyInside(Decimal d, Dyadic low, Dyadic high) noexcept {
  return CompareExact(d, low) > 0 && CompareExact(d, high) < 0;
}

// Cheap exact test of d == b (the common case is "no"): write d as
// odd' * 2^e' and compare.
bool EqualsExact(Decimal d, Dyadic b) noexcept {
  std::uint64_t n = d.digits;
  const int tz = std::countr_zero(n);
  n >>= tz;
  int exp2 = tz + d.exp10;
  if (d.exp10 >= 0) {
    // 5^k must divide into b.odd < 2^26, so k <= 11; n < 2^34 keeps n * 5^11 in range.
    if (d.exp10 > 11) return false;
    for (int i = 0; i < d.exp10; ++i) n *= 5;
  } else {
    for (int i = 0; i < -d.exp10; ++i) {
      if (n % 5 != 0) return false;
      n /= 5;
    }
  }
  return n == b.odd && exp2 == b.exp2;
}

// Digits of `magnitude` rounded to `precision` significant digits (0 = the
// shortest that round-trips, bounds of the rounding interval included).
Decimal ToDecimal(float magnitude, int precision, char* digits, int* ndigits) noexcept {
  char sci[48];
  const auto res = precision == 0
                       ? std::to_chars(sci, sci + sizeof sci, magnitude, std::chars_format::scientific)
                       : std::to_chars(sci, sci + sizeof sci, magnitude, std::chars_format::scientific,
                                       precision - 1);
  const char* end = res.ptr;
  const char* e = static_cast<const char*>(std::memchr(sci, 'e', static_cast<std::size_t>(end - sci)));
  int n = 0;
  std::uint64_t value = 0;
  for (const char* q = sci; q < e; ++q) {
    if (*q == '.') continue;
    digits[n++] = *q;
    value = value * 10 + static_cast<std::uint64_t>(*q - '0');
  }
  int exponent = 0;
  std::from_chars(e + (e[1] == '+' ? 2 : 1), end, exponent);
  *ndigits = n;
  return Decimal{value, exponent - (n - 1)};
}

// Writes the significant digits (no trailing zeros) of d to `digits` and
// returns the decimal exponent of the first digit.
int DecimalDigits(Decimal d, char* digits, int* ndigits) noexcept {
  while (d.digits % 10 == 0) {
    d.digits /= 10;
    ++d.exp10;
  }
  char tmp[24];
  const auto res = std::to_chars(tmp, tmp + sizeof tmp, d.digits);
  const int n = static_cast<int>(res.ptr - tmp);
  std::memcpy(digits, tmp, static_cast<std::size_t>(n));
  *ndigits = n;
  return d.exp10 + n - 1;
}

// The digits PostgreSQL's float_to_shortest_decimal prints for a finite,
// positive float. That is Ryu with acceptBounds = false: the shortest decimal
// *strictly* inside the rounding interval (a decimal exactly halfway between
// two floats is never used, even though strtof's round-half-even would map
// it back), and of those the nearest one. std::to_chars also accepts the
// interval's bounds, so its answer is kept unless it is exactly a bound.
int ShortestDigits(float magnitude, char* digits, int* ndigits) noexcept {
  int n = 0;
  const Decimal shortest = ToDecimal(magnitude, 0, digits, &n);

  const std::uint32_t bits = std::bit_cast<std::uint32_t>(magnitude);
  const std::uint32_t fraction = bits & 0x7fffffu;
  const std::uint32_t biased = bits >> 23;
  const std::uint64_t m2 = biased == 0 ? fraction : (fraction | 0x800000u);
  const int e2 = (biased == 0 ? 1 : static_cast<int>(biased)) - 127 - 23;
  // value = m2 * 2^e2; the interval is bounded by the midpoints to the
  // neighbouring floats (the lower gap is half as wide at a binade's bottom).
  const Dyadic high{2 * m2 + 1, e2 - 1};
  const Dyadic low = (fraction == 0 && biased > 1) ? Dyadic{4 * m2 - 1, e2 - 2} : Dyadic{2 * m2 - 1, e2 - 1};

  if (!EqualsExact(shortest, high) && !EqualsExact(shortest, low)) {
    *ndigits = n;
    return shortest.exp10 + n - 1;
  }

  for (int precision = n; precision <= 9; ++precision) {
    int unused = 0;
    const Decimal nearest = ToDecimal(magnitude, precision, digits, &unused);
    if (StrictlyInside(nearest, low, high)) return DecimalDigits(nearest, digits, ndigits);
    const Decimal up{nearest.digits + 1, nearest.exp10};
    if (StrictlyInside(up, low, high)) return DecimalDigits(up, digits, ndigits);
    if (nearest.digits > 1) {
      const Decimal down{nearest.digits - 1, nearest.exp10};
      if (StrictlyInside(down, low, high)) return DecimalDigits(down, digits, ndigits);
    }
  }
  // Not reached: 9 significant digits always identify a float.
  const Decimal nine = ToDecimal(magnitude, 9, digits, &n);
  return DecimalDigits(nine, digits, ndigits);
}

}  // namespace

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

  char digits[24];
  int ndigits = 0;
  int exponent = ShortestDigits(magnitude, digits, &ndigits);

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
