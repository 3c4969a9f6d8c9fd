#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/vector_math.hpp"

namespace pgvec::core {
namespace {

std::string MessageOf(auto&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(VectorMath, ArithmeticAndItsRangeErrors) {
  std::vector<float> a = {1, 2, 3}, b = {4, 5, 6}, out(3);
  AddChecked(a.data(), b.data(), out.data(), 3);
  EXPECT_EQ(out, (std::vector<float>{5, 7, 9}));
  SubtractChecked(a.data(), b.data(), out.data(), 3);
  EXPECT_EQ(out, (std::vector<float>{-3, -3, -3}));
  MultiplyChecked(a.data(), b.data(), out.data(), 3);
  EXPECT_EQ(out, (std::vector<float>{4, 10, 18}));
  const float big = 3e38f, tiny = 1e-30f;
  EXPECT_EQ(MessageOf([&] { AddChecked(&big, &big, out.data(), 1); }), "value out of range: overflow");
  EXPECT_EQ(MessageOf([&] { MultiplyChecked(&tiny, &tiny, out.data(), 1); }), "value out of range: underflow");
  const float zero = 0.0f;
  EXPECT_EQ(MessageOf([&] { MultiplyChecked(&zero, &tiny, out.data(), 1); }), "(no error)");
}

TEST(VectorMath, ComparesLikeArrays) {
  const float a[] = {1, 2, 3}, b[] = {1, 2}, c[] = {2, 3, 4};
  EXPECT_EQ(CompareDense(a, 3, b, 2), 1);
  EXPECT_EQ(CompareDense(b, 2, c, 3), -1);
  EXPECT_EQ(CompareDense(c, 2, a, 3), 1);
  EXPECT_EQ(CompareDense(a, 3, a, 3), 0);
  const float pz = 0.0f, nz = -0.0f;
  EXPECT_EQ(CompareDense(&pz, 1, &nz, 1), 0);
}

TEST(VectorMath, NormalizeQuantizeNorm) {
  const float v[] = {3, 4};
  float out[2];
  EXPECT_DOUBLE_EQ(Norm(v, 2), 5.0);
  L2Normalize(v, 2, out);
  EXPECT_FLOAT_EQ(out[0], 0.6f);
  EXPECT_FLOAT_EQ(out[1], 0.8f);
  const float zeros[] = {0, 0};
  L2Normalize(zeros, 2, out);
  EXPECT_EQ(out[0], 0.0f);
  const float x[] = {1, -1, 0, 2, 0.5f, -3, 7, 1, 1, 0};
  std::uint8_t bits[2] = {0xff, 0xff};
  BinaryQuantize(x, 10, bits);
  EXPECT_EQ(bits[0], 0b10011011);
  EXPECT_EQ(bits[1], 0b10000000);
}

TEST(VectorMath, SubvectorClipsLikeSubstring) {
  auto slice = [](int dim, int start, int count) {
    const Slice s = SubvectorSlice("vector", dim, start, count);
    return std::make_pair(s.offset, s.length);
  };
  EXPECT_EQ(slice(5, 1, 3), std::make_pair(0, 3));
  EXPECT_EQ(slice(5, 3, 2), std::make_pair(2, 2));
  EXPECT_EQ(slice(5, -1, 3), std::make_pair(0, 1));
  EXPECT_EQ(slice(5, 3, 9), std::make_pair(2, 3));
  EXPECT_EQ(slice(5, 3, 2147483647), std::make_pair(2, 3));
  EXPECT_EQ(slice(5, -2147483644, 2147483647), std::make_pair(0, 2));
  for (auto [start, count] : {std::pair{1, 0}, std::pair{6, 1}, std::pair{-1, 2}, std::pair{3, -1}}) {
    EXPECT_EQ(MessageOf([&] { SubvectorSlice("vector", 5, start, count); }), "vector must have at least 1 dimension");
  }
}

TEST(VectorMath, AggregateSumsDetectOverflow) {
  double sums[2] = {1, 2};
  const float x[] = {3, 4};
  AccumulateSums(sums, x, 2);
  EXPECT_EQ(sums[0], 4);
  double huge[1] = {std::numeric_limits<double>::max()};
  const double more[1] = {std::numeric_limits<double>::max()};
  EXPECT_EQ(MessageOf([&] { CombineSums(huge, more, 1); }), "value out of range: overflow");
  EXPECT_EQ(MessageOf([&] { ThrowDifferentDimensions("vector", 2, 1); }), "different vector dimensions 2 and 1");
}

}  // namespace
}  // namespace pgvec::core
