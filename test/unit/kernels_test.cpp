// Every dispatched kernel against the scalar reference, for every length
// 0..64 (all tail shapes of every register width) and lengths around 2,000
// and 16,000, on every architecture this CPU can run.
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/kernels.hpp"

namespace pgvec::core {
namespace {

std::vector<std::size_t> TestLengths() {
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 64; ++n) lengths.push_back(n);
  for (std::size_t n : {1999, 2000, 2001, 2047, 2048, 2049, 15999, 16000}) lengths.push_back(n);
  return lengths;
}

std::vector<float> RandomFloats(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// Float sums in a different order differ by rounding; the bound is the
// classic n * eps * sum(|terms|) error bound of recursive summation.
void ExpectClose(double expected, double actual, double abs_terms, std::size_t n) {
  const double bound = (static_cast<double>(n) + 2) * 1.2e-7 * abs_terms + 1e-30;
  EXPECT_NEAR(expected, actual, bound) << "n=" << n;
}

class KernelParity : public ::testing::TestWithParam<SimdArch> {};

TEST_P(KernelParity, MatchesScalarReferenceForAllTails) {
  const FloatKernels* k = FloatKernelsFor(GetParam());
  if (k == nullptr) GTEST_SKIP() << SimdArchName(GetParam()) << " not supported by this CPU";
  const FloatKernels& ref = detail::kScalarFloatKernels;
  for (std::size_t n : TestLengths()) {
    const auto a = RandomFloats(n, static_cast<std::uint32_t>(n) * 2 + 1);
    const auto b = RandomFloats(n, static_cast<std::uint32_t>(n) * 2 + 2);
    double abs_l2 = 0, abs_ip = 0, abs_aa = 0, abs_bb = 0;
    for (std::size_t i = 0; i < n; ++i) {
      abs_l2 += (a[i] - b[i]) * (a[i] - b[i]);
      abs_ip += std::fabs(a[i] * b[i]);
      abs_aa += a[i] * a[i];
      abs_bb += b[i] * b[i];
    }
    ExpectClose(ref.l2_squared(a.data(), b.data(), n), k->l2_squared(a.data(), b.data(), n), abs_l2, n);
    ExpectClose(ref.inner_product(a.data(), b.data(), n), k->inner_product(a.data(), b.data(), n), abs_ip, n);
    ExpectClose(ref.l1(a.data(), b.data(), n), k->l1(a.data(), b.data(), n), std::sqrt(abs_l2 * n) + 1, n);
    const CosineTerms rt = ref.cosine_terms(a.data(), b.data(), n);
    const CosineTerms kt = k->cosine_terms(a.data(), b.data(), n);
    ExpectClose(rt.dot, kt.dot, abs_ip, n);
    ExpectClose(rt.norm_a_squared, kt.norm_a_squared, abs_aa, n);
    ExpectClose(rt.norm_b_squared, kt.norm_b_squared, abs_bb, n);
    EXPECT_NEAR(ref.norm_squared_f64(a.data(), n), k->norm_squared_f64(a.data(), n), 1e-12 * (abs_aa + 1));

    // A 4 x 2 block: rows a, b, -a, a + b against columns b and a.
    std::vector<float> neg(n), sum(n);
    double abs_bsum = 0, abs_asum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      neg[i] = -a[i];
      sum[i] = a[i] + b[i];
      abs_bsum += std::fabs(sum[i] * b[i]);
      abs_asum += std::fabs(sum[i] * a[i]);
    }
    const float* rows[4] = {a.data(), b.data(), neg.data(), sum.data()};
    const float* cols[2] = {b.data(), a.data()};
    float out[8];
    k->inner_product_4x2(rows, cols, n, out);
    ExpectClose(ref.inner_product(a.data(), b.data(), n), out[0], abs_ip, n);
    ExpectClose(ref.inner_product(a.data(), a.data(), n), out[1], abs_aa, n);
    ExpectClose(ref.inner_product(b.data(), b.data(), n), out[2], abs_bb, n);
    ExpectClose(ref.inner_product(b.data(), a.data(), n), out[3], abs_ip, n);
    ExpectClose(-ref.inner_product(a.data(), b.data(), n), out[4], abs_ip, n);
    ExpectClose(-ref.inner_product(a.data(), a.data(), n), out[5], abs_aa, n);
    ExpectClose(ref.inner_product(sum.data(), b.data(), n), out[6], abs_bsum, n);
    ExpectClose(ref.inner_product(sum.data(), a.data(), n), out[7], abs_asum, n);

    // 8-bit codes.
    std::vector<std::uint8_t> code(n);
    std::vector<float> weight(n);
    double abs_wl2 = 0, abs_dot = 0;
    for (std::size_t i = 0; i < n; ++i) {
      code[i] = static_cast<std::uint8_t>((i * 37 + n) % 256);
      weight[i] = std::fabs(b[i]) + 0.5f;
      const double d = a[i] * 100.0 - code[i];
      abs_wl2 += weight[i] * d * d;
      abs_dot += std::fabs(a[i]) * code[i];
    }
    std::vector<float> scaled(n);
    for (std::size_t i = 0; i < n; ++i) scaled[i] = a[i] * 100.0f;
    ExpectClose(ref.u8_weighted_l2(scaled.data(), weight.data(), code.data(), n),
                k->u8_weighted_l2(scaled.data(), weight.data(), code.data(), n), abs_wl2, n);
    ExpectClose(ref.u8_dot(a.data(), code.data(), n), k->u8_dot(a.data(), code.data(), n), abs_dot, n);
  }
}

// The encoder picks exactly the reference's levels (scans rely on codes only
// through the measured error, but one index must not depend on the CPU that
// built it), clamps out-of-range values and NaN, and its sums agree up to
// summation order.
TEST_P(KernelParity, EncoderChoosesTheReferenceLevels) {
  const FloatKernels* k = FloatKernelsFor(GetParam());
  if (k == nullptr) GTEST_SKIP();
  const FloatKernels& ref = *FloatKernelsFor(SimdArch::kScalar);
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> value(-3.0f, 3.0f);
  for (std::size_t n = 0; n <= 70; ++n) {
    std::vector<float> x(n), offset(n), scale(n);
    for (std::size_t i = 0; i < n; ++i) {
      offset[i] = -2.0f + 0.01f * static_cast<float>(i % 7);
      scale[i] = 4.0f / 255.0f * (1.0f + 0.1f * static_cast<float>(i % 3));
      x[i] = value(rng);
      // Exact midpoints between two levels, values beyond both ends, NaN, infinities.
      if (i % 11 == 3) x[i] = offset[i] + scale[i] * (static_cast<float>(i % 200) + 0.5f);
      if (i % 13 == 5) x[i] = i % 2 == 0 ? 1e30f : -1e30f;
      if (i == 9) x[i] = std::numeric_limits<float>::quiet_NaN();
      if (i == 17) x[i] = std::numeric_limits<float>::infinity();
      if (i == 18) x[i] = -std::numeric_limits<float>::infinity();
    }
    std::vector<std::uint8_t> want(n + 1, 0xAB), got(n + 1, 0xAB);
    double want_sums[3], got_sums[3];
    ref.u8_encode(x.data(), offset.data(), scale.data(), n, want.data(), want_sums);
    k->u8_encode(x.data(), offset.data(), scale.data(), n, got.data(), got_sums);
    EXPECT_EQ(want, got) << "n = " << n;
    EXPECT_EQ(got[n], 0xAB) << "wrote past the end, n = " << n;
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isnan(x[i])) {
        EXPECT_EQ(got[i], 0);
      } else if (x[i] >= 1e30f) {
        EXPECT_EQ(got[i], 255);
      } else if (x[i] <= -1e30f) {
        EXPECT_EQ(got[i], 0);
      }
      const double exact = (static_cast<double>(x[i]) - offset[i]) / scale[i];
      if (exact < 0.0) {
        EXPECT_EQ(got[i], 0);
      } else if (exact > 255.0) {
        EXPECT_EQ(got[i], 255);
      } else if (std::isfinite(exact)) {
        // In range: the nearest level (up to the float rounding of the quotient).
        EXPECT_LE(std::fabs(exact - got[i]), 0.5 + 1e-4) << "n = " << n << ", i = " << i;
      }
    }
    for (int s = 0; s < 3; ++s) {
      if (std::isfinite(want_sums[s])) {
        EXPECT_NEAR(want_sums[s], got_sums[s], 1e-12 * (std::fabs(want_sums[s]) + 1.0)) << "n = " << n;
      } else if (std::isnan(want_sums[s])) {
        EXPECT_TRUE(std::isnan(got_sums[s])) << "n = " << n;
      } else {
        EXPECT_EQ(want_sums[s], got_sums[s]) << "n = " << n;
      }
    }
  }
}

