#include "pgvec/core/ivf/scalar_codes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "pgvec/core/half.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core::ivf {
namespace {

constexpr double kUnit = 0x1.0p-24;
constexpr double kMinScale = 0x1.0p-60;
// Results below the smallest normal float lose relative precision: each
// float operation is then off by up to half the smallest subnormal, 2^-150.
// A sum of n terms of a few operations each is within this of exact.
double Underflow(std::size_t n) { return 8.0 * static_cast<double>(n + 8) * 0x1.0p-150; }
constexpr float kFloatInf = std::numeric_limits<float>::infinity();

double Eps(std::size_t n) { return 4.0 * static_cast<double>(n + 8) * kUnit; }

// Rounds a non-negative double up to a float that is >= it.
float RoundUp(double v) noexcept {
  if (!(v < static_cast<double>(std::numeric_limits<float>::max()))) return kFloatInf;
  float f = static_cast<float>(v);
  if (static_cast<double>(f) < v) f = std::nextafter(f, kFloatInf);
  return f;
}

// Rounds a double down to a float that is <= it (NaN: -infinity).
float RoundDown(double v) noexcept {
  if (std::isnan(v) || v <= -static_cast<double>(std::numeric_limits<float>::max())) return -kFloatInf;
  if (v >= static_cast<double>(std::numeric_limits<float>::max())) return std::numeric_limits<float>::max();
  float f = static_cast<float>(v);
  if (static_cast<double>(f) > v) f = std::nextafter(f, -kFloatInf);
  return f;
}

// sqrt of a double sum of n squares, widened for its own rounding, up.
float RootUp(double sum_of_squares, std::size_t n) noexcept {
  const double slack = 1.0 + 4.0 * static_cast<double>(n + 2) * 0x1.0p-53;
  return RoundUp(std::sqrt(sum_of_squares * slack) * slack);
}

}  // namespace

void FitScalarCodes(const VectorRows& samples, bool normalize, float* offset, float* scale) {
  const std::size_t d = samples.dimensions;
  std::vector<double> lo(d, std::numeric_limits<double>::infinity());
  std::vector<double> hi(d, -std::numeric_limits<double>::infinity());
  const FloatKernels& fk = ActiveFloatKernels();
  std::size_t used = 0;
  for (std::size_t r = 0; r < samples.count; ++r) {
    const auto* x = reinterpret_cast<const float*>(samples.Row(r));
    double factor = 1.0;
    if (normalize) {
      const double norm = std::sqrt(fk.norm_squared_f64(x, d));
      if (!(norm > 0.0) || !std::isfinite(norm)) continue;
      factor = 1.0 / norm;
    }
    for (std::size_t i = 0; i < d; ++i) {
      const double v = static_cast<double>(x[i]) * factor;
      lo[i] = std::min(lo[i], v);
      hi[i] = std::max(hi[i], v);
    }
    ++used;
  }
  for (std::size_t i = 0; i < d; ++i) {
    if (used == 0) {
      lo[i] = -1.0;
      hi[i] = 1.0;
    }
    const double range = hi[i] - lo[i];
    offset[i] = static_cast<float>(lo[i]);
    // Scales stay at or above 2^-60 so that scale^2 is a normal float (the
    // kernels' relative error bound needs normal numbers); a narrower
    // dimension just gets coarser codes, whose error e_x records.
    const double step = range / 255.0;
    scale[i] = step > 0.0 && std::isfinite(step) && step < 1e30 ? static_cast<float>(std::max(step, kMinScale)) : 1.0f;
  }
}

CodeStats EncodeScalar(const float* x, const float* offset, const float* scale, std::size_t n,
                       std::uint8_t* code) noexcept {
  // The dispatched encoder (kernels.hpp): the error is measured in double
  // against the level actually chosen, so how the level was chosen does not
  // affect the bound.
  double sums[3];
  ActiveFloatKernels().u8_encode(x, offset, scale, n, code, sums);
  return CodeStats{RootUp(sums[0], n), RootUp(sums[1], n), RootUp(sums[2], n)};
}

void PrepareScalarQuery(const float* q, const float* offset, const float* scale, std::size_t n, ScalarQuery& out) {
  out.mapped.resize(n);
  out.weights.resize(n);
  out.scaled.resize(n);
  double mapping = 0.0, base = 0.0, base_abs = 0.0, scaled = 0.0, norm = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = q[i], o = offset[i], s = scale[i];
    const float m = static_cast<float>((v - o) / s);
    out.mapped[i] = m;
    out.weights[i] = static_cast<float>(s * s);
    const double e = v - (o + s * static_cast<double>(m));
    mapping += e * e;
    const float p = static_cast<float>(v * s);
    out.scaled[i] = p;
    scaled += static_cast<double>(p) * p;
    base += v * o;
    base_abs += std::fabs(v * o);
    norm += v * v;
  }
  out.mapping_error = RootUp(mapping, n);
  out.base = base;
  out.base_error = base_abs * 4.0 * static_cast<double>(n + 2) * 0x1.0p-53;
  out.scaled_norm = RootUp(scaled, n);
  out.norm = RootUp(norm, n);
}

float ScalarLowerBoundL2Squared(float kernel_value, const ScalarQuery& q, const CodeStats& row,
                                std::size_t n) noexcept {
  const double eps = Eps(n);
  const double value = kernel_value;
  if (!std::isfinite(value) || !std::isfinite(row.error) || !std::isfinite(q.mapping_error)) return -kFloatInf;
  const double code_distance = std::sqrt(std::max(0.0, value / (1.0 + eps) - Underflow(n)));
  const double distance = code_distance - q.mapping_error - static_cast<double>(row.error);
  if (distance <= 0.0) return 0.0f;
  return RoundDown(std::max(0.0, distance * distance * (1.0 - eps) - Underflow(n)));
}

float ScalarLowerBoundNegativeInnerProduct(float kernel_dot, const ScalarQuery& q, const CodeStats& row,
                                           std::size_t n) noexcept {
  const double eps = Eps(n);
  const double slack = q.base_error + (eps + 2.0 * kUnit) * q.scaled_norm * row.code_norm  // codes' dot
                       + q.norm * row.error                                              // x vs its code
                       + eps * q.norm * row.norm    // the float32 kernel's rounding
                       + Underflow(n) * (2.0 + 255.0 * static_cast<double>(n));  // subnormal products
  const double bound = -(q.base + static_cast<double>(kernel_dot)) - slack * (1.0 + 1e-9);
  if (!std::isfinite(bound)) return -kFloatInf;
  return RoundDown(bound);
}

}  // namespace pgvec::core::ivf
