// The sparse type `sparsevec`: text and binary codecs with every rejection
// of the spec (pgvector's exact messages and codes), and the merge-based
// distances, norm, normalization and ordering checked against dense
// computations on random sparse data.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/half.hpp"
#include "pgvec/core/kernels.hpp"
#include "pgvec/core/limits.hpp"
#include "pgvec/core/sparse_vector.hpp"
#include "pgvec/core/vector_binary.hpp"
#include "pgvec/core/vector_math.hpp"

namespace pgvec::core {
namespace {

// An owning sparse vector for tests.
struct Sparse {
  int dim = 0;
  std::vector<std::int32_t> indices;
  std::vector<float> values;

  SparseView view() const { return SparseView{dim, static_cast<int>(indices.size()), indices.data(), values.data()}; }
  bool operator==(const Sparse&) const = default;
};

Sparse Parse(const std::string& text, int typmod = -1) {
  const int slots = SparseTextSlots(text.c_str());
  std::vector<SparseTextElement> scratch(static_cast<std::size_t>(slots));
  const SparseTextResult r = ParseSparseText(text.c_str(), typmod, scratch.data(), slots);
  Sparse s;
  s.dim = r.dim;
  for (int i = 0; i < r.nnz; ++i) {
    s.indices.push_back(scratch[static_cast<std::size_t>(i)].index);
    s.values.push_back(scratch[static_cast<std::size_t>(i)].value);
  }
  return s;
}

std::string Format(const Sparse& s) {
  std::string buf(SparseTextCapacity(static_cast<int>(s.indices.size())), '\0');
  buf.resize(FormatSparseText(s.view(), buf.data()));
  return buf;
}

std::string RoundTrip(const std::string& text) { return Format(Parse(text)); }

struct Rejection {
  std::string input;
  ErrorCode code;
  std::string message;
  std::string detail = {};
};

template <class Fn>
void ExpectError(Fn&& fn, const Rejection& r) {
  try {
    fn();
    ADD_FAILURE() << "accepted: " << r.input;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), r.code) << r.input;
    EXPECT_EQ(std::string(e.what()), r.message) << r.input;
    EXPECT_EQ(e.detail(), r.detail) << r.input;
  }
}

void ExpectRejected(const Rejection& r, int typmod = -1) {
  ExpectError([&] { Parse(r.input, typmod); }, r);
}

std::string Syntax(const std::string& input) { return "invalid input syntax for type sparsevec: \"" + input + "\""; }

// ---------------------------------------------------------------------------
// Text

TEST(SparseText, ParsesAndFormats) {
  EXPECT_EQ(RoundTrip("{1:1.5,3:2,5:3}/5"), "{1:1.5,3:2,5:3}/5");
  EXPECT_EQ(RoundTrip("{}/5"), "{}/5");
  EXPECT_EQ(RoundTrip("{ }/1"), "{}/1");
  EXPECT_EQ(RoundTrip(" { 1 : 1 , 2 :2 } / 3 "), "{1:1,2:2}/3");
  EXPECT_EQ(RoundTrip("\t\n{\r1\v:\f-1}\n/\t2\n"), "{1:-1}/2");
  EXPECT_EQ(RoundTrip("{+1:+1.5}/+2"), "{1:1.5}/2");
  EXPECT_EQ(RoundTrip("{1:1e-45,2:3.4028235e38,3:-0.1}/3"), "{1:1e-45,2:3.4028235e+38,3:-0.1}/3");
  EXPECT_EQ(RoundTrip("{1:0x10,2:1.}/2"), "{1:16,2:1}/2");
  EXPECT_EQ(RoundTrip("{1:1}/1000000000"), "{1:1}/1000000000");
  EXPECT_EQ(RoundTrip("{1000000000:-2}/1000000000"), "{1000000000:-2}/1000000000");
}

TEST(SparseText, StoresZeroBasedIndices) {
  const Sparse s = Parse("{2:5,4:6}/4");
  EXPECT_EQ(s.dim, 4);
  EXPECT_EQ(s.indices, (std::vector<std::int32_t>{1, 3}));
  EXPECT_EQ(s.values, (std::vector<float>{5, 6}));
}

