#include "pgvec/core/vector_math.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "pgvec/core/kernels.hpp"
#include "pgvec/core/vector_text.hpp"

namespace pgvec::core {
namespace {

// Compute first (vectorisable), then scan for the rare error.
void CheckNoOverflow(const float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isinf(out[i])) ThrowFloatOverflow();
  }
}

}  // namespace

void AddChecked(const float* a, const float* b, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
  CheckNoOverflow(out, n);
}

void SubtractChecked(const float* a, const float* b, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = a[i] - b[i];
  CheckNoOverflow(out, n);
}

void MultiplyChecked(const float* a, const float* b, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = a[i] * b[i];
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isinf(out[i])) ThrowFloatOverflow();
    if (out[i] == 0.0f && a[i] != 0.0f && b[i] != 0.0f) ThrowFloatUnderflow();
  }
}

int CompareDense(const float* a, int a_dim, const float* b, int b_dim) noexcept {
  const int n = std::min(a_dim, b_dim);
  for (int i = 0; i < n; ++i) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  if (a_dim < b_dim) return -1;
  if (a_dim > b_dim) return 1;
  return 0;
}

double Norm(const float* x, std::size_t n) noexcept { return std::sqrt(ActiveFloatKernels().norm_squared_f64(x, n)); }

void L2Normalize(const float* x, std::size_t n, float* out) {
  const double norm = Norm(x, n);
  if (norm > 0) {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(x[i] / norm);
    CheckNoOverflow(out, n);
  } else {
    std::fill(out, out + n, 0.0f);
  }
}

void BinaryQuantize(const float* x, std::size_t n, std::uint8_t* out) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint8_t byte = 0;
    for (int j = 0; j < 8; ++j) byte |= static_cast<std::uint8_t>((x[i + j] > 0) << (7 - j));
    out[i / 8] = byte;
  }
  if (i < n) {
    std::uint8_t byte = 0;
    for (std::size_t j = 0; i + j < n; ++j) byte |= static_cast<std::uint8_t>((x[i + j] > 0) << (7 - j));
    out[i / 8] = byte;
  }
}

Slice SubvectorSlice(std::string_view type_name, int dim, std::int32_t start, std::int32_t count) {
  if (count < 1) ThrowTooFewDimensions(type_name);
  // end = start + count, computed without overflow: dim and count are
  // positive, so dim - count cannot overflow.
  std::int64_t end = (start > dim - count) ? static_cast<std::int64_t>(dim) + 1
                                           : static_cast<std::int64_t>(start) + count;
  if (start < 1) {
    start = 1;
  } else if (start > dim) {
    ThrowTooFewDimensions(type_name);
  }
  const std::int64_t length = end - start;
  if (length < 1) ThrowTooFewDimensions(type_name);
  return Slice{start - 1, static_cast<int>(length)};
}

void AccumulateSums(double* sums, const float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    sums[i] += static_cast<double>(x[i]);
    if (std::isinf(sums[i])) ThrowFloatOverflow();
  }
}

void CombineSums(double* sums, const double* other, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    sums[i] += other[i];
    if (std::isinf(sums[i])) ThrowFloatOverflow();
  }
}

void ThrowDifferentDimensions(std::string_view type_name, int a_dim, int b_dim) {
  throw Error(ErrorCode::kDataException, "different " + std::string(type_name) + " dimensions " +
                                             std::to_string(a_dim) + " and " + std::to_string(b_dim));
}

}  // namespace pgvec::core
