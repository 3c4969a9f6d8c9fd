// Text input and output of `sparsevec`, and the validation every sparse
// constructor shares.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <string>

#include "pgvec/core/float_text.hpp"
#include "pgvec/core/sparse_vector.hpp"
#include "pgvec/core/vector_text.hpp"

namespace pgvec::core {
namespace {

const char* SkipSpace(const char* p) noexcept {
  while (IsTextSpace(*p)) ++p;
  return p;
}

[[noreturn]] void ThrowSyntax(const char* literal, std::string_view detail = {}) {
  ThrowInvalidTextSyntax(kSparsevecName, literal, detail);
}

[[noreturn]] void ThrowTooManyElements() {
  throw Error(ErrorCode::kProgramLimitExceeded, "sparsevec cannot have more than " +
                                                    std::to_string(kSparsevecMaxNnz) + " non-zero elements");
}

// strtol's contract (base 10, optional sign, leading whitespace skipped),
// widened to 64 bits so that the clamping below behaves the same whether the
// platform's long has 32 or 64 bits.
std::int64_t ReadInteger(const char* p, const char** end) noexcept {
  char* stop = nullptr;
  const long long value = std::strtoll(p, &stop, 10);
  *end = stop;
  return value;
}

}  // namespace

void CheckSparseNnz(int nnz, int dim) {
  if (nnz < 0) throw Error(ErrorCode::kDataException, "sparsevec cannot have negative number of elements");
  if (nnz > kSparsevecMaxNnz) ThrowTooManyElements();
  if (nnz > dim) throw Error(ErrorCode::kProgramLimitExceeded, "sparsevec cannot have more elements than dimensions");
}

void CheckSparseIndex(std::int32_t index, std::int64_t previous, int dim) {
  if (index < 0 || index >= dim) throw Error(ErrorCode::kDataException, "sparsevec index out of bounds");
  // index >= 0 here, so the -1 that stands for "no previous" never trips these.
  if (index < previous) throw Error(ErrorCode::kDataException, "sparsevec indices must be in ascending order");
  if (index == previous) throw Error(ErrorCode::kDataException, "sparsevec indices must not contain duplicates");
}

int SparseTextSlots(const char* literal) {
  // Pairs are separated by commas, so a literal cannot hold more pairs than
  // commas + 1. Counting before parsing bounds the scratch buffer, and it
  // makes the limit apply to the raw text, zero-valued pairs included --
  // which is what pgvector reports, so we keep it.
  std::size_t slots = 1;
  for (const char* p = literal; *p != '\0'; ++p) slots += (*p == ',');
  if (slots > static_cast<std::size_t>(kSparsevecMaxNnz)) ThrowTooManyElements();
  return static_cast<int>(slots);
}

SparseTextResult ParseSparseText(const char* literal, int typmod, SparseTextElement* scratch, int slots) {
  const char* p = SkipSpace(literal);
  if (*p != '{') ThrowSyntax(literal, "Vector contents must start with \"{\".");
  p = SkipSpace(p + 1);

  int nnz = 0;
  if (*p == '}') {
    ++p;
  } else {
    for (;;) {
      // Cannot trip (see SparseTextSlots); kept as a guard for the buffer.
      if (nnz >= slots) {
        throw Error(ErrorCode::kInvalidTextRepresentation,
                    std::string("ran out of buffer: \"") + literal + "\"");
      }
      p = SkipSpace(p);
      // The end of input where a pair should start (as in '{1:1,'): say so
      // explicitly, as float4in does, rather than leaning on strtol.
      if (*p == '\0') ThrowSyntax(literal);

      const char* end = nullptr;
      std::int64_t index = ReadInteger(p, &end);
      if (end == p) ThrowSyntax(literal);
      // Clamp into int range so that a huge index still reports "out of
      // bounds" (and index - 1 below cannot overflow).
      index = std::clamp<std::int64_t>(index, std::int64_t{INT_MIN} + 1, INT_MAX);

      p = SkipSpace(end);
      if (*p != ':') ThrowSyntax(literal);
      p = SkipSpace(p + 1);

      char* value_end = nullptr;
      errno = 0;
      // strtof, not strtod: rounding twice (to double, then float) can differ.
      const float value = std::strtof(p, &value_end);
      if (value_end == p) ThrowSyntax(literal);
      // Unlike vector, an underflow to zero is an error: the pair would
      // silently vanish from the stored value.
      if (errno == ERANGE && (value == 0.0f || std::isinf(value))) ThrowOutOfRangeToken(kSparsevecName, p, value_end);
      CheckFiniteElement(kSparsevecName, value);
      // Zeros are not stored, and dropping them before the duplicate check
      // means '{1:0,1:5}/2' is accepted.
      if (value != 0.0f) scratch[nnz++] = SparseTextElement{static_cast<std::int32_t>(index - 1), value};

      p = SkipSpace(value_end);
      if (*p == ',') {
        ++p;
      } else if (*p == '}') {
        ++p;
        break;
      } else {
        ThrowSyntax(literal);
      }
    }
  }

  p = SkipSpace(p);
  if (*p != '/') ThrowSyntax(literal, "Unexpected end of input.");
  p = SkipSpace(p + 1);

  const char* end = nullptr;
  const std::int64_t raw_dim = ReadInteger(p, &end);
  if (end == p) ThrowSyntax(literal);
  const int dim = static_cast<int>(std::clamp<std::int64_t>(raw_dim, INT_MIN, INT_MAX));
  p = SkipSpace(end);
  if (*p != '\0') ThrowSyntax(literal, "Junk after closing.");

  CheckDimensions(kSparsevecName, dim, kSparsevecMaxDim);
  CheckTypmod(typmod, dim);

  std::sort(scratch, scratch + nnz,
            [](const SparseTextElement& x, const SparseTextElement& y) { return x.index < y.index; });
  std::int64_t previous = -1;
  for (int i = 0; i < nnz; ++i) {
    CheckSparseIndex(scratch[i].index, previous, dim);
    previous = scratch[i].index;
  }
  return SparseTextResult{dim, nnz};
}

std::size_t SparseTextCapacity(int nnz) noexcept {
  // Per element: an index of up to 11 characters, ':', a float, ','. Then
  // '{', '}', '/', a dim of up to 11 characters and the terminator.
  return static_cast<std::size_t>(nnz) * (11 + 1 + kFloatShortestMaxLen + 1) + 3 + 11 + 1;
}

std::size_t FormatSparseText(const SparseView& v, char* out) noexcept {
  char* p = out;
  *p++ = '{';
  for (int i = 0; i < v.nnz; ++i) {
    if (i > 0) *p++ = ',';
    // 1-based in text, 0-based in storage
    p = std::to_chars(p, p + 11, static_cast<std::int64_t>(v.indices[i]) + 1).ptr;
    *p++ = ':';
    p += FormatFloatShortest(v.values[i], p);
  }
  *p++ = '}';
  *p++ = '/';
  p = std::to_chars(p, p + 11, v.dim).ptr;
  *p = '\0';
  return static_cast<std::size_t>(p - out);
}

}  // namespace pgvec::core