TEST_P(KernelParity, CodeDistancesAreExact) {
  const FloatKernels* k = FloatKernelsFor(GetParam());
  if (k == nullptr) GTEST_SKIP();
  std::mt19937 rng(5);
  for (std::size_t n : {0, 1, 31, 32, 33, 64, 95, 784, 2000, 16000}) {
    std::vector<std::uint8_t> a(n), b(n);
    std::uint64_t want = 0;
    for (std::size_t i = 0; i < n; ++i) {
      // Extremes included: 0 against 255 squares to the largest term.
      a[i] = i % 5 == 0 ? 0 : static_cast<std::uint8_t>(rng());
      b[i] = i % 5 == 0 ? 255 : static_cast<std::uint8_t>(rng());
      const std::int64_t d = static_cast<std::int64_t>(a[i]) - b[i];
      want += static_cast<std::uint64_t>(d * d);
    }
    EXPECT_EQ(k->u8_l2_squared(a.data(), b.data(), n), want) << "n = " << n;
    EXPECT_EQ(k->u8_l2_squared(b.data(), a.data(), n), want) << "n = " << n;
  }
}

TEST_P(KernelParity, ExactForSmallIntegers) {
  const FloatKernels* k = FloatKernelsFor(GetParam());
  if (k == nullptr) GTEST_SKIP();
  // Small integers make every partial sum exact, so any order agrees: this
  // is what lets halfvec/sparsevec/vector print identical distances.
  for (std::size_t n : TestLengths()) {
    std::vector<float> a(n), b(n);
    for (std::size_t i = 0; i < n; ++i) {
      a[i] = static_cast<float>(static_cast<int>(i % 7) - 3);
      b[i] = static_cast<float>(static_cast<int>(i % 5) - 2);
    }
    const FloatKernels& ref = detail::kScalarFloatKernels;
    EXPECT_EQ(ref.l2_squared(a.data(), b.data(), n), k->l2_squared(a.data(), b.data(), n));
    EXPECT_EQ(ref.inner_product(a.data(), b.data(), n), k->inner_product(a.data(), b.data(), n));
    EXPECT_EQ(ref.l1(a.data(), b.data(), n), k->l1(a.data(), b.data(), n));
  }
}

