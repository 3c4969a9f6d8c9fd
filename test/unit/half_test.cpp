// Half-precision conversion and the halfvec and bit kernels.
//
// The scalar converters are checked against the compiler's own _Float16
// conversions (an independent implementation), over every half value and
// over a dense sample of all floats; every dispatched converter and kernel
// is then checked against the scalar reference.
#include <bit>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/half.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core {
namespace {

constexpr SimdArch kArchs[] = {SimdArch::kScalar, SimdArch::kAvx2, SimdArch::kAvx512};

std::uint32_t Bits(float f) { return std::bit_cast<std::uint32_t>(f); }

TEST(HalfConversion, EveryHalfWidensExactly) {
  for (std::uint32_t h = 0; h <= 0xFFFF; ++h) {
    const float mine = HalfToFloat(static_cast<Half>(h));
    const float compiler = static_cast<float>(std::bit_cast<_Float16>(static_cast<std::uint16_t>(h)));
    if (std::isnan(compiler)) {
      ASSERT_TRUE(std::isnan(mine)) << h;
    } else {
      ASSERT_EQ(Bits(mine), Bits(compiler)) << h;
    }
  }
}

TEST(HalfConversion, NarrowingRoundsToNearestEven) {
  EXPECT_EQ(FloatToHalf(65504.0f), 0x7BFF);
  EXPECT_EQ(FloatToHalf(65519.0f), 0x7BFF);  // pgvector: '65519' -> 65504
  EXPECT_EQ(FloatToHalf(65520.0f), 0x7C00);  // rounds to infinity
  EXPECT_EQ(FloatToHalf(-65520.0f), 0xFC00);
  EXPECT_EQ(FloatToHalf(1e-8f), 0x0000);
  EXPECT_EQ(FloatToHalf(-1e-8f), 0x8000);
  EXPECT_EQ(HalfToFloat(FloatToHalf(1.23456f)), 1.234375f);
  EXPECT_EQ(HalfToFloat(FloatToHalf(0.6f)), 0.60009765625f);
  // a dense sample of all float bit patterns (stride 97 covers every
  // exponent and many mantissa roundings), plus every pattern near halves
  for (std::uint64_t b = 0; b <= 0xFFFFFFFFull; b += 97) {
    const float f = std::bit_cast<float>(static_cast<std::uint32_t>(b));
    if (std::isnan(f)) continue;
    ASSERT_EQ(FloatToHalf(f), std::bit_cast<std::uint16_t>(static_cast<_Float16>(f))) << b;
  }
  for (std::uint32_t h = 0; h < 0x7C00; ++h) {
    const std::uint32_t center = Bits(HalfToFloat(static_cast<Half>(h)));
    for (std::uint32_t delta = 0; delta < 0x2001; delta += 0x400) {
      for (std::uint32_t b : {center + delta, center - delta}) {
        const float f = std::bit_cast<float>(b);
        ASSERT_EQ(FloatToHalf(f), std::bit_cast<std::uint16_t>(static_cast<_Float16>(f))) << b;
      }
    }
  }
}

TEST(HalfConversion, DispatchedConvertersMatchTheReference) {
  std::vector<Half> all(65536);
  for (std::uint32_t h = 0; h <= 0xFFFF; ++h) all[h] = static_cast<Half>(h);
  std::mt19937 rng(3);
  std::uniform_int_distribution<std::uint32_t> bits;
  std::vector<float> floats(1 << 20);
  for (float& f : floats) {
    do f = std::bit_cast<float>(bits(rng)); while (std::isnan(f));
  }
  for (SimdArch arch : kArchs) {
    const HalfKernels* k = HalfKernelsFor(arch);
    if (k == nullptr) continue;
    std::vector<float> widened(all.size());
    k->to_float(all.data(), widened.data(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      const float ref = HalfToFloat(all[i]);
      if (std::isnan(ref)) {
        ASSERT_TRUE(std::isnan(widened[i])) << k->name << " " << i;
      } else {
        ASSERT_EQ(Bits(widened[i]), Bits(ref)) << k->name << " " << i;
      }
    }
    std::vector<Half> narrowed(floats.size());
    k->from_float(floats.data(), narrowed.data(), floats.size());
    for (std::size_t i = 0; i < floats.size(); ++i) ASSERT_EQ(narrowed[i], FloatToHalf(floats[i])) << k->name;
  }
}

std::vector<Half> RandomHalves(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-4.0f, 4.0f);
  std::vector<Half> v(n);
  for (Half& h : v) h = FloatToHalf(dist(rng));
  return v;
}

TEST(HalfKernels, MatchScalarForAllTails) {
  const HalfKernels& ref = detail::kScalarHalfKernels;
  for (SimdArch arch : kArchs) {
    const HalfKernels* k = HalfKernelsFor(arch);
    if (k == nullptr) continue;
    for (std::size_t n = 0; n <= 2100; n = n < 64 ? n + 1 : n + 409) {
      const auto a = RandomHalves(n, static_cast<unsigned>(n) + 1), b = RandomHalves(n, static_cast<unsigned>(n) + 7);
      const double tol = 1e-5 * static_cast<double>(n + 1) * 16;
      EXPECT_NEAR(ref.l2_squared(a.data(), b.data(), n), k->l2_squared(a.data(), b.data(), n), tol) << k->name << n;
      EXPECT_NEAR(ref.inner_product(a.data(), b.data(), n), k->inner_product(a.data(), b.data(), n), tol) << k->name << n;
      EXPECT_NEAR(ref.l1(a.data(), b.data(), n), k->l1(a.data(), b.data(), n), tol) << k->name << n;
      const CosineTerms rt = ref.cosine_terms(a.data(), b.data(), n), kt = k->cosine_terms(a.data(), b.data(), n);
      EXPECT_NEAR(rt.dot, kt.dot, tol);
      EXPECT_NEAR(rt.norm_a_squared, kt.norm_a_squared, tol);
      EXPECT_NEAR(rt.norm_b_squared, kt.norm_b_squared, tol);
    }
  }
}

TEST(HalfKernels, ExactForSmallIntegersLikeTheFloatKernels) {
  for (SimdArch arch : kArchs) {
    const HalfKernels* h = HalfKernelsFor(arch);
    const FloatKernels* f = FloatKernelsFor(arch);
    if (h == nullptr) continue;
    for (std::size_t n = 0; n <= 100; ++n) {
      std::vector<float> af(n), bf(n);
      std::vector<Half> ah(n), bh(n);
      for (std::size_t i = 0; i < n; ++i) {
        af[i] = static_cast<float>(static_cast<int>(i % 9) - 4);
        bf[i] = static_cast<float>(static_cast<int>(i % 4) - 1);
        ah[i] = FloatToHalf(af[i]);
        bh[i] = FloatToHalf(bf[i]);
      }
      EXPECT_EQ(h->l2_squared(ah.data(), bh.data(), n), f->l2_squared(af.data(), bf.data(), n));
      EXPECT_EQ(h->inner_product(ah.data(), bh.data(), n), f->inner_product(af.data(), bf.data(), n));
      EXPECT_EQ(h->l1(ah.data(), bh.data(), n), f->l1(af.data(), bf.data(), n));
    }
  }
}

TEST(BitKernels, MatchScalarForAllTails) {
  const BitKernels& ref = detail::kScalarBitKernels;
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> byte(0, 255);
  for (SimdArch arch : kArchs) {
    const BitKernels* k = BitKernelsFor(arch);
    if (k == nullptr) continue;
    for (std::size_t bytes = 0; bytes <= 300; ++bytes) {
      std::vector<std::uint8_t> a(bytes), b(bytes);
      for (auto& x : a) x = static_cast<std::uint8_t>(byte(rng));
      for (auto& x : b) x = static_cast<std::uint8_t>(byte(rng));
      ASSERT_EQ(ref.hamming(a.data(), b.data(), bytes), k->hamming(a.data(), b.data(), bytes)) << k->name;
      const BitCounts rc = ref.jaccard_counts(a.data(), b.data(), bytes), kc = k->jaccard_counts(a.data(), b.data(), bytes);
      ASSERT_EQ(rc.both, kc.both);
      ASSERT_EQ(rc.a_ones, kc.a_ones);
      ASSERT_EQ(rc.b_ones, kc.b_ones);
    }
  }
  const std::uint8_t x[] = {0xF0}, y[] = {0x0F}, z[] = {0xFF};
  EXPECT_EQ(ref.hamming(x, y, 1), 8u);
  EXPECT_EQ(JaccardDistanceFromCounts(ref.jaccard_counts(x, y, 1)), 1.0);
  EXPECT_EQ(JaccardDistanceFromCounts(ref.jaccard_counts(x, z, 1)), 0.5);
  EXPECT_EQ(JaccardDistanceFromCounts(BitCounts{0, 0, 0}), 1.0);
}

}  // namespace
}  // namespace pgvec::core
