#include "pgvec/core/ivf/half_codes.hpp"

#include <cmath>
#include <limits>

#include "pgvec/core/kernels.hpp"

namespace pgvec::core::ivf {
namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

// Rounds a non-negative double up to a float that is >= it.
float RoundUp(double v) noexcept {
  if (!(v < std::numeric_limits<float>::max())) return std::numeric_limits<float>::infinity();
  float f = static_cast<float>(v);
  if (static_cast<double>(f) < v) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

// Rounds a double down to a float that is <= it.
float RoundDown(double v) noexcept {
  if (std::isnan(v)) return -std::numeric_limits<float>::infinity();
  if (v <= -static_cast<double>(std::numeric_limits<float>::max())) return -std::numeric_limits<float>::infinity();
  if (v >= static_cast<double>(std::numeric_limits<float>::max())) return std::numeric_limits<float>::max();
  float f = static_cast<float>(v);
  if (static_cast<double>(f) > v) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
  return f;
}

}  // namespace

CodeStats EncodeHalf(const float* x, std::size_t n, Half* code) noexcept {
  ActiveHalfKernels().from_float(x, code, n);
  double error = 0.0, norm = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[i];
    const double d = v - static_cast<double>(HalfToFloat(code[i]));
    error += d * d;
    norm += v * v;
  }
  // Sums of squares in double: relative error below n 2^-53, far inside the
  // one float ulp RoundUp adds; the extra factor covers it with margin.
  const double slack = 1.0 + 4.0 * static_cast<double>(n + 2) * 0x1.0p-53;
  return CodeStats{RoundUp(std::sqrt(error * slack) * slack), RoundUp(std::sqrt(norm * slack) * slack)};
}

double KernelRelativeError(std::size_t n) noexcept { return 4.0 * static_cast<double>(n + 8) * 0x1.0p-24; }

float LowerBoundL2Squared(float code_key, double query_error, const CodeStats& row, std::size_t n) noexcept {
  const double eps = KernelRelativeError(n);
  const double key = code_key;
  if (!std::isfinite(key) || !std::isfinite(row.error) || !std::isfinite(query_error)) return RoundDown(kMinusInf);
  const double code_distance = std::sqrt(std::max(0.0, key) / (1.0 + eps));
  const double distance = code_distance - query_error - static_cast<double>(row.error);
  if (distance <= 0.0) return 0.0f;
  return RoundDown(distance * distance * (1.0 - eps));
}

float LowerBoundNegativeInnerProduct(float code_key, double query_error, double query_norm, double query_code_norm,
                                     const CodeStats& row, std::size_t n) noexcept {
  const double eps = KernelRelativeError(n);
  const double x_norm = row.norm;
  const double x_error = row.error;
  const double x_code_norm = x_norm + x_error;
  const double slack = eps * query_code_norm * x_code_norm  // the half kernel's rounding
                       + query_norm * x_error + query_error * x_code_norm  // codes vs values
                       + eps * query_norm * x_norm;                        // the float kernel's rounding
  const double bound = static_cast<double>(code_key) - slack * (1.0 + 1e-12);
  if (!std::isfinite(bound)) return RoundDown(kMinusInf);
  return RoundDown(bound);
}

}  // namespace pgvec::core::ivf
