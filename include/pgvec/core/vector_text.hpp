// Text form of the dense types (vector, halfvec): '[1,2.5,-3e-2]'.
//
// Grammar (whitespace = space, \t, \n, \r, \v, \f, PostgreSQL's scanner set):
//   ws* '[' ws* elem (ws* ',' ws* elem)* ws* ']' ws*
// An element is whatever C strtof accepts; the process runs with LC_NUMERIC=C
// (PostgreSQL sets it at startup). Underflow silently becomes +-0; overflow,
// NaN and infinities are rejected. Errors carry pgvector's exact texts.
#pragma once

#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pgvec/core/error.hpp"

namespace pgvec::core {

inline bool IsTextSpace(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Error builders shared by the dense and sparse parsers.
[[noreturn]] void ThrowInvalidTextSyntax(std::string_view type_name, const char* literal,
                                         std::string_view detail = {});
[[noreturn]] void ThrowOutOfRangeToken(std::string_view type_name, const char* begin, const char* end);
[[noreturn]] void ThrowTooFewDimensions(std::string_view type_name);
[[noreturn]] void ThrowTooManyDimensions(std::string_view type_name, int max_dim);
[[noreturn]] void ThrowNotFinite(std::string_view type_name, float value);
[[noreturn]] void ThrowDimensionMismatch(int expected, int actual);

// Rejects NaN and infinities with "<type>"-specific messages.
inline void CheckFiniteElement(std::string_view type_name, float value) {
  if (!std::isfinite(value)) ThrowNotFinite(type_name, value);
}

// Checks 1 <= dim <= max_dim.
inline void CheckDimensions(std::string_view type_name, int dim, int max_dim) {
  if (dim < 1) ThrowTooFewDimensions(type_name);
  if (dim > max_dim) ThrowTooManyDimensions(type_name, max_dim);
}

// Checks a value's dimensions against a column's typmod (-1 = any).
inline void CheckTypmod(int typmod, int dim) {
  if (typmod != -1 && typmod != dim) ThrowDimensionMismatch(typmod, dim);
}

// Parses `literal` (NUL-terminated, never modified). For each element calls
// store(index, value, token_begin, token_end) after the generic checks, so a
// type can add its own range check (halfvec) on the exact token. Returns the
// number of elements; at most max_dim are ever stored.
template <class Store>
int ParseDenseText(const char* literal, std::string_view type_name, int max_dim, Store&& store) {
  const char* p = literal;
  while (IsTextSpace(*p)) ++p;
  if (*p != '[') ThrowInvalidTextSyntax(type_name, literal, "Vector contents must start with \"[\".");
  ++p;
  while (IsTextSpace(*p)) ++p;
  if (*p == ']') ThrowTooFewDimensions(type_name);

  int dim = 0;
  for (;;) {
    if (dim == max_dim) ThrowTooManyDimensions(type_name, max_dim);
    while (IsTextSpace(*p)) ++p;
    // strtof would skip leading whitespace and accept an empty tail; reject
    // the end of input here, as float4in does.
    if (*p == '\0') ThrowInvalidTextSyntax(type_name, literal);

    char* token_end = nullptr;
    errno = 0;
    // strtof, not strtod: rounding twice (to double, then float) can differ.
    const float value = std::strtof(p, &token_end);
    if (token_end == p) ThrowInvalidTextSyntax(type_name, literal);
    if (errno == ERANGE && std::isinf(value)) ThrowOutOfRangeToken(type_name, p, token_end);
    CheckFiniteElement(type_name, value);
    store(dim, value, p, static_cast<const char*>(token_end));
    ++dim;

    p = token_end;
    while (IsTextSpace(*p)) ++p;
    if (*p == ',') {
      ++p;
    } else if (*p == ']') {
      ++p;
      break;
    } else {
      ThrowInvalidTextSyntax(type_name, literal);
    }
  }
  while (IsTextSpace(*p)) ++p;
  if (*p != '\0') ThrowInvalidTextSyntax(type_name, literal, "Junk after closing right brace.");
  return dim;
}

// Upper bound of the text length of n floats in dense form, with terminator.
std::size_t DenseTextCapacity(std::size_t n) noexcept;

// Writes '[x1,x2,...]' plus a NUL terminator to out; returns the length
// without the terminator. `out` must hold DenseTextCapacity(n) bytes.
std::size_t FormatDenseText(const float* values, std::size_t n, char* out) noexcept;

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"

namespace pgvec::core {

// Validates the modifiers of `type(n)` and returns n: exactly one modifier,
// 1 <= n <= max_dim (messages as pgvector's typmod_in functions).
int CheckTypmodModifiers(std::string_view type_name, const int* modifiers, int count, int max_dim);

}  // namespace pgvec::core