TEST(SparseText, SortsPairsAndDropsZeros) {
  EXPECT_EQ(RoundTrip("{2:1,1:1}/2"), "{1:1,2:1}/2");
  EXPECT_EQ(RoundTrip("{5:5,3:3,4:4,1:1,2:2}/5"), "{1:1,2:2,3:3,4:4,5:5}/5");
  EXPECT_EQ(RoundTrip("{1:0,2:1,3:0}/3"), "{2:1}/3");
  EXPECT_EQ(RoundTrip("{1:-0,2:0.0}/3"), "{}/3");
  // zeros are dropped before duplicates are looked for
  EXPECT_EQ(RoundTrip("{1:0,1:5}/2"), "{1:5}/2");
  EXPECT_EQ(RoundTrip("{1:5,1:0}/2"), "{1:5}/2");
  // so are out-of-bounds indices with a zero value
  EXPECT_EQ(RoundTrip("{7:0}/2"), "{}/2");
}

TEST(SparseText, RejectsMalformedLiterals) {
  const std::string start = "Vector contents must start with \"{\".";
  for (const char* bad : {"", " ", "[1,2]", "1:1}/2", "x{}/1", "/1"}) {
    ExpectRejected({bad, ErrorCode::kInvalidTextRepresentation, Syntax(bad), start});
  }
  for (const char* bad : {"{:}/1", "{1:}/1", "{:1}/1", "{1a:1}/1", "{1:1a}/1", "{1,}/1", "{1:1,}/1", "{", "{ ",
                          "{:", "{,", "{}/", "{}/ ", "{}/a", "{1:1 2:2}/2", "{1 1:1}/1", "{1::1}/1", "{,}/1",
                          "{1:1,,2:2}/2", "{1:1;2:2}/2", "{a:1}/1", "{1:a}/1", "{1.5:1}/2", "{1:1", "{1:1,"}) {
    ExpectRejected({bad, ErrorCode::kInvalidTextRepresentation, Syntax(bad)});
  }
  for (const char* bad : {"{}", "{1:1}", "{} 1", "{}}/1", "{1:1}x"}) {
    ExpectRejected({bad, ErrorCode::kInvalidTextRepresentation, Syntax(bad), "Unexpected end of input."});
  }
  for (const char* bad : {"{}/1a", "{}/1 2", "{}/1/", "{1:1}/2,"}) {
    ExpectRejected({bad, ErrorCode::kInvalidTextRepresentation, Syntax(bad), "Junk after closing."});
  }
}

TEST(SparseText, RejectsValuesOutOfRange) {
  ExpectRejected({"{1:4e38}/1", ErrorCode::kNumericValueOutOfRange, "\"4e38\" is out of range for type sparsevec"});
  ExpectRejected({"{1:-4e38}/1", ErrorCode::kNumericValueOutOfRange, "\"-4e38\" is out of range for type sparsevec"});
  // underflow is an error here, unlike vector
  ExpectRejected(
      {"{1:1e-46,2:1}/2", ErrorCode::kNumericValueOutOfRange, "\"1e-46\" is out of range for type sparsevec"});
  ExpectRejected({"{1: -1e-50 }/2", ErrorCode::kNumericValueOutOfRange,
                  "\"-1e-50\" is out of range for type sparsevec"});
  ExpectRejected({"{1:NaN}/1", ErrorCode::kDataException, "NaN not allowed in sparsevec"});
  ExpectRejected({"{1:Infinity}/1", ErrorCode::kDataException, "infinite value not allowed in sparsevec"});
  ExpectRejected({"{1:-inf}/1", ErrorCode::kDataException, "infinite value not allowed in sparsevec"});
  // value errors come before a later syntax error, in text order
  ExpectRejected({"{1:nan,}/1", ErrorCode::kDataException, "NaN not allowed in sparsevec"});
}

TEST(SparseText, RejectsBadDimensionsAndIndices) {
  const auto too_few = [](const char* s) {
    return Rejection{s, ErrorCode::kDataException, "sparsevec must have at least 1 dimension"};
  };
  const auto too_many = [](const char* s) {
    return Rejection{s, ErrorCode::kProgramLimitExceeded, "sparsevec cannot have more than 1000000000 dimensions"};
  };
  ExpectRejected(too_few("{}/0"));
  ExpectRejected(too_few("{}/-1"));
  ExpectRejected(too_few("{}/-2147483648"));
  ExpectRejected(too_few("{}/-9223372036854775809"));
  ExpectRejected(too_many("{}/1000000001"));
  ExpectRejected(too_many("{}/2147483648"));
  ExpectRejected(too_many("{}/9223372036854775808"));
  ExpectRejected(too_many("{}/99999999999999999999999"));

  const auto bounds = [](const char* s) {
    return Rejection{s, ErrorCode::kDataException, "sparsevec index out of bounds"};
  };
  for (const char* bad : {"{0:1}/1", "{2:1}/1", "{-1:1}/1", "{2147483648:1}/1", "{-2147483649:1}/1",
                          "{2147483647:1}/1000000000", "{-9223372036854775809:1}/1", "{99999999999999999999:1}/2"}) {
    ExpectRejected(bounds(bad));
  }
  ExpectRejected({"{1:1,1:2}/1", ErrorCode::kDataException, "sparsevec indices must not contain duplicates"});
  ExpectRejected({"{2:1,1:1,2:3}/3", ErrorCode::kDataException, "sparsevec indices must not contain duplicates"});
  // indices are checked in sorted order: the smallest bad one reports first
  ExpectRejected(bounds("{1:1,1:2,0:1}/2"));
  ExpectRejected({"{1:1,1:2,9:1}/2", ErrorCode::kDataException, "sparsevec indices must not contain duplicates"});
  // dimensions are checked before indices
  ExpectRejected(too_few("{5:1}/0"));
}

