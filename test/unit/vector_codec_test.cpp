// Text and binary codecs of the dense `vector` type: round trips and every
// rejection of the spec, with pgvector's exact messages and codes.
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pgvec/core/limits.hpp"
#include "pgvec/core/vector_binary.hpp"
#include "pgvec/core/vector_text.hpp"

namespace pgvec::core {
namespace {

std::vector<float> Parse(const std::string& text) {
  std::vector<float> out(kVectorMaxDim);
  const int dim = ParseDenseText(text.c_str(), "vector", kVectorMaxDim,
                                 [&](int i, float v, const char*, const char*) { out[i] = v; });
  out.resize(dim);
  return out;
}

std::string Format(const std::vector<float>& v) {
  std::string buf(DenseTextCapacity(v.size()), '\0');
  buf.resize(FormatDenseText(v.data(), v.size(), buf.data()));
  return buf;
}

struct Rejection {
  std::string input;
  ErrorCode code;
  std::string message;
  std::string detail;
};

void ExpectRejected(const Rejection& r) {
  try {
    Parse(r.input);
    ADD_FAILURE() << "accepted: " << r.input;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), r.code) << r.input;
    EXPECT_EQ(std::string(e.what()), r.message) << r.input;
    EXPECT_EQ(e.detail(), r.detail) << r.input;
  }
}

TEST(VectorText, ParsesAndFormats) {
  EXPECT_EQ(Format(Parse("[1,2,3]")), "[1,2,3]");
  EXPECT_EQ(Format(Parse(" [ 1,  2 ,    3  ] ")), "[1,2,3]");
  EXPECT_EQ(Format(Parse("[1.,2.,3.]")), "[1,2,3]");
  EXPECT_EQ(Format(Parse("[-0,1.23456,1.5e38]")), "[-0,1.23456,1.5e+38]");
  EXPECT_EQ(Format(Parse("\t\n[\r1\v,\f2]\n")), "[1,2]");
  EXPECT_EQ(Format(Parse("[1e-46,1]")), "[0,1]");
  EXPECT_EQ(Format(Parse("[-1e-46,1]")), "[-0,1]");
  EXPECT_EQ(Format(Parse("[0x10,1e2]")), "[16,100]");
}

TEST(VectorText, AcceptsTheMaximumDimensions) {
  std::string text = "[";
  for (int i = 0; i < kVectorMaxDim; ++i) text += (i ? ",1" : "1");
  text += "]";
  EXPECT_EQ(Parse(text).size(), static_cast<std::size_t>(kVectorMaxDim));
  ExpectRejected({text.substr(0, text.size() - 1) + ",1]", ErrorCode::kProgramLimitExceeded,
                  "vector cannot have more than 16000 dimensions", ""});
}

TEST(VectorText, RejectsEveryMalformedLiteral) {
  const std::string start_detail = "Vector contents must start with \"[\".";
  ExpectRejected({"", ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type vector: \"\"", start_detail});
  ExpectRejected({"1,2,3", ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type vector: \"1,2,3\"", start_detail});
  ExpectRejected({"[]", ErrorCode::kDataException, "vector must have at least 1 dimension", ""});
  ExpectRejected({"[ ]", ErrorCode::kDataException, "vector must have at least 1 dimension", ""});
  for (const char* bad : {"[1,2,3", "[", "[ ", "[,", "[,]", "[1,]", "[1a]", "[1,,3]", "[1, ,3]", "[hello,1]", "[1 2]"}) {
    ExpectRejected({bad, ErrorCode::kInvalidTextRepresentation,
                    std::string("invalid input syntax for type vector: \"") + bad + "\"", ""});
  }
  ExpectRejected({"[1,2,3]9", ErrorCode::kInvalidTextRepresentation,
                  "invalid input syntax for type vector: \"[1,2,3]9\"", "Junk after closing right brace."});
  ExpectRejected({"[4e38,1]", ErrorCode::kNumericValueOutOfRange, "\"4e38\" is out of range for type vector", ""});
  ExpectRejected({"[1,-4e38]", ErrorCode::kNumericValueOutOfRange, "\"-4e38\" is out of range for type vector", ""});
  ExpectRejected({"[NaN,1]", ErrorCode::kDataException, "NaN not allowed in vector", ""});
  ExpectRejected({"[Infinity,1]", ErrorCode::kDataException, "infinite value not allowed in vector", ""});
  ExpectRejected({"[-inf,1]", ErrorCode::kDataException, "infinite value not allowed in vector", ""});
}

TEST(VectorText, NeverModifiesItsInput) {
  const std::string original = "[1, 2, 3] ";
  std::string copy = original;
  Parse(copy);
  EXPECT_EQ(copy, original);
}

