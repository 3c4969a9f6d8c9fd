// The sparse single-precision type `sparsevec`: its text and binary codecs,
// distances computed by merging sorted index lists, ordering, normalization,
// and conversions to and from the dense types.
//
// A sparse vector has `dim` dimensions (1 .. 1e9) and stores `nnz` elements
// (0 .. 16000, never more than dim): 0-based indices in strictly ascending
// order, each with a finite, non-zero float4 value. Every other element is
// zero. The text form numbers from 1:  '{1:0.5,7:-2}/10'.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pgvec/core/error.hpp"
#include "pgvec/core/half.hpp"
#include "pgvec/core/kernels.hpp"
#include "pgvec/core/limits.hpp"
#include "pgvec/core/vector_binary.hpp"

namespace pgvec::core {

inline constexpr std::string_view kSparsevecName = "sparsevec";

// A read-only view of a sparse vector's parts (the datum owns them).
struct SparseView {
  int dim;
  int nnz;
  const std::int32_t* indices;
  const float* values;
};

// Where a producer writes indices and values; the caller sizes both arrays.
struct SparseStorage {
  std::int32_t* indices;
  float* values;
};

// ---------------------------------------------------------------------------
// Validation shared by every constructor (pgvector's messages and codes).

// 0 <= nnz <= min(16000, dim).
void CheckSparseNnz(int nnz, int dim);

// 0 <= index < dim, and index > previous. `previous` is the index stored just
// before this one, or -1 for the first.
void CheckSparseIndex(std::int32_t index, std::int64_t previous, int dim);

// ---------------------------------------------------------------------------
// Text:  ws* '{' ws* [pair (ws* ',' ws* pair)*] ws* '}' ws* '/' ws* dim ws*
// with pair = index ws* ':' ws* value. Indices and dim are read by strtol
// (base 10, sign allowed), values by strtof. Pairs may come in any order and
// are sorted; zero values are dropped before duplicates are looked for.

struct SparseTextElement {
  std::int32_t index;  // 0-based
  float value;
};

// The number of pairs `literal` can hold: its commas plus one, counted over
// the raw text before any parsing (so zero-valued pairs count too). Throws
// the non-zero-elements limit error when that exceeds 16000.
int SparseTextSlots(const char* literal);

struct SparseTextResult {
  int dim;
  int nnz;
};

// Parses `literal` (never modified) into `scratch`, which must hold
// SparseTextSlots(literal) elements, and leaves the stored elements sorted by
// index in scratch[0, nnz). Checks the dimensions against `typmod` (-1 = any).
SparseTextResult ParseSparseText(const char* literal, int typmod, SparseTextElement* scratch, int slots);

// Upper bound of the text length of a sparse vector, with terminator.
std::size_t SparseTextCapacity(int nnz) noexcept;

// Writes '{i:v,...}/dim' plus a NUL terminator; returns the length without
// it. `out` must hold SparseTextCapacity(v.nnz) bytes.
std::size_t FormatSparseText(const SparseView& v, char* out) noexcept;

// ---------------------------------------------------------------------------
// Binary send/recv, big-endian: int32 dim, int32 nnz, int32 unused (0),
// nnz x int32 index (0-based), nnz x float4 value.

struct SparseBinaryHeader {
  int dim;
  int nnz;
};

// Reads the three header words and checks, in pgvector's order: dimensions,
// nnz, typmod, unused.
SparseBinaryHeader ReadSparseBinaryHeader(BinaryReader& reader, int typmod);

// Reads and checks the indices (bounds, order, duplicates), then the values
// (finite, non-zero).
void ReadSparseBinaryBody(BinaryReader& reader, const SparseBinaryHeader& header, SparseStorage out);

// Reads a whole value: `allocate(dim, nnz)` returns the SparseStorage to fill
// (the glue hands out the parts of a freshly allocated datum).
template <class Allocate>
void ReadSparseBinary(BinaryReader& reader, int typmod, Allocate&& allocate) {
  const SparseBinaryHeader header = ReadSparseBinaryHeader(reader, typmod);
  ReadSparseBinaryBody(reader, header, allocate(header.dim, header.nnz));
}

inline std::size_t SparseBinarySize(int nnz) noexcept { return 12 + 8 * static_cast<std::size_t>(nnz); }

// Writes the binary form; `out` must hold SparseBinarySize(v.nnz) bytes.
std::uint8_t* WriteSparseBinary(const SparseView& v, std::uint8_t* out) noexcept;

// ---------------------------------------------------------------------------
// Distances. Both operands must have the same dim (the caller checks).
// Sums run in float over the union of the index lists in ascending order, as
// pgvector's merge does, so small-integer inputs give exactly the results of
// the dense `vector` functions.

float SparseL2Squared(const SparseView& a, const SparseView& b) noexcept;
float SparseInnerProduct(const SparseView& a, const SparseView& b) noexcept;
// dot by the merge, the two squared norms over each value array.
CosineTerms SparseCosineTerms(const SparseView& a, const SparseView& b) noexcept;
float SparseL1(const SparseView& a, const SparseView& b) noexcept;

// Euclidean norm, double accumulation.
double SparseNorm(const SparseView& v) noexcept;

// Writes v / |v| (division in double) into out (room for v.nnz elements) and
// returns how many elements it kept: values that underflow to zero are
// dropped, since a sparse vector never stores zeros. A zero vector stays zero.
int SparseL2Normalize(const SparseView& v, SparseStorage out);

// Orders as if both were expanded to dense vectors and compared like arrays:
// elements left to right (implicit zeros included), then the shorter is
// smaller. Equal only with the same dim and elements.
int CompareSparse(const SparseView& a, const SparseView& b) noexcept;

// ---------------------------------------------------------------------------
// Conversions.

// Non-zero elements of a dense vector (-0 counts as zero).
int CountNonZero(const float* x, int dim) noexcept;
int CountNonZero(const Half* x, int dim) noexcept;

// Stores the non-zero elements of x; out has room for CountNonZero(x, dim).
void DenseToSparse(const float* x, int dim, SparseStorage out) noexcept;
void DenseToSparse(const Half* x, int dim, SparseStorage out) noexcept;

// Expands into out[0, v.dim), zero-filled first. A stored index outside
// [0, dim) (a damaged datum) is an internal "index out of bounds" error.
void SparseToDense(const SparseView& v, float* out);

// Expands into halves, rounding to nearest even; a value beyond the half
// range is `"<value>" is out of range for type halfvec`.
void SparseToDense(const SparseView& v, Half* out);

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