TEST(SparseText, ChecksTypmodAfterDimensions) {
  EXPECT_EQ(Format(Parse("{1:1}/3", 3)), "{1:1}/3");
  ExpectRejected({"{1:1}/2", ErrorCode::kDataException, "expected 3 dimensions, not 2"}, 3);
  ExpectRejected({"{}/0", ErrorCode::kDataException, "sparsevec must have at least 1 dimension"}, 3);
  // typmod before indices
  ExpectRejected({"{9:1}/2", ErrorCode::kDataException, "expected 3 dimensions, not 2"}, 3);
}

TEST(SparseText, CountsCommasForTheElementLimit) {
  std::string text = "{";
  for (int i = 1; i <= kSparsevecMaxNnz; ++i) text += (i > 1 ? "," : "") + std::to_string(i) + ":1";
  const Sparse s = Parse(text + "}/16000");
  EXPECT_EQ(s.indices.size(), static_cast<std::size_t>(kSparsevecMaxNnz));
  EXPECT_EQ(SparseTextSlots((text + "}/16000").c_str()), kSparsevecMaxNnz);

  const Rejection limit{"", ErrorCode::kProgramLimitExceeded,
                        "sparsevec cannot have more than 16000 non-zero elements"};
  ExpectError([&] { SparseTextSlots((text + ",16001:1}/16001").c_str()); }, limit);
  // even zero-valued pairs and stray commas count, and the count comes first
  std::string zeros = "{";
  for (int i = 1; i <= kSparsevecMaxNnz + 1; ++i) zeros += (i > 1 ? "," : "") + std::to_string(i) + ":0";
  ExpectError([&] { SparseTextSlots((zeros + "}/16001").c_str()); }, limit);
  ExpectError([&] { SparseTextSlots(("junk" + std::string(kSparsevecMaxNnz, ',')).c_str()); }, limit);
  EXPECT_EQ(SparseTextSlots(""), 1);
  EXPECT_EQ(SparseTextSlots("{1:1,2:2}/2"), 2);
}

TEST(SparseText, RunsOutOfBufferOnlyWhenTheCallerUndersizesIt) {
  // With the slots SparseTextSlots reports the guard cannot trip; with fewer
  // it does, instead of writing past the scratch.
  std::vector<SparseTextElement> scratch(1);
  ExpectError([&] { ParseSparseText("{1:1,2:1}/2", -1, scratch.data(), 1); },
              {"", ErrorCode::kInvalidTextRepresentation, "ran out of buffer: \"{1:1,2:1}/2\""});
}

TEST(SparseText, InputIsNotModified) {
  const std::string text = " {2:1 , 1:2}/3 ";
  std::vector<char> copy(text.begin(), text.end());
  copy.push_back('\0');
  const int slots = SparseTextSlots(copy.data());
  std::vector<SparseTextElement> scratch(static_cast<std::size_t>(slots));
  ParseSparseText(copy.data(), -1, scratch.data(), slots);
  EXPECT_EQ(std::string(copy.data()), text);
}

TEST(SparseText, FormatsExtremes) {
  Sparse s;
  s.dim = kSparsevecMaxDim;
  for (int i = 0; i < 3; ++i) s.indices.push_back(kSparsevecMaxDim - 3 + i);
  s.values = {-1.17549435e-38f, -3.4028235e38f, 1.23456789e-7f};
  const std::string text = Format(s);
  EXPECT_EQ(text, "{999999998:-1.1754944e-38,999999999:-3.4028235e+38,1000000000:1.2345679e-07}/1000000000");
  EXPECT_LE(text.size() + 1, SparseTextCapacity(3));
  EXPECT_EQ(Parse(text), s);
}

// ---------------------------------------------------------------------------
// Binary

