// The halfvec type's value operations: text and binary codecs, checked
// narrowing, and element-wise arithmetic computed in float and rounded to
// half, with pgvector's messages ("halfvec" in every type-specific text).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pgvec/core/error.hpp"
#include "pgvec/core/half.hpp"
#include "pgvec/core/vector_binary.hpp"
#include "pgvec/core/vector_text.hpp"

namespace pgvec::core {

inline constexpr std::string_view kHalfvecTypeName = "halfvec";

// float -> half for values that must fit: a finite float that rounds to
// infinity is '"<shortest float text>" is out of range for type halfvec'.
Half FloatToHalfChecked(float value);

// Parses '[...]' into halves; out must hold max_dim elements. Range errors
// quote the exact input token, as pgvector's halfvec_in does.
int ParseHalfText(const char* literal, int max_dim, Half* out);

// Text form: each half widened to float and printed shortest, like vector.
std::size_t FormatHalfText(const Half* values, std::size_t n, char* out) noexcept;

// Binary form: uint16 dim, uint16 unused, dim x raw binary16 bits (big-endian).
template <class Allocate>
Half* ReadHalfBinary(BinaryReader& reader, int max_dim, int typmod, Allocate&& allocate, int* dim_out) {
  const int dim = reader.ReadUint16();
  const int unused = reader.ReadUint16();
  CheckDimensions(kHalfvecTypeName, dim, max_dim);
  CheckTypmod(typmod, dim);
  if (unused != 0) ThrowUnusedNotZero(unused);
  Half* values = allocate(dim);
  for (int i = 0; i < dim; ++i) {
    values[i] = reader.ReadUint16();
    if (HalfIsNan(values[i]) || HalfIsInf(values[i])) ThrowNotFinite(kHalfvecTypeName, HalfToFloat(values[i]));
  }
  *dim_out = dim;
  return values;
}
inline std::size_t HalfBinarySize(std::size_t dim) noexcept { return 4 + 2 * dim; }
std::uint8_t* WriteHalfBinary(const Half* values, int dim, std::uint8_t* out) noexcept;

// Element-wise arithmetic in float, rounded to half; an infinite result is
// "value out of range: overflow", a zero product of non-zero halves
// "value out of range: underflow".
void HalfAddChecked(const Half* a, const Half* b, Half* out, std::size_t n);
void HalfSubtractChecked(const Half* a, const Half* b, Half* out, std::size_t n);
void HalfMultiplyChecked(const Half* a, const Half* b, Half* out, std::size_t n);

int CompareHalf(const Half* a, int a_dim, const Half* b, int b_dim) noexcept;

double HalfNorm(const Half* x, std::size_t n) noexcept;
void HalfL2Normalize(const Half* x, std::size_t n, Half* out);
void HalfBinaryQuantize(const Half* x, std::size_t n, std::uint8_t* out) noexcept;
void AccumulateHalfSums(double* sums, const Half* x, std::size_t n);

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
