#include "pgvec/core/ivf/assign.hpp"

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
    float best_key[4];
    std::uint32_t best[4] = {0, 0, 0, 0};
    for (float& k : best_key) k = std::numeric_limits<float>::quiet_NaN();
    for (std::size_t c = 0; c < centers_.count; ++c) {
      float dot[4];
      fk.inner_product_x4(row, reinterpret_cast<const float*>(centers_.Row(c)), d, dot);
      for (std::size_t r = 0; r < 4; ++r) {
        const float key = l2 ? half_norms_[c] - dot[r] : -dot[r];
        // Strictly smaller: ties keep the lower index; NaN never wins.
        if (key < best_key[r] || (std::isnan(best_key[r]) && !std::isnan(key))) {
          best_key[r] = key;
          best[r] = static_cast<std::uint32_t>(c);
        }
      }
    }
    for (std::size_t r = 0; r < group; ++r) out[i0 + r] = best[r];
  }
}

}  // namespace pgvec::core::ivf