std::vector<std::uint8_t> Encode(const Sparse& s) {
  std::vector<std::uint8_t> out(SparseBinarySize(static_cast<int>(s.indices.size())));
  const std::uint8_t* end = WriteSparseBinary(s.view(), out.data());
  EXPECT_EQ(end, out.data() + out.size());
  return out;
}

Sparse Decode(const std::vector<std::uint8_t>& bytes, int typmod = -1, std::size_t* consumed = nullptr) {
  BinaryReader reader(bytes.data(), bytes.size());
  Sparse s;
  ReadSparseBinary(reader, typmod, [&](int dim, int nnz) {
    s.dim = dim;
    s.indices.resize(static_cast<std::size_t>(nnz));
    s.values.resize(static_cast<std::size_t>(nnz));
    return SparseStorage{s.indices.data(), s.values.data()};
  });
  if (consumed != nullptr) *consumed = reader.consumed();
  return s;
}

// Raw message: header words, then indices, then float bit patterns.
std::vector<std::uint8_t> Message(std::int32_t dim, std::int32_t nnz, std::int32_t unused,
                                  const std::vector<std::int32_t>& indices, const std::vector<float>& values) {
  std::vector<std::uint8_t> out(12 + 4 * indices.size() + 4 * values.size());
  std::uint8_t* p = out.data();
  p = WriteUint32(p, static_cast<std::uint32_t>(dim));
  p = WriteUint32(p, static_cast<std::uint32_t>(nnz));
  p = WriteUint32(p, static_cast<std::uint32_t>(unused));
  for (std::int32_t i : indices) p = WriteUint32(p, static_cast<std::uint32_t>(i));
  for (float v : values) p = WriteFloat4(p, v);
  return out;
}

void ExpectBinaryRejected(const std::vector<std::uint8_t>& bytes, const Rejection& r, int typmod = -1) {
  ExpectError([&] { Decode(bytes, typmod); }, r);
}

TEST(SparseBinary, LayoutIsBigEndianWithZeroBasedIndices) {
  const Sparse s = Parse("{2:1,5:-2}/6");
  const std::vector<std::uint8_t> expected = {0, 0, 0, 6, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 4,
                                              0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0};
  EXPECT_EQ(Encode(s), expected);
  std::size_t consumed = 0;
  EXPECT_EQ(Decode(expected, -1, &consumed), s);
  EXPECT_EQ(consumed, expected.size());
}

TEST(SparseBinary, RoundTripsRandomValuesBitForBit) {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    Sparse s;
    s.dim = 1 + static_cast<int>(rng() % 100000);
    const int nnz = static_cast<int>(rng() % std::min(s.dim + 1, 300));
    std::vector<std::int32_t> all;
    while (static_cast<int>(all.size()) < nnz) {
      const auto i = static_cast<std::int32_t>(rng() % static_cast<unsigned>(s.dim));
      if (std::find(all.begin(), all.end(), i) == all.end()) all.push_back(i);
    }
    std::sort(all.begin(), all.end());
    s.indices = all;
    for (int i = 0; i < nnz; ++i) {
      std::uint32_t bits;
      float v;
      do {
        bits = static_cast<std::uint32_t>(rng());
        std::memcpy(&v, &bits, sizeof v);
      } while (!std::isfinite(v) || v == 0.0f);
      s.values.push_back(v);
    }
    const Sparse back = Decode(Encode(s));
    ASSERT_EQ(back.dim, s.dim);
    ASSERT_EQ(back.indices, s.indices);
    ASSERT_EQ(std::memcmp(back.values.data(), s.values.data(), s.values.size() * sizeof(float)), 0);
    // and through text
    ASSERT_EQ(Parse(Format(s)), s);
  }
}

