// halfvec kernel bodies over raw F16C/AVX-512 intrinsics (xsimd 8 has no
// half-precision batches). `Widen` loads W halves as W floats; the rest
// mirrors FloatOps: four accumulators, then one register at a time, then a
// scalar tail through the reference conversion.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <xsimd/xsimd.hpp>

#include "pgvec/core/half.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core::simd_impl {

// Widen: struct with static `xsimd::batch<float, Arch> Load(const Half*)`.
template <class Arch, class Widen>
struct HalfOps {
  using B = xsimd::batch<float, Arch>;
  static constexpr std::size_t W = B::size;

  static float L2Squared(const Half* a, const Half* b, std::size_t n) noexcept {
    B s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
    std::size_t i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {
      const B d0 = Widen::Load(a + i) - Widen::Load(b + i);
      const B d1 = Widen::Load(a + i + W) - Widen::Load(b + i + W);
      const B d2 = Widen::Load(a + i + 2 * W) - Widen::Load(b + i + 2 * W);
      const B d3 = Widen::Load(a + i + 3 * W) - Widen::Load(b + i + 3 * W);
      s0 = xsimd::fma(d0, d0, s0);
      s1 = xsimd::fma(d1, d1, s1);
      s2 = xsimd::fma(d2, d2, s2);
      s3 = xsimd::fma(d3, d3, s3);
    }
    for (; i + W <= n; i += W) {
      const B d = Widen::Load(a + i) - Widen::Load(b + i);
      s0 = xsimd::fma(d, d, s0);
    }
    float sum = xsimd::hadd((s0 + s1) + (s2 + s3));
    for (; i < n; ++i) {
      const float d = HalfToFloat(a[i]) - HalfToFloat(b[i]);
      sum += d * d;
    }
    return sum;
  }

  static float InnerProduct(const Half* a, const Half* b, std::size_t n) noexcept {
    B s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
    std::size_t i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {
      s0 = xsimd::fma(Widen::Load(a + i), Widen::Load(b + i), s0);
      s1 = xsimd::fma(Widen::Load(a + i + W), Widen::Load(b + i + W), s1);
      s2 = xsimd::fma(Widen::Load(a + i + 2 * W), Widen::Load(b + i + 2 * W), s2);
      s3 = xsimd::fma(Widen::Load(a + i + 3 * W), Widen::Load(b + i + 3 * W), s3);
    }
    for (; i + W <= n; i += W) s0 = xsimd::fma(Widen::Load(a + i), Widen::Load(b + i), s0);
    float sum = xsimd::hadd((s0 + s1) + (s2 + s3));
    for (; i < n; ++i) sum += HalfToFloat(a[i]) * HalfToFloat(b[i]);
    return sum;
  }

  static CosineTerms Cosine(const Half* a, const Half* b, std::size_t n) noexcept {
    B dot0(0.0f), dot1(0.0f), aa0(0.0f), aa1(0.0f), bb0(0.0f), bb1(0.0f);
    std::size_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
      const B x0 = Widen::Load(a + i), y0 = Widen::Load(b + i);
      const B x1 = Widen::Load(a + i + W), y1 = Widen::Load(b + i + W);
      dot0 = xsimd::fma(x0, y0, dot0);
      aa0 = xsimd::fma(x0, x0, aa0);
      bb0 = xsimd::fma(y0, y0, bb0);
      dot1 = xsimd::fma(x1, y1, dot1);
      aa1 = xsimd::fma(x1, x1, aa1);
      bb1 = xsimd::fma(y1, y1, bb1);
    }
    for (; i + W <= n; i += W) {
      const B x = Widen::Load(a + i), y = Widen::Load(b + i);
      dot0 = xsimd::fma(x, y, dot0);
      aa0 = xsimd::fma(x, x, aa0);
      bb0 = xsimd::fma(y, y, bb0);
    }
    CosineTerms t{xsimd::hadd(dot0 + dot1), xsimd::hadd(aa0 + aa1), xsimd::hadd(bb0 + bb1)};
    for (; i < n; ++i) {
      const float x = HalfToFloat(a[i]), y = HalfToFloat(b[i]);
      t.dot += x * y;
      t.norm_a_squared += x * x;
      t.norm_b_squared += y * y;
    }
    return t;
  }

  static float L1(const Half* a, const Half* b, std::size_t n) noexcept {
    B s0(0.0f), s1(0.0f);
    std::size_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
      s0 += xsimd::abs(Widen::Load(a + i) - Widen::Load(b + i));
      s1 += xsimd::abs(Widen::Load(a + i + W) - Widen::Load(b + i + W));
    }
    for (; i + W <= n; i += W) s0 += xsimd::abs(Widen::Load(a + i) - Widen::Load(b + i));
    float sum = xsimd::hadd(s0 + s1);
    for (; i < n; ++i) sum += std::fabs(HalfToFloat(a[i]) - HalfToFloat(b[i]));
    return sum;
  }
};

}  // namespace pgvec::core::simd_impl
