// Half-precision codes: the lower bounds must never exceed the float32
// kernel's key (else the scan could return rows out of order), and should
// be tight enough to rule out most rows.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/ivf/half_codes.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core::ivf {
namespace {

struct Coded {
  std::vector<float> x;
  std::vector<Half> code;
  CodeStats stats;
};

Coded Encode(std::vector<float> x) {
  Coded c{std::move(x), {}, {}};
  c.code.resize(c.x.size());
  c.stats = EncodeHalf(c.x.data(), c.x.size(), c.code.data());
  return c;
}

class HalfCodes : public ::testing::TestWithParam<std::size_t> {};

TEST_P(HalfCodes, BoundsNeverExceedTheFloatKernel) {
  const std::size_t n = GetParam();
  std::mt19937 rng(static_cast<std::uint32_t>(n));
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  const FloatKernels& fk = ActiveFloatKernels();
  const HalfKernels& hk = ActiveHalfKernels();
  int tight = 0, total = 0;
  for (int trial = 0; trial < 300; ++trial) {
    // Scales from tiny to large, and near-duplicates of the query.
    const float scale = std::pow(10.0f, static_cast<float>(trial % 7) - 3.0f);
    std::vector<float> qv(n), xv(n);
    for (std::size_t i = 0; i < n; ++i) qv[i] = gauss(rng) * scale;
    for (std::size_t i = 0; i < n; ++i) xv[i] = trial % 3 == 0 ? qv[i] * (1.0f + 1e-4f * gauss(rng)) : gauss(rng) * scale;
    const Coded q = Encode(qv), x = Encode(xv);
    const double q_error = q.stats.error, q_norm = q.stats.norm;
    double qh_norm = 0;
    for (Half h : q.code) qh_norm += static_cast<double>(HalfToFloat(h)) * HalfToFloat(h);
    qh_norm = std::sqrt(qh_norm) * (1 + 1e-9);

    const float exact_l2 = fk.l2_squared(q.x.data(), x.x.data(), n);
    const float code_l2 = hk.l2_squared(q.code.data(), x.code.data(), n);
    const float lo_l2 = LowerBoundL2Squared(code_l2, q_error, x.stats, n);
    EXPECT_LE(lo_l2, exact_l2) << "n=" << n << " trial=" << trial;

    const float exact_ip = -fk.inner_product(q.x.data(), x.x.data(), n);
    const float code_ip = -hk.inner_product(q.code.data(), x.code.data(), n);
    const float lo_ip = LowerBoundNegativeInnerProduct(code_ip, q_error, q_norm, qh_norm, x.stats, n);
    EXPECT_LE(lo_ip, exact_ip) << "n=" << n << " trial=" << trial;

    if (trial % 3 != 0) {  // independent pairs (near-duplicates are never tight)
      ++total;
      if (exact_l2 - lo_l2 <= 2e-3 * exact_l2) ++tight;
    }
  }
  EXPECT_GE(tight, total * 85 / 100);  // within 0.2% for most random pairs
}

INSTANTIATE_TEST_SUITE_P(Dimensions, HalfCodes, ::testing::Values(1, 7, 64, 784, 1536, 2000));

TEST(HalfCodesEdge, OverflowGivesMinusInfinity) {
  std::vector<float> x = {1e6f, 1.0f};
  std::vector<Half> code(2);
  const CodeStats s = EncodeHalf(x.data(), 2, code.data());
  EXPECT_TRUE(std::isinf(s.error));
  EXPECT_TRUE(std::isinf(LowerBoundL2Squared(1.0f, 0.0, s, 2)));
  EXPECT_LT(LowerBoundL2Squared(1.0f, 0.0, s, 2), 0.0f);
  EXPECT_LT(LowerBoundNegativeInnerProduct(1.0f, 0.0, 1.0, 1.0, s, 2), -1e30f);
}

TEST(HalfCodesEdge, ExactlyRepresentableValuesHaveZeroError) {
  std::vector<float> x = {1.0f, -2.0f, 0.5f, 0.0f};
  std::vector<Half> code(4);
  const CodeStats s = EncodeHalf(x.data(), 4, code.data());
  EXPECT_EQ(s.error, 0.0f);
  EXPECT_GE(s.norm, std::sqrt(5.25f));
}

}  // namespace
}  // namespace pgvec::core::ivf
