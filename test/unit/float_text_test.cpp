// Float text output must be byte-identical to PostgreSQL's float4out; the
// expected strings were checked against `SELECT x::float4` on PostgreSQL 15.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "pgvec/core/float_text.hpp"

namespace pgvec::core {
namespace {

std::string Format(float f) {
  char buf[kFloatShortestMaxLen + 1];
  const std::size_t n = FormatFloatShortest(f, buf);
  EXPECT_LE(n, kFloatShortestMaxLen);
  return std::string(buf, n);
}

TEST(FloatText, MatchesPostgresFloat4Out) {
  EXPECT_EQ(Format(0.0f), "0");
  EXPECT_EQ(Format(-0.0f), "-0");
  EXPECT_EQ(Format(1.0f), "1");
  EXPECT_EQ(Format(-2.0f), "-2");
  EXPECT_EQ(Format(1.23456f), "1.23456");
  EXPECT_EQ(Format(0.1f), "0.1");
  EXPECT_EQ(Format(1.5e38f), "1.5e+38");
  EXPECT_EQ(Format(1.5e-38f), "1.5e-38");
  EXPECT_EQ(Format(100000.0f), "100000");
  EXPECT_EQ(Format(123456.0f), "123456");
  EXPECT_EQ(Format(1e6f), "1e+06");
  EXPECT_EQ(Format(1234567.0f), "1.234567e+06");
  EXPECT_EQ(Format(0.0001f), "0.0001");
  EXPECT_EQ(Format(0.00012345f), "0.00012345");
  EXPECT_EQ(Format(1e-5f), "1e-05");
  EXPECT_EQ(Format(65504.0f), "65504");
  EXPECT_EQ(Format(0.60009766f), "0.60009766");
  EXPECT_EQ(Format(std::numeric_limits<float>::max()), "3.4028235e+38");
  EXPECT_EQ(Format(std::numeric_limits<float>::denorm_min()), "1e-45");
  EXPECT_EQ(Format(-std::numeric_limits<float>::min()), "-1.1754944e-38");
  EXPECT_EQ(Format(std::numeric_limits<float>::infinity()), "Infinity");
  EXPECT_EQ(Format(-std::numeric_limits<float>::infinity()), "-Infinity");
  EXPECT_EQ(Format(std::numeric_limits<float>::quiet_NaN()), "NaN");
}

// PostgreSQL's Ryu runs with acceptBounds = false: a shorter decimal lying
// exactly halfway between two floats is not used even though round-half-even
// parsing would map it back (std::to_chars would print "4.608301e+07" here).
// Expected strings from PostgreSQL 15's float_to_shortest_decimal_bufn.
TEST(FloatText, NeverPrintsAHalfwayDecimal) {
  const auto from_bits = [](std::uint32_t b) {
    float f;
    std::memcpy(&f, &b, sizeof f);
    return f;
  };
  EXPECT_EQ(Format(from_bits(0x4c2fcaf0u)), "4.6083008e+07");
  EXPECT_EQ(Format(from_bits(0x4c000004u)), "3.3554448e+07");
  EXPECT_EQ(Format(from_bits(0xcdf4880cu)), "-5.1281958e+08");
  EXPECT_EQ(Format(from_bits(0x4f000050u)), "2.1475041e+09");
  EXPECT_EQ(Format(from_bits(0x500001c6u)), "8.590399e+09");
  EXPECT_EQ(Format(from_bits(0x55002666u)), "8.806401e+12");
  EXPECT_EQ(Format(from_bits(0x5bdf8476u)), "1.25829124e+17");
}

TEST(FloatText, RoundTripsThroughStrtof) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::uint32_t> bits;
  for (int i = 0; i < 200000; ++i) {
    std::uint32_t b = bits(rng);
    float f;
    std::memcpy(&f, &b, sizeof f);
    if (!std::isfinite(f)) continue;
    const std::string text = Format(f);
    const float back = std::strtof(text.c_str(), nullptr);
    ASSERT_EQ(std::memcmp(&f, &back, sizeof f), 0) << text;
  }
}

}  // namespace
}  // namespace pgvec::core