TEST(SparseBinary, RejectsInOrder) {
  const auto data = [](const char* m) { return Rejection{"", ErrorCode::kDataException, m}; };
  const auto limit = [](const char* m) { return Rejection{"", ErrorCode::kProgramLimitExceeded, m}; };
  ExpectBinaryRejected(Message(0, 0, 0, {}, {}), data("sparsevec must have at least 1 dimension"));
  ExpectBinaryRejected(Message(-5, 0, 0, {}, {}), data("sparsevec must have at least 1 dimension"));
  ExpectBinaryRejected(Message(1000000001, 0, 0, {}, {}),
                       limit("sparsevec cannot have more than 1000000000 dimensions"));
  ExpectBinaryRejected(Message(3, -1, 0, {}, {}), data("sparsevec cannot have negative number of elements"));
  ExpectBinaryRejected(Message(20000, 16001, 0, {}, {}),
                       limit("sparsevec cannot have more than 16000 non-zero elements"));
  ExpectBinaryRejected(Message(2, 3, 0, {}, {}), limit("sparsevec cannot have more elements than dimensions"));
  ExpectBinaryRejected(Message(2, 1, 0, {0}, {1}), data("expected 3 dimensions, not 2"), 3);
  // nnz before typmod, typmod before unused
  ExpectBinaryRejected(Message(2, 3, 0, {}, {}), limit("sparsevec cannot have more elements than dimensions"), 3);
  ExpectBinaryRejected(Message(2, 1, 7, {0}, {1}), data("expected 3 dimensions, not 2"), 3);
  ExpectBinaryRejected(Message(2, 1, 7, {0}, {1}), data("expected unused to be 0, not 7"));
  ExpectBinaryRejected(Message(2, 1, -1, {0}, {1}), data("expected unused to be 0, not -1"));
  ExpectBinaryRejected(Message(2, 1, 0, {2}, {1}), data("sparsevec index out of bounds"));
  ExpectBinaryRejected(Message(2, 1, 0, {-1}, {1}), data("sparsevec index out of bounds"));
  ExpectBinaryRejected(Message(3, 2, 0, {1, 0}, {1, 1}), data("sparsevec indices must be in ascending order"));
  ExpectBinaryRejected(Message(3, 2, 0, {1, 1}, {1, 1}), data("sparsevec indices must not contain duplicates"));
  ExpectBinaryRejected(Message(3, 2, 0, {0, 1}, {1, NAN}), data("NaN not allowed in sparsevec"));
  ExpectBinaryRejected(Message(3, 2, 0, {0, 1}, {-INFINITY, 1}), data("infinite value not allowed in sparsevec"));
  ExpectBinaryRejected(Message(3, 2, 0, {0, 1}, {1, 0}),
                       data("binary representation of sparsevec cannot contain zero values"));
  ExpectBinaryRejected(Message(3, 1, 0, {0}, {-0.0f}),
                       data("binary representation of sparsevec cannot contain zero values"));
  // all indices are read and checked before any value
  ExpectBinaryRejected(Message(3, 2, 0, {0, 0}, {0, 0}), data("sparsevec indices must not contain duplicates"));
}

TEST(SparseBinary, ShortMessages) {
  const Rejection insufficient{"", ErrorCode::kProtocolViolation, "insufficient data left in message"};
  const std::vector<std::uint8_t> full = Message(3, 2, 0, {0, 2}, {1, 2});
  for (std::size_t n = 0; n < full.size(); ++n) {
    const std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    ExpectBinaryRejected(cut, insufficient);
  }
  // header checks happen before the body is read
  ExpectBinaryRejected(Message(0, 5, 0, {}, {}), {"", ErrorCode::kDataException,
                                                  "sparsevec must have at least 1 dimension"});
  // trailing bytes are left for the caller (PostgreSQL reports them)
  std::vector<std::uint8_t> longer = full;
  longer.push_back(0);
  std::size_t consumed = 0;
  Decode(longer, -1, &consumed);
  EXPECT_EQ(consumed, full.size());
}

// ---------------------------------------------------------------------------
// Distances, norm, normalization and ordering against dense computations.

std::vector<float> Dense(const Sparse& s) {
  std::vector<float> d(static_cast<std::size_t>(s.dim));
  SparseToDense(s.view(), d.data());
  return d;
}

// A random sparse vector over `dim` with about `density` of its elements
// set; values are small integers when `integers`, else any float magnitude.
Sparse RandomSparse(std::mt19937& rng, int dim, double density, bool integers) {
  std::bernoulli_distribution keep(density);
  std::uniform_int_distribution<int> small(-9, 9);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  Sparse s;
  s.dim = dim;
  for (int i = 0; i < dim; ++i) {
    if (!keep(rng)) continue;
    float v = integers ? static_cast<float>(small(rng)) : normal(rng);
    if (v == 0.0f) v = 1.0f;
    s.indices.push_back(i);
    s.values.push_back(v);
  }
  return s;
}

// Sequential float sums over the dense expansion, skipping positions where
// both are zero (adding 0 changes nothing): the merge must visit the union
// of the indices in this order.
struct DenseSums {
  float l2 = 0, ip = 0, l1 = 0, na = 0, nb = 0;
};
DenseSums SequentialDense(const std::vector<float>& a, const std::vector<float>& b) {
  DenseSums s;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == 0.0f && b[i] == 0.0f) continue;
    const float d = a[i] - b[i];
    s.l2 += d * d;
    s.l1 += std::fabs(d);
    if (a[i] != 0.0f && b[i] != 0.0f) s.ip += a[i] * b[i];
  }
  return s;
}

