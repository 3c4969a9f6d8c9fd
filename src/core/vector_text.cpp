#include "pgvec/core/vector_text.hpp"

#include <cstdio>

#include "pgvec/core/float_text.hpp"

namespace pgvec::core {

void ThrowInvalidTextSyntax(std::string_view type_name, const char* literal, std::string_view detail) {
  std::string message = "invalid input syntax for type ";
  message.append(type_name).append(": \"").append(literal).append("\"");
  throw Error(ErrorCode::kInvalidTextRepresentation, std::move(message), std::string(detail));
}

void ThrowOutOfRangeToken(std::string_view type_name, const char* begin, const char* end) {
  std::string message = "\"";
  message.append(begin, end).append("\" is out of range for type ").append(type_name);
  throw Error(ErrorCode::kNumericValueOutOfRange, std::move(message));
}

void ThrowTooFewDimensions(std::string_view type_name) {
  throw Error(ErrorCode::kDataException, std::string(type_name) + " must have at least 1 dimension");
}

void ThrowTooManyDimensions(std::string_view type_name, int max_dim) {
  throw Error(ErrorCode::kProgramLimitExceeded,
              std::string(type_name) + " cannot have more than " + std::to_string(max_dim) + " dimensions");
}

void ThrowNotFinite(std::string_view type_name, float value) {
  if (std::isnan(value)) throw Error(ErrorCode::kDataException, "NaN not allowed in " + std::string(type_name));
  throw Error(ErrorCode::kDataException, "infinite value not allowed in " + std::string(type_name));
}

void ThrowDimensionMismatch(int expected, int actual) {
  throw Error(ErrorCode::kDataException,
              "expected " + std::to_string(expected) + " dimensions, not " + std::to_string(actual));
}

std::size_t DenseTextCapacity(std::size_t n) noexcept {
  // each element plus a separator, the brackets and the terminator
  return n * (kFloatShortestMaxLen + 1) + 3;
}

std::size_t FormatDenseText(const float* values, std::size_t n, char* out) noexcept {
  char* p = out;
  *p++ = '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) *p++ = ',';
    p += FormatFloatShortest(values[i], p);
  }
  *p++ = ']';
  *p = '\0';
  return static_cast<std::size_t>(p - out);
}

}  // namespace pgvec::core

namespace pgvec::core {

int CheckTypmodModifiers(std::string_view type_name, const int* modifiers, int count, int max_dim) {
  if (count != 1) throw Error(ErrorCode::kInvalidParameterValue, "invalid type modifier");
  const int n = modifiers[0];
  if (n < 1) {
    throw Error(ErrorCode::kInvalidParameterValue,
                "dimensions for type " + std::string(type_name) + " must be at least 1");
  }
  if (n > max_dim) {
    throw Error(ErrorCode::kInvalidParameterValue, "dimensions for type " + std::string(type_name) +
                                                       " cannot exceed " + std::to_string(max_dim));
  }
  return n;
}

}  // namespace pgvec::core