TEST(VectorTypmod, ChecksModifiersAndDimensions) {
  const int one = 3, zero = 0, big = 16001, two[2] = {3, 2};
  EXPECT_EQ(CheckTypmodModifiers("vector", &one, 1, kVectorMaxDim), 3);
  EXPECT_THROW(CheckTypmodModifiers("vector", two, 2, kVectorMaxDim), Error);
  try {
    CheckTypmodModifiers("vector", &zero, 1, kVectorMaxDim);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "dimensions for type vector must be at least 1");
    EXPECT_EQ(e.code(), ErrorCode::kInvalidParameterValue);
  }
  try {
    CheckTypmodModifiers("vector", &big, 1, kVectorMaxDim);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "dimensions for type vector cannot exceed 16000");
  }
  EXPECT_NO_THROW(CheckTypmod(-1, 5));
  EXPECT_NO_THROW(CheckTypmod(5, 5));
  try {
    CheckTypmod(3, 2);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "expected 3 dimensions, not 2");
    EXPECT_EQ(e.code(), ErrorCode::kDataException);
  }
}

std::vector<std::uint8_t> Encode(const std::vector<float>& v) {
  std::vector<std::uint8_t> out(DenseBinarySize(v.size()));
  WriteDenseBinary(v.data(), static_cast<int>(v.size()), out.data());
  return out;
}

std::vector<float> Decode(const std::vector<std::uint8_t>& bytes, int typmod = -1, std::size_t* consumed = nullptr) {
  BinaryReader reader(bytes.data(), bytes.size());
  std::vector<float> storage;
  int dim = 0;
  ReadDenseBinary(reader, "vector", kVectorMaxDim, typmod,
                  [&](int n) {
                    storage.resize(static_cast<std::size_t>(n));
                    return storage.data();
                  },
                  &dim);
  if (consumed != nullptr) *consumed = reader.consumed();
  return storage;
}

TEST(VectorBinary, UsesPgvectorsBigEndianLayout) {
  const auto bytes = Encode({1.0f, -2.0f});
  const std::vector<std::uint8_t> expected = {0x00, 0x02, 0x00, 0x00, 0x3f, 0x80, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00};
  EXPECT_EQ(bytes, expected);
}

TEST(VectorBinary, RoundTripsBitExactly) {
  std::vector<float> v = {0.0f, -0.0f, 1.5e-45f, 3.4028235e38f, -1.17549435e-38f, 0.1f};
  std::size_t consumed = 0;
  const auto back = Decode(Encode(v), -1, &consumed);
  ASSERT_EQ(back.size(), v.size());
  EXPECT_EQ(std::memcmp(back.data(), v.data(), v.size() * sizeof(float)), 0);
  EXPECT_EQ(consumed, DenseBinarySize(v.size()));
}

void ExpectBinaryRejected(const std::vector<std::uint8_t>& bytes, int typmod, ErrorCode code, const std::string& message) {
  try {
    Decode(bytes, typmod);
    ADD_FAILURE() << message;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code);
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(VectorBinary, RejectsEveryBadMessage) {
  ExpectBinaryRejected({0x00, 0x00, 0x00, 0x00}, -1, ErrorCode::kDataException, "vector must have at least 1 dimension");
  ExpectBinaryRejected({0x3e, 0x81, 0x00, 0x00}, -1, ErrorCode::kProgramLimitExceeded,
                       "vector cannot have more than 16000 dimensions");
  ExpectBinaryRejected(Encode({1, 2}), 3, ErrorCode::kDataException, "expected 3 dimensions, not 2");
  auto unused = Encode({1});
  unused[3] = 7;
  ExpectBinaryRejected(unused, -1, ErrorCode::kDataException, "expected unused to be 0, not 7");
  ExpectBinaryRejected({0x00, 0x01, 0x00, 0x00, 0x7f, 0xc0, 0x00, 0x00}, -1, ErrorCode::kDataException,
                       "NaN not allowed in vector");
  ExpectBinaryRejected({0x00, 0x01, 0x00, 0x00, 0xff, 0x80, 0x00, 0x00}, -1, ErrorCode::kDataException,
                       "infinite value not allowed in vector");
  ExpectBinaryRejected({0x00, 0x02, 0x00, 0x00, 0x3f, 0x80, 0x00, 0x00}, -1, ErrorCode::kProtocolViolation,
                       "insufficient data left in message");
  ExpectBinaryRejected({0x00}, -1, ErrorCode::kProtocolViolation, "insufficient data left in message");
}

}  // namespace
}  // namespace pgvec::core
