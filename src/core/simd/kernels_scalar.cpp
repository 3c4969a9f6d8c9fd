// Scalar reference kernels: the specification the SIMD versions are tested
// against. Written as plain sequential loops; the compiler may vectorise
// them for the baseline ISA but cannot reorder float sums (no -ffast-math).
#include <cmath>

#include "pgvec/core/kernels.hpp"

namespace pgvec::core {
namespace {

float L2SquaredScalar(const float* a, const float* b, std::size_t n) noexcept {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    const float d = a[i] - b[i];
    sum += d * d;
  }
  return sum;
}

float InnerProductScalar(const float* a, const float* b, std::size_t n) noexcept {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

CosineTerms CosineTermsScalar(const float* a, const float* b, std::size_t n) noexcept {
  CosineTerms t{0.0f, 0.0f, 0.0f};
  for (std::size_t i = 0; i < n; ++i) {
    t.dot += a[i] * b[i];
    t.norm_a_squared += a[i] * a[i];
    t.norm_b_squared += b[i] * b[i];
  }
  return t;
}

float L1Scalar(const float* a, const float* b, std::size_t n) noexcept {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) sum += std::fabs(a[i] - b[i]);
  return sum;
}

double NormSquaredF64Scalar(const float* a, std::size_t n) noexcept {
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += static_cast<double>(a[i]) * static_cast<double>(a[i]);
  return sum;
}

void InnerProduct4x2Scalar(const float* const rows[4], const float* const cols[2], std::size_t n,
                           float out[8]) noexcept {
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 2; ++c) out[2 * r + c] = InnerProductScalar(rows[r], cols[c], n);
  }
}

float U8WeightedL2Scalar(const float* q, const float* w, const std::uint8_t* c, std::size_t n) noexcept {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    const float d = q[i] - static_cast<float>(c[i]);
    sum += w[i] * d * d;
  }
  return sum;
}

float U8DotScalar(const float* q, const std::uint8_t* c, std::size_t n) noexcept {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) sum += q[i] * static_cast<float>(c[i]);
  return sum;
}

void U8EncodeScalar(const float* x, const float* offset, const float* scale, std::size_t n, std::uint8_t* code,
                    double sums[3]) noexcept {
  double error = 0.0, norm = 0.0, code_norm = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    float t = (x[i] - offset[i]) / scale[i] + 0.5f;
    t = t > 0.0f ? t : 0.0f;  // also NaN
    t = t < 255.0f ? t : 255.0f;
    const int level = static_cast<int>(t);  // t in [0, 255]: truncation is floor
    code[i] = static_cast<std::uint8_t>(level);
    const double v = x[i];
    const double e = v - (static_cast<double>(offset[i]) + static_cast<double>(scale[i]) * level);
    error += e * e;
    norm += v * v;
    code_norm += static_cast<double>(level) * level;
  }
  sums[0] = error;
  sums[1] = norm;
  sums[2] = code_norm;
}

std::uint32_t U8L2SquaredScalar(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) noexcept {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const int d = static_cast<int>(a[i]) - static_cast<int>(b[i]);
    sum += static_cast<std::uint32_t>(d * d);
  }
  return sum;
}

}  // namespace

namespace detail {
const FloatKernels kScalarFloatKernels{
    SimdArch::kScalar, "scalar", L2SquaredScalar, InnerProductScalar,
    CosineTermsScalar, L1Scalar,  NormSquaredF64Scalar, InnerProduct4x2Scalar, U8WeightedL2Scalar, U8DotScalar,
    U8EncodeScalar, U8L2SquaredScalar,
};
}  // namespace detail

}  // namespace pgvec::core

// --- halfvec and bit references -------------------------------------------

#include "pgvec/core/half.hpp"

namespace pgvec::core {
namespace {

float HalfL2SquaredScalar(const Half* a, const Half* b, std::size_t n) noexcept {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    const float d = HalfToFloat(a[i]) - HalfToFloat(b[i]);
    sum += d * d;
  }
  return sum;
}

float HalfInnerProductScalar(const Half* a, const Half* b, std::size_t n) noexcept {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) sum += HalfToFloat(a[i]) * HalfToFloat(b[i]);
  return sum;
}

CosineTerms HalfCosineTermsScalar(const Half* a, const Half* b, std::size_t n) noexcept {
  CosineTerms t{0.0f, 0.0f, 0.0f};
  for (std::size_t i = 0; i < n; ++i) {
    const float x = HalfToFloat(a[i]), y = HalfToFloat(b[i]);
    t.dot += x * y;
    t.norm_a_squared += x * x;
    t.norm_b_squared += y * y;
  }
  return t;
}

float HalfL1Scalar(const Half* a, const Half* b, std::size_t n) noexcept {
  float sum = 0.0f;
  for (std::size_t i = 0; i < n; ++i) sum += std::fabs(HalfToFloat(a[i]) - HalfToFloat(b[i]));
  return sum;
}

void HalfToFloatScalar(const Half* in, float* out, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = HalfToFloat(in[i]);
}

void FloatToHalfScalar(const float* in, Half* out, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = FloatToHalf(in[i]);
}

// Bit counting without the POPCNT instruction: a byte table.
struct ByteOnes {
  std::uint8_t ones[256];
  constexpr ByteOnes() : ones() {
    for (int i = 0; i < 256; ++i) ones[i] = static_cast<std::uint8_t>((i & 1) + ones[i / 2]);
  }
};
constexpr ByteOnes kByteOnes;

std::uint64_t HammingScalar(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) noexcept {
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < bytes; ++i) count += kByteOnes.ones[a[i] ^ b[i]];
  return count;
}

BitCounts JaccardCountsScalar(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) noexcept {
  BitCounts c{0, 0, 0};
  for (std::size_t i = 0; i < bytes; ++i) {
    c.both += kByteOnes.ones[a[i] & b[i]];
    c.a_ones += kByteOnes.ones[a[i]];
    c.b_ones += kByteOnes.ones[b[i]];
  }
  return c;
}

}  // namespace

namespace detail {
const HalfKernels kScalarHalfKernels{
    SimdArch::kScalar,      "scalar",      HalfL2SquaredScalar, HalfInnerProductScalar,
    HalfCosineTermsScalar,  HalfL1Scalar,  HalfToFloatScalar,   FloatToHalfScalar,
};
const BitKernels kScalarBitKernels{SimdArch::kScalar, "scalar", HammingScalar, JaccardCountsScalar};
}  // namespace detail

}  // namespace pgvec::core
