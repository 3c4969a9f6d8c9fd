// 8-bit scalar codes: the lower bounds must never exceed the float32
// kernel's key (else the ivfflat scan could return rows out of order), and
// should be tight enough to rule out most rows.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/ivf/scalar_codes.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core::ivf {
namespace {

struct CodeSetup {
  std::size_t n;
  std::vector<float> rows;  // count x n
  std::vector<float> offset, scale;
};

CodeSetup Make(std::size_t n, std::size_t count, float value_scale, float shift, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  CodeSetup s{n, std::vector<float>(count * n), std::vector<float>(n), std::vector<float>(n)};
  for (float& x : s.rows) x = gauss(rng) * value_scale + shift;
  return s;
}

class ScalarCodes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ScalarCodes, BoundsNeverExceedTheFloatKernel) {
  const std::size_t n = GetParam();
  const FloatKernels& fk = ActiveFloatKernels();
  int total = 0, tight_l2 = 0, tight_ip = 0;
  for (int variant = 0; variant < 6; ++variant) {
    const float value_scale = std::pow(10.0f, static_cast<float>(variant) - 3.0f);
    CodeSetup s = Make(n, 120, value_scale, variant % 2 == 0 ? 0.0f : 3.0f * value_scale, static_cast<std::uint32_t>(n * 7 + variant));
    // Fit on the first 80 rows: the last 40 may fall outside (clamped codes).
    const VectorRows fit{ElementKind::kFloat, s.rows.data(), 80, n, 0};
    FitScalarCodes(fit, false, s.offset.data(), s.scale.data());
    std::vector<std::uint8_t> code(n);
    for (std::size_t qi = 0; qi < 120; qi += 17) {
      const float* q = s.rows.data() + qi * n;
      std::vector<float> near(q, q + n);
      std::mt19937 rng(static_cast<std::uint32_t>(qi));
      std::normal_distribution<float> gauss(0.0f, 1.0f);
      for (float& v : near) v += 1e-3f * value_scale * gauss(rng);  // a near-duplicate row
      ScalarQuery prepared;
      PrepareScalarQuery(near.data(), s.offset.data(), s.scale.data(), n, prepared);
      for (std::size_t r = 0; r < 120; ++r) {
        const float* x = s.rows.data() + r * n;
        const CodeStats stats = EncodeScalar(x, s.offset.data(), s.scale.data(), n, code.data());
        const float exact_l2 = fk.l2_squared(near.data(), x, n);
        const float lo_l2 = ScalarLowerBoundL2Squared(
            fk.u8_weighted_l2(prepared.mapped.data(), prepared.weights.data(), code.data(), n), prepared, stats, n);
        ASSERT_LE(lo_l2, exact_l2) << "n=" << n << " variant=" << variant << " q=" << qi << " r=" << r;
        const float exact_ip = -fk.inner_product(near.data(), x, n);
        const float lo_ip =
            ScalarLowerBoundNegativeInnerProduct(fk.u8_dot(prepared.scaled.data(), code.data(), n), prepared, stats, n);
        ASSERT_LE(lo_ip, exact_ip) << "n=" << n << " variant=" << variant << " q=" << qi << " r=" << r;
        if (r < 80 && r != qi) {
          ++total;
          if (exact_l2 - lo_l2 <= 0.25 * exact_l2) ++tight_l2;
          if (exact_ip - lo_ip <= 0.05 * (std::fabs(exact_ip) + exact_l2)) ++tight_ip;
        }
      }
    }
  }
  if (n >= 16) {  // a handful of dimensions quantizes too coarsely to be tight
    EXPECT_GE(tight_l2, total * 8 / 10);
    EXPECT_GE(tight_ip, total * 8 / 10);
  }
}

INSTANTIATE_TEST_SUITE_P(Dimensions, ScalarCodes, ::testing::Values(1, 7, 64, 784, 1536, 2000));

TEST(ScalarCodesEdge, TinyValuesNeverBoundAboveTheKernel) {
  // One dimension, values near 1e-21: squares are subnormal floats.
  const FloatKernels& fk = ActiveFloatKernels();
  std::vector<float> rows = {0.0f, 8.16e-21f, 3.2e-22f, 3.328e-22f, 1e-30f, 5e-23f};
  std::vector<float> offset(1), scale(1);
  FitScalarCodes(VectorRows{ElementKind::kFloat, rows.data(), rows.size(), 1, 0}, false, offset.data(), scale.data());
  EXPECT_GE(scale[0], 0x1.0p-60f);
  for (float qv : {0.0f, 3.2e-22f, 1e-21f, -2e-22f}) {
    ScalarQuery q;
    PrepareScalarQuery(&qv, offset.data(), scale.data(), 1, q);
    for (float xv : rows) {
      std::uint8_t code;
      const CodeStats stats = EncodeScalar(&xv, offset.data(), scale.data(), 1, &code);
      EXPECT_LE(ScalarLowerBoundL2Squared(fk.u8_weighted_l2(q.mapped.data(), q.weights.data(), &code, 1), q, stats, 1),
                fk.l2_squared(&qv, &xv, 1))
          << qv << " " << xv;
      EXPECT_LE(ScalarLowerBoundNegativeInnerProduct(fk.u8_dot(q.scaled.data(), &code, 1), q, stats, 1),
                -fk.inner_product(&qv, &xv, 1))
          << qv << " " << xv;
    }
  }
}

TEST(ScalarCodesEdge, NormalizedFitCoversUnitVectors) {
  const std::size_t n = 8;
  std::vector<float> rows = {3, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0};  // second row is zero: skipped
  std::vector<float> offset(n), scale(n);
  FitScalarCodes(VectorRows{ElementKind::kFloat, rows.data(), 2, n, 0}, true, offset.data(), scale.data());
  EXPECT_FLOAT_EQ(offset[0], 0.6f);  // a single row: zero range, scale 1
  EXPECT_EQ(scale[0], 1.0f);
  EXPECT_FLOAT_EQ(offset[7], 0.8f);
}

TEST(ScalarCodesEdge, NoSamplesMapsMinusOneToOne) {
  std::vector<float> offset(3), scale(3);
  FitScalarCodes(VectorRows{ElementKind::kFloat, nullptr, 0, 3, 0}, false, offset.data(), scale.data());
  EXPECT_EQ(offset[1], -1.0f);
  EXPECT_FLOAT_EQ(scale[1], 2.0f / 255.0f);
}

TEST(ScalarCodesEdge, HugeValuesGiveMinusInfinityNotAWrongBound) {
  const std::size_t n = 2;
  std::vector<float> offset = {-1, -1}, scale = {2.0f / 255, 2.0f / 255};
  std::vector<float> x = {3e38f, -3e38f};
  std::vector<std::uint8_t> code(n);
  const CodeStats stats = EncodeScalar(x.data(), offset.data(), scale.data(), n, code.data());
  EXPECT_TRUE(std::isinf(stats.error));
  ScalarQuery q;
  std::vector<float> query = {1, 1};
  PrepareScalarQuery(query.data(), offset.data(), scale.data(), n, q);
  EXPECT_EQ(ScalarLowerBoundL2Squared(1.0f, q, stats, n), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(ScalarLowerBoundNegativeInnerProduct(1.0f, q, stats, n), -std::numeric_limits<float>::infinity());
}

}  // namespace
}  // namespace pgvec::core::ivf
