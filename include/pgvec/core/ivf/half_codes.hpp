// Binary16 codes of float32 vectors, and rigorous lower bounds on the exact
// (float32 kernel) distance from the code-based one: the ivfflat scan reads
// the codes of every row in the probed lists - half the bytes - and computes
// the exact distance only of the rows whose bound does not rule them out, so
// it returns rows in exactly the order of the float32 distances.
//
// Bounds. Let x_h be the code of x, e_x = |x - x_h| (stored per row, rounded
// up) and |x| (stored, rounded up); the query q likewise gives q_h and e_q.
//   L2:  |q - x| >= |q_h - x_h| - e_q - e_x   (triangle inequality, twice)
//   IP:  |q.x - q_h.x_h| <= |q| e_x + e_q |x_h|,   |x_h| <= |x| + e_x
// The kernels round: a float sum of n products is within eps = 4 (n + 8)
// 2^-24 of the exact value, relatively for the squared L2 distance (a sum of
// non-negative terms) and relative to |a||b| for an inner product (Cauchy-
// Schwarz bounds the sum of |a_i b_i|). The bounds below widen by eps on
// both sides: on the code-based key they start from, and on the float32
// kernel's key they bound. Non-finite inputs (a code that overflowed
// binary16's range) give -infinity: such rows are always re-ranked.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pgvec/core/half.hpp"

namespace pgvec::core::ivf {

struct CodeStats {
  float error;  // |x - code|, rounded up (+inf when an element overflowed)
  float norm;   // |x|, rounded up
};

// code[i] = x[i] rounded to binary16 (to nearest even; overflow is +-inf).
CodeStats EncodeHalf(const float* x, std::size_t n, Half* code) noexcept;

// Relative rounding bound of the float kernels over n elements.
double KernelRelativeError(std::size_t n) noexcept;

// Lower bound on the float32 kernel's squared L2 distance between q and x,
// given the half kernel's squared L2 distance between their codes.
float LowerBoundL2Squared(float code_key, double query_error, const CodeStats& row, std::size_t n) noexcept;

// Lower bound on the float32 kernel's negative inner product of q and x,
// given the half kernel's negative inner product of their codes;
// query_norm = |q|, query_code_norm = |q_h| (both rounded up).
float LowerBoundNegativeInnerProduct(float code_key, double query_error, double query_norm, double query_code_norm,
                                     const CodeStats& row, std::size_t n) noexcept;

}  // namespace pgvec::core::ivf

#include "pgvec/core/no_postgres.hpp"
