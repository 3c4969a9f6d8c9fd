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

}  // namespace

namespace detail {
const FloatKernels kScalarFloatKernels{
    SimdArch::kScalar, "scalar", L2SquaredScalar, InnerProductScalar,
    CosineTermsScalar, L1Scalar,  NormSquaredF64Scalar,
};
}  // namespace detail

}  // namespace pgvec::core
