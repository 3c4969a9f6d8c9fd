// xsimd kernel bodies, templated on the xsimd architecture. Each instruction
// set includes this file from its own translation unit, compiled with that
// set's -m flags, and instantiates the templates for one Arch only. Nothing
// here may be called from a translation unit built for another ISA.
//
// Four independent accumulators hide the FMA latency (4 cycles, 2 ports on
// current x86 cores); the remainder is handled one register at a time and
// then element by element.
#pragma once

#include <cmath>
#include <cstddef>

#include <xsimd/xsimd.hpp>

#include "pgvec/core/kernels.hpp"

namespace pgvec::core::simd_impl {

template <class Arch>
struct FloatOps {
  using B = xsimd::batch<float, Arch>;
  static constexpr std::size_t W = B::size;

  static B Load(const float* p) noexcept { return B::load_unaligned(p); }

  static float L2Squared(const float* a, const float* b, std::size_t n) noexcept {
    B s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
    std::size_t i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {
      const B d0 = Load(a + i) - Load(b + i);
      const B d1 = Load(a + i + W) - Load(b + i + W);
      const B d2 = Load(a + i + 2 * W) - Load(b + i + 2 * W);
      const B d3 = Load(a + i + 3 * W) - Load(b + i + 3 * W);
      s0 = xsimd::fma(d0, d0, s0);
      s1 = xsimd::fma(d1, d1, s1);
      s2 = xsimd::fma(d2, d2, s2);
      s3 = xsimd::fma(d3, d3, s3);
    }
    for (; i + W <= n; i += W) {
      const B d = Load(a + i) - Load(b + i);
      s0 = xsimd::fma(d, d, s0);
    }
    float sum = xsimd::hadd((s0 + s1) + (s2 + s3));
    for (; i < n; ++i) {
      const float d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  static float InnerProduct(const float* a, const float* b, std::size_t n) noexcept {
    B s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
    std::size_t i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {
      s0 = xsimd::fma(Load(a + i), Load(b + i), s0);
      s1 = xsimd::fma(Load(a + i + W), Load(b + i + W), s1);
      s2 = xsimd::fma(Load(a + i + 2 * W), Load(b + i + 2 * W), s2);
      s3 = xsimd::fma(Load(a + i + 3 * W), Load(b + i + 3 * W), s3);
    }
    for (; i + W <= n; i += W) s0 = xsimd::fma(Load(a + i), Load(b + i), s0);
    float sum = xsimd::hadd((s0 + s1) + (s2 + s3));
    for (; i < n; ++i) sum += a[i] * b[i];
    return sum;
  }

  // Four rows against one vector: each load of b feeds four FMAs, and two
  // accumulators per row keep eight FMA chains in flight.
  // Eight accumulators, one per (row, column) pair: six loads feed eight
  // FMAs, so the loop is bound by the FMA units rather than by loads (one
  // column at a time needed ten loads for eight FMAs).
  static void InnerProduct4x2(const float* const rows[4], const float* const cols[2], std::size_t n,
                              float out[8]) noexcept {
    const float* r0 = rows[0];
    const float* r1 = rows[1];
    const float* r2 = rows[2];
    const float* r3 = rows[3];
    const float* c0 = cols[0];
    const float* c1 = cols[1];
    B s00(0.0f), s01(0.0f), s10(0.0f), s11(0.0f), s20(0.0f), s21(0.0f), s30(0.0f), s31(0.0f);
    std::size_t i = 0;
    for (; i + W <= n; i += W) {
      const B b0 = Load(c0 + i);
      const B b1 = Load(c1 + i);
      const B a0 = Load(r0 + i);
      s00 = xsimd::fma(a0, b0, s00);
      s01 = xsimd::fma(a0, b1, s01);
      const B a1 = Load(r1 + i);
      s10 = xsimd::fma(a1, b0, s10);
      s11 = xsimd::fma(a1, b1, s11);
      const B a2 = Load(r2 + i);
      s20 = xsimd::fma(a2, b0, s20);
      s21 = xsimd::fma(a2, b1, s21);
      const B a3 = Load(r3 + i);
      s30 = xsimd::fma(a3, b0, s30);
      s31 = xsimd::fma(a3, b1, s31);
    }
    float t[8] = {xsimd::hadd(s00), xsimd::hadd(s01), xsimd::hadd(s10), xsimd::hadd(s11),
                  xsimd::hadd(s20), xsimd::hadd(s21), xsimd::hadd(s30), xsimd::hadd(s31)};
    for (; i < n; ++i) {
      t[0] += r0[i] * c0[i];
      t[1] += r0[i] * c1[i];
      t[2] += r1[i] * c0[i];
      t[3] += r1[i] * c1[i];
      t[4] += r2[i] * c0[i];
      t[5] += r2[i] * c1[i];
      t[6] += r3[i] * c0[i];
      t[7] += r3[i] * c1[i];
    }
    for (int k = 0; k < 8; ++k) out[k] = t[k];
  }

  static CosineTerms Cosine(const float* a, const float* b, std::size_t n) noexcept {
    B dot0(0.0f), dot1(0.0f), aa0(0.0f), aa1(0.0f), bb0(0.0f), bb1(0.0f);
    std::size_t i = 0;
    for (; i + 2 * W <= n; i += 2 * W) {
      const B a0 = Load(a + i), b0 = Load(b + i);
      const B a1 = Load(a + i + W), b1 = Load(b + i + W);
      dot0 = xsimd::fma(a0, b0, dot0);
      aa0 = xsimd::fma(a0, a0, aa0);
      bb0 = xsimd::fma(b0, b0, bb0);
      dot1 = xsimd::fma(a1, b1, dot1);
      aa1 = xsimd::fma(a1, a1, aa1);
      bb1 = xsimd::fma(b1, b1, bb1);
    }
    for (; i + W <= n; i += W) {
      const B a0 = Load(a + i), b0 = Load(b + i);
      dot0 = xsimd::fma(a0, b0, dot0);
      aa0 = xsimd::fma(a0, a0, aa0);
      bb0 = xsimd::fma(b0, b0, bb0);
    }
    CosineTerms t{xsimd::hadd(dot0 + dot1), xsimd::hadd(aa0 + aa1), xsimd::hadd(bb0 + bb1)};
    for (; i < n; ++i) {
      t.dot += a[i] * b[i];
      t.norm_a_squared += a[i] * a[i];
      t.norm_b_squared += b[i] * b[i];
    }
    return t;
  }

  static float L1(const float* a, const float* b, std::size_t n) noexcept {
    B s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
    std::size_t i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {
      s0 += xsimd::abs(Load(a + i) - Load(b + i));
      s1 += xsimd::abs(Load(a + i + W) - Load(b + i + W));
      s2 += xsimd::abs(Load(a + i + 2 * W) - Load(b + i + 2 * W));
      s3 += xsimd::abs(Load(a + i + 3 * W) - Load(b + i + 3 * W));
    }
    for (; i + W <= n; i += W) s0 += xsimd::abs(Load(a + i) - Load(b + i));
    float sum = xsimd::hadd((s0 + s1) + (s2 + s3));
    for (; i < n; ++i) sum += std::fabs(a[i] - b[i]);
    return sum;
  }
};

}  // namespace pgvec::core::simd_impl