TEST(SparseDistance, MatchesASequentialDenseSumExactly) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 400; ++round) {
    const int dim = 1 + static_cast<int>(rng() % 200);
    const double density_a = (rng() % 5) / 4.0;
    const double density_b = (rng() % 5) / 4.0;
    const Sparse a = RandomSparse(rng, dim, density_a, false);
    const Sparse b = RandomSparse(rng, dim, density_b, false);
    const DenseSums expected = SequentialDense(Dense(a), Dense(b));
    // Bit-exact: same operations in the same order, float accumulation.
    ASSERT_EQ(SparseL2Squared(a.view(), b.view()), expected.l2);
    ASSERT_EQ(SparseL1(a.view(), b.view()), expected.l1);
    ASSERT_EQ(SparseInnerProduct(a.view(), b.view()), expected.ip);
    ASSERT_EQ(SparseInnerProduct(a.view(), b.view()), SparseInnerProduct(b.view(), a.view()));
    ASSERT_EQ(SparseL2Squared(a.view(), b.view()), SparseL2Squared(b.view(), a.view()));
  }
}

TEST(SparseDistance, EqualsTheDenseKernelsForSmallIntegers) {
  // Exact integer arithmetic: any summation order gives the same float, so
  // sparsevec and vector distances agree to the last bit (TAP 034).
  const FloatKernels& k = ActiveFloatKernels();
  std::mt19937 rng(99);
  for (int round = 0; round < 400; ++round) {
    const int dim = 1 + static_cast<int>(rng() % 300);
    const Sparse a = RandomSparse(rng, dim, (rng() % 4) / 3.0, true);
    const Sparse b = RandomSparse(rng, dim, (rng() % 4) / 3.0, true);
    const std::vector<float> da = Dense(a), db = Dense(b);
    const auto n = static_cast<std::size_t>(dim);
    ASSERT_EQ(SparseL2Squared(a.view(), b.view()), k.l2_squared(da.data(), db.data(), n));
    ASSERT_EQ(SparseInnerProduct(a.view(), b.view()), k.inner_product(da.data(), db.data(), n));
    ASSERT_EQ(SparseL1(a.view(), b.view()), k.l1(da.data(), db.data(), n));
    const double sparse_cos = CosineDistanceFromTerms(SparseCosineTerms(a.view(), b.view()));
    const double dense_cos = CosineDistanceFromTerms(k.cosine_terms(da.data(), db.data(), n));
    if (std::isnan(dense_cos)) {
      ASSERT_TRUE(std::isnan(sparse_cos));
    } else {
      ASSERT_EQ(sparse_cos, dense_cos);
    }
    ASSERT_EQ(SparseNorm(a.view()), Norm(da.data(), n));
  }
}

TEST(SparseDistance, CloseToDoublePrecisionOnRandomFloats) {
  std::mt19937 rng(5);
  for (int round = 0; round < 200; ++round) {
    const int dim = 1 + static_cast<int>(rng() % 2000);
    const Sparse a = RandomSparse(rng, dim, 0.1, false);
    const Sparse b = RandomSparse(rng, dim, 0.1, false);
    const std::vector<float> da = Dense(a), db = Dense(b);
    double l2 = 0, ip = 0, l1 = 0, na = 0, nb = 0;
    for (int i = 0; i < dim; ++i) {
      const double x = da[static_cast<std::size_t>(i)], y = db[static_cast<std::size_t>(i)];
      l2 += (x - y) * (x - y);
      ip += x * y;
      l1 += std::fabs(x - y);
      na += x * x;
      nb += y * y;
    }
    const double tolerance = 1e-4 * (1 + l1);
    EXPECT_NEAR(SparseL2Squared(a.view(), b.view()), l2, 1e-4 * (1 + l2));
    EXPECT_NEAR(SparseInnerProduct(a.view(), b.view()), ip, tolerance * 10);
    EXPECT_NEAR(SparseL1(a.view(), b.view()), l1, tolerance);
    EXPECT_NEAR(SparseNorm(a.view()), std::sqrt(na), 1e-9 * (1 + na));
    if (na > 0 && nb > 0) {
      const double cos = 1 - std::clamp(ip / std::sqrt(na * nb), -1.0, 1.0);
      EXPECT_NEAR(CosineDistanceFromTerms(SparseCosineTerms(a.view(), b.view())), cos, 1e-5);
    }
  }
}

