#include "pgvec/core/ivf/assign.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "pgvec/core/error.hpp"
#include "pgvec/core/half.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core::ivf {

CenterAssigner::CenterAssigner(KMeansMetric metric, const VectorRows& centers) : metric_(metric), centers_(centers) {
  if (centers.count == 0) throw Error(ErrorCode::kInternal, "no centers to assign to. Please report a bug.");
  const bool bits = centers.kind == ElementKind::kBit;
  if (bits != (metric == KMeansMetric::kHamming) || centers.kind == ElementKind::kHalf) {
    throw Error(ErrorCode::kInternal, "unsupported center kind for assignment. Please report a bug.");
  }
  if (metric == KMeansMetric::kL2) {
    const FloatKernels& fk = ActiveFloatKernels();
    half_norms_.resize(centers.count);
    for (std::size_t c = 0; c < centers.count; ++c) {
      const auto* row = reinterpret_cast<const float*>(centers.Row(c));
      half_norms_[c] = static_cast<float>(0.5 * fk.norm_squared_f64(row, centers.dimensions));
    }
  }
}

void CenterAssigner::Assign(const VectorRows& rows, std::span<std::uint32_t> out) const {
  if (out.size() != rows.count || rows.dimensions != centers_.dimensions) {
    throw Error(ErrorCode::kInternal, "bad assignment buffers. Please report a bug.");
  }
  const std::size_t d = centers_.dimensions;
  if (metric_ == KMeansMetric::kHamming) {
    if (rows.kind != ElementKind::kBit) throw Error(ErrorCode::kInternal, "hamming rows must be bits. Please report a bug.");
    const BitKernels& bk = ActiveBitKernels();
    const std::size_t bytes = ElementRowBytes(ElementKind::kBit, d);
    for (std::size_t i = 0; i < rows.count; ++i) {
      const auto* x = reinterpret_cast<const std::uint8_t*>(rows.Row(i));
      std::uint64_t best_key = std::numeric_limits<std::uint64_t>::max();
      std::uint32_t best = 0;
      for (std::size_t c = 0; c < centers_.count; ++c) {
        const std::uint64_t key = bk.hamming(x, reinterpret_cast<const std::uint8_t*>(centers_.Row(c)), bytes);
        if (key < best_key) {
          best_key = key;
          best = static_cast<std::uint32_t>(c);
        }
      }
      out[i] = best;
    }
    return;
  }
  if (rows.kind == ElementKind::kBit) throw Error(ErrorCode::kInternal, "bit rows need hamming. Please report a bug.");

  const FloatKernels& fk = ActiveFloatKernels();
  const bool half = rows.kind == ElementKind::kHalf;
  const bool l2 = metric_ == KMeansMetric::kL2;
  std::vector<float> widened(half ? 4 * d : 0);
  for (std::size_t i0 = 0; i0 < rows.count; i0 += 4) {
    const std::size_t group = std::min<std::size_t>(4, rows.count - i0);
    const float* row[4];
    for (std::size_t r = 0; r < 4; ++r) {
      const std::size_t i = i0 + std::min(r, group - 1);  // a short group repeats its last row
      if (half) {
        float* w = widened.data() + r * d;
        ActiveHalfKernels().to_float(reinterpret_cast<const Half*>(rows.Row(i)), w, d);
        row[r] = w;
      } else {
        row[r] = reinterpret_cast<const float*>(rows.Row(i));
      }
    }
    float best_key[4], second_key[4];
    std::uint32_t best[4] = {0, 0, 0, 0}, second[4] = {0, 0, 0, 0};
    for (std::size_t r = 0; r < 4; ++r) best_key[r] = second_key[r] = std::numeric_limits<float>::quiet_NaN();
    for (std::size_t c0 = 0; c0 < centers_.count; c0 += 2) {
      // Two centers at a time; an odd last one is measured twice.
      const std::size_t pair = std::min<std::size_t>(2, centers_.count - c0);
      const float* cols[2] = {reinterpret_cast<const float*>(centers_.Row(c0)),
                              reinterpret_cast<const float*>(centers_.Row(c0 + pair - 1))};
      float dot[8];
      fk.inner_product_4x2(row, cols, d, dot);
      for (std::size_t j = 0; j < pair; ++j) {
        const std::size_t c = c0 + j;
        for (std::size_t r = 0; r < 4; ++r) {
          const float key = l2 ? half_norms_[c] - dot[2 * r + j] : -dot[2 * r + j];
          // Strictly smaller: ties keep the lower index; NaN never wins.
          if (key < best_key[r] || (std::isnan(best_key[r]) && !std::isnan(key))) {
            second_key[r] = best_key[r];
            second[r] = best[r];
            best_key[r] = key;
            best[r] = static_cast<std::uint32_t>(c);
          } else if (key < second_key[r] || (std::isnan(second_key[r]) && !std::isnan(key))) {
            second_key[r] = key;
            second[r] = static_cast<std::uint32_t>(c);
          }
        }
      }
    }
    // Near-ties: the expanded form rounds differently from the kernel that
    // NearestCenter (inserts) and the scan's list choice use, so when the
    // two best keys are within that rounding, the kernel decides.
    // A key is within eps |x| (|c| + |c|^2 / 2...) of its exact value; the
    // margin takes four times the kernels' proven relative bound.
    const double eps = 16.0 * static_cast<double>(d + 8) * 0x1.0p-24;
    for (std::size_t r = 0; r < group; ++r) {
      if (centers_.count < 2 || std::isnan(second_key[r])) continue;
      const double x_norm = std::sqrt(fk.norm_squared_f64(row[r], d));
      double c_norm = 1.0;  // spherical centers are unit vectors
      if (l2) c_norm = std::sqrt(2.0 * std::max(half_norms_[best[r]], half_norms_[second[r]]));
      const double scale = x_norm * c_norm + (l2 ? 0.5 * c_norm * c_norm : 0.0);
      if (static_cast<double>(second_key[r]) - best_key[r] > eps * scale + 1e-30) continue;
      const float* b = reinterpret_cast<const float*>(centers_.Row(best[r]));
      const float* s2 = reinterpret_cast<const float*>(centers_.Row(second[r]));
      const float kb = l2 ? fk.l2_squared(row[r], b, d) : -fk.inner_product(row[r], b, d);
      const float ks = l2 ? fk.l2_squared(row[r], s2, d) : -fk.inner_product(row[r], s2, d);
      if (ks < kb || (ks == kb && second[r] < best[r])) best[r] = second[r];
    }
    for (std::size_t r = 0; r < group; ++r) out[i0 + r] = best[r];
  }
}

}  // namespace pgvec::core::ivf
