// Element-wise arithmetic, comparison and the small transforms of the dense
// float type, with PostgreSQL's float error semantics (an infinite result is
// "value out of range: overflow"; a zero product of non-zero inputs is
// "value out of range: underflow").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pgvec/core/error.hpp"

namespace pgvec::core {

void AddChecked(const float* a, const float* b, float* out, std::size_t n);
void SubtractChecked(const float* a, const float* b, float* out, std::size_t n);
void MultiplyChecked(const float* a, const float* b, float* out, std::size_t n);

// Array-like ordering: elements left to right, then the shorter is smaller.
int CompareDense(const float* a, int a_dim, const float* b, int b_dim) noexcept;

// Euclidean norm with double accumulation (vector_norm).
double Norm(const float* x, std::size_t n) noexcept;

// out = x / |x| (division in double); a zero vector stays zero.
void L2Normalize(const float* x, std::size_t n, float* out);

// Bit i is 1 iff x[i] > 0, packed most significant bit first (PostgreSQL's
// bit type). `out` must hold (n + 7) / 8 bytes.
void BinaryQuantize(const float* x, std::size_t n, std::uint8_t* out) noexcept;

// subvector(v, start, count) with substring-like clipping (1-based start).
struct Slice {
  int offset;  // 0-based first element
  int length;
};
Slice SubvectorSlice(std::string_view type_name, int dim, std::int32_t start, std::int32_t count);

// Running float8 sums of the avg aggregate: sums[i] += x[i], overflow-checked.
void AccumulateSums(double* sums, const float* x, std::size_t n);
void CombineSums(double* sums, const double* other, std::size_t n);

[[noreturn]] void ThrowDifferentDimensions(std::string_view type_name, int a_dim, int b_dim);

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