TEST(SparseDistance, EdgeCases) {
  const Sparse empty = Parse("{}/3");
  const Sparse a = Parse("{1:3,3:4}/3");
  EXPECT_EQ(SparseL2Squared(empty.view(), empty.view()), 0.0f);
  EXPECT_EQ(SparseL2Squared(a.view(), empty.view()), 25.0f);
  EXPECT_EQ(SparseL2Squared(empty.view(), a.view()), 25.0f);
  EXPECT_EQ(SparseL1(empty.view(), a.view()), 7.0f);
  EXPECT_EQ(SparseInnerProduct(a.view(), empty.view()), 0.0f);
  EXPECT_TRUE(std::isnan(CosineDistanceFromTerms(SparseCosineTerms(a.view(), empty.view()))));
  EXPECT_EQ(CosineDistanceFromTerms(SparseCosineTerms(a.view(), a.view())), 0.0);
  const Sparse big = Parse("{1:3e38}/1"), neg = Parse("{1:-3e38}/1");
  EXPECT_TRUE(std::isinf(SparseL2Squared(big.view(), neg.view())));
  EXPECT_TRUE(std::isinf(SparseInnerProduct(big.view(), big.view())));
  EXPECT_TRUE(std::isnan(CosineDistanceFromTerms(SparseCosineTerms(big.view(), big.view()))));
  EXPECT_EQ(SparseNorm(empty.view()), 0.0);
  EXPECT_EQ(SparseNorm(a.view()), 5.0);
  EXPECT_EQ(SparseNorm(big.view()), 3e38f);
}

Sparse Normalize(const Sparse& s) {
  Sparse out;
  out.dim = s.dim;
  out.indices.resize(s.indices.size());
  out.values.resize(s.values.size());
  const int kept = SparseL2Normalize(s.view(), SparseStorage{out.indices.data(), out.values.data()});
  out.indices.resize(static_cast<std::size_t>(kept));
  out.values.resize(static_cast<std::size_t>(kept));
  return out;
}

TEST(SparseNormalize, MatchesTheDenseNormalization) {
  std::mt19937 rng(77);
  for (int round = 0; round < 200; ++round) {
    const int dim = 1 + static_cast<int>(rng() % 500);
    const Sparse s = RandomSparse(rng, dim, 0.2, round % 2 == 0);
    const std::vector<float> d = Dense(s);
    std::vector<float> expected(d.size());
    L2Normalize(d.data(), d.size(), expected.data());
    const std::vector<float> got = Dense(Normalize(s));
    if (round % 2 == 0) {
      // integer squares sum exactly in double: the same norm, the same floats
      ASSERT_EQ(got, expected);
    } else {
      // the dense kernel's double sum also adds the zeros, in other lanes
      for (std::size_t i = 0; i < d.size(); ++i) ASSERT_FLOAT_EQ(got[i], expected[i]);
    }
  }
  EXPECT_EQ(Format(Normalize(Parse("{1:3,2:4}/2"))), "{1:0.6,2:0.8}/2");
  EXPECT_EQ(Format(Normalize(Parse("{}/2"))), "{}/2");
  // an element that underflows to zero is dropped
  EXPECT_EQ(Format(Normalize(Parse("{1:3e38,2:1e-37}/2"))), "{1:1}/2");
  EXPECT_EQ(Format(Normalize(Parse("{1:1e-37,2:3e38,3:-1e-37}/3"))), "{2:1}/3");
}

// Dense, array-like comparison of the expansions.
int DenseCompare(const Sparse& a, const Sparse& b) {
  const std::vector<float> da = Dense(a), db = Dense(b);
  return CompareDense(da.data(), a.dim, db.data(), b.dim);
}

TEST(SparseCompare, MatchesTheDenseExpansion) {
  std::mt19937 rng(2024);
  for (int round = 0; round < 3000; ++round) {
    // small dims and values so that ties and prefixes are frequent
    const Sparse a = RandomSparse(rng, 1 + static_cast<int>(rng() % 6), (rng() % 4) / 3.0, true);
    const Sparse b = RandomSparse(rng, 1 + static_cast<int>(rng() % 6), (rng() % 4) / 3.0, true);
    ASSERT_EQ(CompareSparse(a.view(), b.view()), DenseCompare(a, b)) << Format(a) << " vs " << Format(b);
    ASSERT_EQ(CompareSparse(b.view(), a.view()), -DenseCompare(a, b));
    ASSERT_EQ(CompareSparse(a.view(), a.view()), 0);
  }
  const auto cmp = [](const char* x, const char* y) { return CompareSparse(Parse(x).view(), Parse(y).view()); };
  EXPECT_EQ(cmp("{1:1}/3", "{2:1}/3"), 1);
  EXPECT_EQ(cmp("{1:-1}/3", "{2:1}/3"), -1);
  EXPECT_EQ(cmp("{}/2", "{3:1}/3"), -1);
  EXPECT_EQ(cmp("{}/3", "{3:-1}/3"), 1);
  EXPECT_EQ(cmp("{1:1}/1", "{1:1,2:-1}/2"), -1);
  EXPECT_EQ(cmp("{1:2}/2", "{1:1,2:5}/3"), 1);
  EXPECT_EQ(cmp("{}/1000000000", "{}/1000000000"), 0);
  EXPECT_EQ(cmp("{1000000000:1}/1000000000", "{}/1000000000"), 1);
}