TEST_P(KernelParity, OverflowGivesInfinityNotTrap) {
  const FloatKernels* k = FloatKernelsFor(GetParam());
  if (k == nullptr) GTEST_SKIP();
  std::vector<float> a(40, 3e38f), b(40, -3e38f);
  EXPECT_TRUE(std::isinf(k->l2_squared(a.data(), b.data(), a.size())));
  EXPECT_TRUE(std::isinf(k->inner_product(a.data(), a.data(), a.size())));
  EXPECT_TRUE(std::isnan(CosineDistanceFromTerms(k->cosine_terms(a.data(), a.data(), a.size()))));
}

INSTANTIATE_TEST_SUITE_P(AllArchitectures, KernelParity,
                         ::testing::Values(SimdArch::kScalar, SimdArch::kAvx2, SimdArch::kAvx512),
                         [](const auto& info) { return std::string(info.param == SimdArch::kScalar ? "scalar"
                                                                   : info.param == SimdArch::kAvx2 ? "avx2"
                                                                                                    : "avx512"); });

TEST(KernelDispatch, ChoosesAVectorArchitectureWhenTheCpuHasOne) {
  // Between AVX2 and AVX-512 the faster one on this CPU wins (timed once);
  // either way it must be a supported SIMD table, never the scalar one.
  const FloatKernels& best = ActiveFloatKernels();
  if (FloatKernelsFor(SimdArch::kAvx2) != nullptr) {
    EXPECT_NE(best.arch, SimdArch::kScalar);
    EXPECT_NE(FloatKernelsFor(best.arch), nullptr);
  } else {
    EXPECT_EQ(best.arch, SimdArch::kScalar);
  }
  if (HalfKernelsFor(SimdArch::kAvx2) != nullptr) {
    EXPECT_NE(ActiveHalfKernels().arch, SimdArch::kScalar);
  }
  if (BitKernelsFor(SimdArch::kAvx2) != nullptr) {
    EXPECT_NE(ActiveBitKernels().arch, SimdArch::kScalar);
  }
  EXPECT_NE(FloatKernelsFor(SimdArch::kScalar), nullptr);
}

TEST(CosineDistance, ZeroNormIsNaNAndSimilarityIsClamped) {
  EXPECT_TRUE(std::isnan(CosineDistanceFromTerms({0.0f, 0.0f, 1.0f})));
  EXPECT_EQ(CosineDistanceFromTerms({1.0000001f, 1.0f, 1.0f}), 0.0);
  EXPECT_EQ(CosineDistanceFromTerms({-1.0000001f, 1.0f, 1.0f}), 2.0);
  EXPECT_DOUBLE_EQ(CosineDistanceFromTerms({0.0f, 1.0f, 1.0f}), 1.0);
}

}  // namespace
}  // namespace pgvec::core
