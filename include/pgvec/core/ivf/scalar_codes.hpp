// 8-bit scalar codes of float32 vectors, and rigorous lower bounds on the
// exact (float32 kernel) distance from the code-based one.
//
// The ivfflat scan reads the code of every row in the probed lists - a
// quarter of the bytes of the values - and gives each row a lower bound on
// its exact distance; it computes the exact distance only of the rows whose
// bound does not rule them out, so it returns rows in exactly the order of
// the float32 distances.
//
// Codes. Dimension i maps [offset_i, offset_i + 255 scale_i] (the range of
// the build's sample in that dimension) onto 0..255, rounding to nearest and
// clamping values outside: x_i ~ offset_i + scale_i c_i =: xc_i. Each row
// keeps e_x = |x - xc| (so clamped values only widen its own bound), |x| and
// |c|, all rounded up.
//
// Bounds, with eps = 4 (n + 8) 2^-24 the kernels' relative rounding bound
// (a float sum of n terms, each with a few roundings):
//   L2   The query is mapped the same way, unrounded: q'_i = (q_i - o_i) / s_i
//        in float, whose image qc_i = o_i + s_i q'_i differs from q by e_q.
//        The kernel sums s_i^2 (q'_i - c_i)^2 = |qc - xc|^2 within a factor
//        (1 +- eps), and |q - x| >= |qc - xc| - e_q - e_x.
//   IP   q.x = sum q_i o_i + sum (q_i s_i) c_i + q.(x - xc): the first sum is
//        taken in double once per query, the second by the kernel with the
//        products p_i = q_i s_i rounded to float (within (eps + 2u) |p||c|),
//        the third is at most |q| e_x.
// Both finally allow for the float32 kernel's own rounding of the exact key,
// and for results in the subnormal range, where rounding is absolute (up to
// 2^-150 per operation) rather than relative; scales are kept >= 2^-60 so
// their squares stay normal. Non-finite inputs give -infinity: such rows
// are always re-ranked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pgvec/core/ivf/kmeans.hpp"

namespace pgvec::core::ivf {

struct CodeStats {
  float error;      // |x - xc|, rounded up (+inf when not finite)
  float norm;       // |x|, rounded up
  float code_norm;  // |c| (codes as integers), rounded up
};

// Per-dimension offset and scale from the sample rows (float kind): the
// minimum and 1/255 of the range of each dimension, over the rows scaled to
// unit length when `normalize` (cosine, whose stored values are unit
// vectors); rows of zero norm are skipped then. With no usable row, every
// dimension maps [-1, 1].
void FitScalarCodes(const VectorRows& samples, bool normalize, float* offset, float* scale);

CodeStats EncodeScalar(const float* x, const float* offset, const float* scale, std::size_t n,
                       std::uint8_t* code) noexcept;

// What a query needs to bound every row against it.
struct ScalarQuery {
  std::vector<float> mapped;   // L2: (q_i - o_i) / s_i
  std::vector<float> weights;  // L2: s_i^2
  std::vector<float> scaled;   // IP: q_i s_i
  double mapping_error = 0;    // L2: |q - qc|, rounded up
  double base = 0;             // IP: sum q_i o_i
  double base_error = 0;       // IP: bound on the rounding of base
  double scaled_norm = 0;      // IP: |scaled|, rounded up
  double norm = 0;             // |q|, rounded up
};
void PrepareScalarQuery(const float* q, const float* offset, const float* scale, std::size_t n, ScalarQuery& out);

// Lower bound on the float32 kernel's squared L2 distance, from the
// u8_weighted_l2 kernel's value for the query and the row's code.
float ScalarLowerBoundL2Squared(float kernel_value, const ScalarQuery& q, const CodeStats& row, std::size_t n) noexcept;

// Lower bound on the float32 kernel's negative inner product, from the
// u8_dot kernel's value (query.scaled against the row's code).
float ScalarLowerBoundNegativeInnerProduct(float kernel_dot, const ScalarQuery& q, const CodeStats& row,
                                           std::size_t n) noexcept;

}  // namespace pgvec::core::ivf

#include "pgvec/core/no_postgres.hpp"
