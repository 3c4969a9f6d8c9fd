// CenterAssigner (batched assignment of rows to IVF centers) against
// NearestCenter, the one-row path the scan and insert use.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/half.hpp"
#include "pgvec/core/ivf/assign.hpp"
#include "pgvec/core/kernels.hpp"

namespace pgvec::core::ivf {
namespace {

std::vector<float> Gaussian(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// Every row's assigned center must be the one NearestCenter picks (near-ties
// are rechecked with its kernel), or tie with it up to rounding when three
// or more centers are that close.
void ExpectNearest(KMeansMetric metric, const VectorRows& rows, const VectorRows& centers,
                   std::span<const std::uint32_t> got) {
  std::vector<float> keys(centers.count);
  int exact = 0;
  for (std::size_t i = 0; i < rows.count; ++i) {
    const std::uint32_t want = NearestCenter(metric, rows.Row(i), rows.kind, centers);
    if (got[i] == want) {
      ++exact;
      continue;
    }
    CenterDistances(metric, rows.Row(i), rows.kind, centers, keys);
    EXPECT_NEAR(keys[got[i]], keys[want], 1e-4 * (std::fabs(keys[want]) + 1)) << "row " << i;
  }
  EXPECT_GE(exact, static_cast<int>(rows.count) * 995 / 1000);
}

class AssignTest : public ::testing::TestWithParam<std::size_t> {};

TEST_P(AssignTest, FloatRowsL2AndSphericalMatchNearestCenter) {
  const std::size_t d = GetParam();
  const std::size_t n = 203, k = 37;  // odd sizes: a short last group of rows
  const auto data = Gaussian(n * d, 1);
  auto centers_data = Gaussian(k * d, 2);
  const VectorRows rows{ElementKind::kFloat, data.data(), n, d, 0};
  VectorRows centers{ElementKind::kFloat, centers_data.data(), k, d, 0};
  std::vector<std::uint32_t> out(n);
  CenterAssigner(KMeansMetric::kL2, centers).Assign(rows, out);
  ExpectNearest(KMeansMetric::kL2, rows, centers, out);

  for (std::size_t c = 0; c < k; ++c) {  // spherical centers are unit vectors
    double norm = 0;
    for (std::size_t j = 0; j < d; ++j) norm += centers_data[c * d + j] * centers_data[c * d + j];
    for (std::size_t j = 0; j < d; ++j) centers_data[c * d + j] = static_cast<float>(centers_data[c * d + j] / std::sqrt(norm));
  }
  CenterAssigner(KMeansMetric::kSpherical, centers).Assign(rows, out);
  ExpectNearest(KMeansMetric::kSpherical, rows, centers, out);
}

TEST_P(AssignTest, HalfRowsWithFloatCenters) {
  const std::size_t d = GetParam();
  const std::size_t n = 61, k = 9;
  const auto data = Gaussian(n * d, 3);
  std::vector<Half> halves(n * d);
  for (std::size_t i = 0; i < halves.size(); ++i) halves[i] = FloatToHalf(data[i]);
  const auto centers_data = Gaussian(k * d, 4);
  const VectorRows rows{ElementKind::kHalf, halves.data(), n, d, 0};
  const VectorRows centers{ElementKind::kFloat, centers_data.data(), k, d, 0};
  std::vector<std::uint32_t> out(n);
  CenterAssigner(KMeansMetric::kL2, centers).Assign(rows, out);
  ExpectNearest(KMeansMetric::kL2, rows, centers, out);
}

INSTANTIATE_TEST_SUITE_P(Dimensions, AssignTest, ::testing::Values(1, 3, 8, 17, 64, 784, 1536));

TEST(Assign, HammingIsExact) {
  const std::size_t bits = 100, n = 50, k = 7;
  const std::size_t bytes = ElementRowBytes(ElementKind::kBit, bits);
  std::mt19937 rng(5);
  std::vector<std::uint8_t> data(n * bytes), centers_data(k * bytes);
  for (auto& b : data) b = static_cast<std::uint8_t>(rng());
  for (auto& b : centers_data) b = static_cast<std::uint8_t>(rng());
  for (std::size_t i = 0; i < n; ++i) data[i * bytes + bytes - 1] &= 0xF0;  // 100 bits: padding is zero
  for (std::size_t i = 0; i < k; ++i) centers_data[i * bytes + bytes - 1] &= 0xF0;
  const VectorRows rows{ElementKind::kBit, data.data(), n, bits, 0};
  const VectorRows centers{ElementKind::kBit, centers_data.data(), k, bits, 0};
  std::vector<std::uint32_t> out(n);
  CenterAssigner(KMeansMetric::kHamming, centers).Assign(rows, out);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(out[i], NearestCenter(KMeansMetric::kHamming, rows.Row(i), ElementKind::kBit, centers));
}

TEST(Assign, NearTiesAreDecidedByTheKernel) {
  // Rows exactly between two centers up to one float ulp: the expanded form
  // cannot tell them apart, NearestCenter's kernel can; both must agree.
  std::mt19937 rng(7);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  const std::size_t d = 96, k = 2, n = 400;
  std::vector<float> centers_data(k * d), data(n * d);
  for (float& x : centers_data) x = gauss(rng);
  for (std::size_t i = 0; i < n; ++i) {
    const float t = 0.5f + 1e-6f * gauss(rng);
    for (std::size_t j = 0; j < d; ++j) data[i * d + j] = centers_data[j] + t * (centers_data[d + j] - centers_data[j]) + 1e-3f * gauss(rng);
  }
  const VectorRows rows{ElementKind::kFloat, data.data(), n, d, 0};
  const VectorRows centers{ElementKind::kFloat, centers_data.data(), k, d, 0};
  std::vector<std::uint32_t> out(n);
  CenterAssigner(KMeansMetric::kL2, centers).Assign(rows, out);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(out[i], NearestCenter(KMeansMetric::kL2, rows.Row(i), ElementKind::kFloat, centers)) << i;
  }
}

TEST(Assign, TiesGoToTheLowestCenter) {
  const std::vector<float> centers_data = {1, 0, 1, 0, 0, 1};
  const std::vector<float> data = {1, 0, 0.5f, 0.5f};
  const VectorRows rows{ElementKind::kFloat, data.data(), 2, 2, 0};
  const VectorRows centers{ElementKind::kFloat, centers_data.data(), 3, 2, 0};
  std::vector<std::uint32_t> out(2);
  CenterAssigner(KMeansMetric::kL2, centers).Assign(rows, out);
  EXPECT_EQ(out[0], 0u);
  EXPECT_EQ(out[1], 0u);
}

}  // namespace
}  // namespace pgvec::core::ivf