// ---------------------------------------------------------------------------
// Conversions

TEST(SparseConvert, DenseRoundTrips) {
  const std::vector<float> x = {0, 1.5f, -0.0f, 0, -2, 0};
  EXPECT_EQ(CountNonZero(x.data(), 6), 2);
  Sparse s;
  s.dim = 6;
  s.indices.resize(2);
  s.values.resize(2);
  DenseToSparse(x.data(), 6, SparseStorage{s.indices.data(), s.values.data()});
  EXPECT_EQ(Format(s), "{2:1.5,5:-2}/6");
  const std::vector<float> back = Dense(s);
  EXPECT_EQ(back, (std::vector<float>{0, 1.5f, 0, 0, -2, 0}));
  EXPECT_FALSE(std::signbit(back[2]));  // -0 was not stored, so comes back +0
  const float nan = NAN;
  EXPECT_EQ(CountNonZero(&nan, 1), 1);  // the caller rejects it afterwards
}

TEST(SparseConvert, HalfRoundTrips) {
  const std::vector<Half> h = {FloatToHalf(0), FloatToHalf(1.5f), FloatToHalf(-0.0f), FloatToHalf(65504),
                               FloatToHalf(-6e-8f)};
  EXPECT_EQ(CountNonZero(h.data(), 5), 3);
  Sparse s;
  s.dim = 5;
  s.indices.resize(3);
  s.values.resize(3);
  DenseToSparse(h.data(), 5, SparseStorage{s.indices.data(), s.values.data()});
  EXPECT_EQ(Format(s), "{2:1.5,4:65504,5:-5.9604645e-08}/5");
  std::vector<Half> back(5, 0xffff);
  SparseToDense(s.view(), back.data());
  EXPECT_EQ(back, (std::vector<Half>{0, h[1], 0, h[3], h[4]}));

  // narrowing rounds to nearest even; tiny values become (signed) zero
  const Sparse tiny = Parse("{1:1e-8,2:-1e-8,3:1.23456,4:65519}/4");
  std::vector<Half> t(4);
  SparseToDense(tiny.view(), t.data());
  EXPECT_EQ(t[0], 0x0000);
  EXPECT_EQ(t[1], 0x8000);
  EXPECT_EQ(HalfToFloat(t[2]), 1.234375f);
  EXPECT_EQ(HalfToFloat(t[3]), 65504.0f);

  ExpectError([&] { SparseToDense(Parse("{2:65520}/2").view(), t.data()); },
              {"", ErrorCode::kNumericValueOutOfRange, "\"65520\" is out of range for type halfvec"});
  ExpectError([&] { SparseToDense(Parse("{1:-1e+38}/2").view(), t.data()); },
              {"", ErrorCode::kNumericValueOutOfRange, "\"-1e+38\" is out of range for type halfvec"});
}

TEST(SparseConvert, DamagedIndicesAreAnInternalError) {
  Sparse s;
  s.dim = 2;
  s.indices = {5};
  s.values = {1};
  std::vector<float> out(2);
  ExpectError([&] { SparseToDense(s.view(), out.data()); }, {"", ErrorCode::kInternal, "index out of bounds"});
}

TEST(SparseValidation, NnzAndIndexChecks) {
  EXPECT_NO_THROW(CheckSparseNnz(0, 1));
  EXPECT_NO_THROW(CheckSparseNnz(16000, 16000));
  ExpectError([] { CheckSparseNnz(-1, 5); },
              {"", ErrorCode::kDataException, "sparsevec cannot have negative number of elements"});
  ExpectError([] { CheckSparseNnz(16001, 20000); },
              {"", ErrorCode::kProgramLimitExceeded, "sparsevec cannot have more than 16000 non-zero elements"});
  ExpectError([] { CheckSparseNnz(6, 5); },
              {"", ErrorCode::kProgramLimitExceeded, "sparsevec cannot have more elements than dimensions"});
  EXPECT_NO_THROW(CheckSparseIndex(0, -1, 1));
  ExpectError([] { CheckSparseIndex(INT_MIN, -1, 5); },
              {"", ErrorCode::kDataException, "sparsevec index out of bounds"});
}

}  // namespace
}  // namespace pgvec::core
