#include "pgvec/core/half_vector.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "pgvec/core/float_text.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core {

Half FloatToHalfChecked(float value) {
  const Half h = FloatToHalf(value);
  if (HalfIsInf(h) && !std::isinf(value)) {
    char text[kFloatShortestMaxLen + 1];
    const std::size_t length = FormatFloatShortest(value, text);
    ThrowOutOfRangeToken(kHalfvecTypeName, text, text + length);
  }
  return h;
}

int ParseHalfText(const char* literal, int max_dim, Half* out) {
  return ParseDenseText(literal, kHalfvecTypeName, max_dim,
                        [&](int i, float value, const char* token_begin, const char* token_end) {
                          const Half h = FloatToHalf(value);
                          if (HalfIsInf(h)) ThrowOutOfRangeToken(kHalfvecTypeName, token_begin, token_end);
                          out[i] = h;
                        });
}

std::size_t FormatHalfText(const Half* values, std::size_t n, char* out) noexcept {
  char* p = out;
  *p++ = '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) *p++ = ',';
    p += FormatFloatShortest(HalfToFloat(values[i]), p);
  }
  *p++ = ']';
  *p = '\0';
  return static_cast<std::size_t>(p - out);
}

std::uint8_t* WriteHalfBinary(const Half* values, int dim, std::uint8_t* out) noexcept {
  out = WriteUint16(out, static_cast<std::uint16_t>(dim));
  out = WriteUint16(out, 0);
  for (int i = 0; i < dim; ++i) out = WriteUint16(out, values[i]);
  return out;
}

namespace {

template <class Op>
void HalfElementWise(const Half* a, const Half* b, Half* out, std::size_t n, Op op) {
  for (std::size_t i = 0; i < n; ++i) out[i] = FloatToHalf(op(HalfToFloat(a[i]), HalfToFloat(b[i])));
  for (std::size_t i = 0; i < n; ++i) {
    if (HalfIsInf(out[i])) ThrowFloatOverflow();
  }
}

}  // namespace

void HalfAddChecked(const Half* a, const Half* b, Half* out, std::size_t n) {
  HalfElementWise(a, b, out, n, [](float x, float y) { return x + y; });
}

void HalfSubtractChecked(const Half* a, const Half* b, Half* out, std::size_t n) {
  HalfElementWise(a, b, out, n, [](float x, float y) { return x - y; });
}

void HalfMultiplyChecked(const Half* a, const Half* b, Half* out, std::size_t n) {
  HalfElementWise(a, b, out, n, [](float x, float y) { return x * y; });
  for (std::size_t i = 0; i < n; ++i) {
    if (HalfIsZero(out[i]) && !(HalfIsZero(a[i]) || HalfIsZero(b[i]))) ThrowFloatUnderflow();
  }
}

int CompareHalf(const Half* a, int a_dim, const Half* b, int b_dim) noexcept {
  const int n = std::min(a_dim, b_dim);
  for (int i = 0; i < n; ++i) {
    const float x = HalfToFloat(a[i]), y = HalfToFloat(b[i]);
    if (x < y) return -1;
    if (x > y) return 1;
  }
  if (a_dim < b_dim) return -1;
  if (a_dim > b_dim) return 1;
  return 0;
}

double HalfNorm(const Half* x, std::size_t n) noexcept {
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = HalfToFloat(x[i]);
    sum += v * v;
  }
  return std::sqrt(sum);
}

void HalfL2Normalize(const Half* x, std::size_t n, Half* out) {
  const double norm = HalfNorm(x, n);
  if (norm > 0) {
    for (std::size_t i = 0; i < n; ++i) out[i] = FloatToHalf(static_cast<float>(HalfToFloat(x[i]) / norm));
    for (std::size_t i = 0; i < n; ++i) {
      if (HalfIsInf(out[i])) ThrowFloatOverflow();
    }
  } else {
    std::fill(out, out + n, Half{0});
  }
}

void HalfBinaryQuantize(const Half* x, std::size_t n, std::uint8_t* out) noexcept {
  std::fill(out, out + (n + 7) / 8, std::uint8_t{0});
  for (std::size_t i = 0; i < n; ++i) {
    if (HalfToFloat(x[i]) > 0) out[i / 8] |= static_cast<std::uint8_t>(1u << (7 - i % 8));
  }
}

void AccumulateHalfSums(double* sums, const Half* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    sums[i] += static_cast<double>(HalfToFloat(x[i]));
    if (std::isinf(sums[i])) ThrowFloatOverflow();
  }
}

}  // namespace pgvec::core
