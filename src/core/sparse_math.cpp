// Distances, norm, normalization and ordering of `sparsevec`.
//
// The distances walk both index lists at once, like the merge step of merge
// sort. Each sum visits the union of the two index sets in ascending order and
// accumulates in float -- the order and precision of pgvector's loops -- so
// the results agree with pgvector (and with the dense functions, for small
// integers) to the last bit.
#include <climits>
#include <cmath>

#include "pgvec/core/sparse_vector.hpp"
#include "pgvec/core/vector_math.hpp"

namespace pgvec::core {
namespace {

// Calls both(x, y) where both vectors store an element, only_a(x) and
// only_b(y) where one does, in ascending index order.
template <class Both, class OnlyA, class OnlyB>
inline void MergeWalk(const SparseView& a, const SparseView& b, Both&& both, OnlyA&& only_a,
                      OnlyB&& only_b) noexcept {
  int i = 0;
  int j = 0;
  while (i < a.nnz && j < b.nnz) {
    const std::int32_t ai = a.indices[i];
    const std::int32_t bj = b.indices[j];
    if (ai == bj) {
      both(a.values[i++], b.values[j++]);
    } else if (ai < bj) {
      only_a(a.values[i++]);
    } else {
      only_b(b.values[j++]);
    }
  }
  for (; i < a.nnz; ++i) only_a(a.values[i]);
  for (; j < b.nnz; ++j) only_b(b.values[j]);
}

}  // namespace

float SparseL2Squared(const SparseView& a, const SparseView& b) noexcept {
  float sum = 0.0f;
  const auto square = [&](float x) { sum += x * x; };
  MergeWalk(
      a, b,
      [&](float x, float y) {
        const float d = x - y;
        sum += d * d;
      },
      square, square);
  return sum;
}

float SparseInnerProduct(const SparseView& a, const SparseView& b) noexcept {
  // Only shared indices contribute; a two-pointer scan that skips the rest.
  float sum = 0.0f;
  int i = 0;
  int j = 0;
  while (i < a.nnz && j < b.nnz) {
    const std::int32_t ai = a.indices[i];
    const std::int32_t bj = b.indices[j];
    if (ai == bj) {
      sum += a.values[i++] * b.values[j++];
    } else if (ai < bj) {
      ++i;
    } else {
      ++j;
    }
  }
  return sum;
}

CosineTerms SparseCosineTerms(const SparseView& a, const SparseView& b) noexcept {
  // The norms only need each vector's own values, which are contiguous: the
  // dispatched dense kernel does them (pgvector lets its compiler vectorise
  // these two loops too).
  const FloatKernels& k = ActiveFloatKernels();
  return CosineTerms{SparseInnerProduct(a, b), k.inner_product(a.values, a.values, static_cast<std::size_t>(a.nnz)),
                     k.inner_product(b.values, b.values, static_cast<std::size_t>(b.nnz))};
}

float SparseL1(const SparseView& a, const SparseView& b) noexcept {
  float sum = 0.0f;
  const auto magnitude = [&](float x) { sum += std::fabs(x); };
  MergeWalk(a, b, [&](float x, float y) { sum += std::fabs(x - y); }, magnitude, magnitude);
  return sum;
}

double SparseNorm(const SparseView& v) noexcept { return Norm(v.values, static_cast<std::size_t>(v.nnz)); }

int SparseL2Normalize(const SparseView& v, SparseStorage out) {
  const double norm = SparseNorm(v);
  if (!(norm > 0)) {
    // Only the empty vector has a zero norm (stored values are non-zero).
    for (int i = 0; i < v.nnz; ++i) {
      out.indices[i] = v.indices[i];
      out.values[i] = v.values[i];
    }
    return v.nnz;
  }
  int kept = 0;
  for (int i = 0; i < v.nnz; ++i) {
    const auto x = static_cast<float>(v.values[i] / norm);
    if (std::isinf(x)) ThrowFloatOverflow();
    // A tiny element next to a huge one underflows to zero; a sparse vector
    // must not store it ('{1:3e38,2:1e-37}/2' normalizes to '{1:1}/2').
    if (x == 0.0f) continue;
    out.indices[kept] = v.indices[i];
    out.values[kept] = x;
    ++kept;
  }
  return kept;
}

int CompareSparse(const SparseView& a, const SparseView& b) noexcept {
  // Visit the positions where either vector stores an element, in order,
  // while they are inside both vectors; everywhere else both are zero.
  // Past the shorter dim, only the dims decide (array-like prefix rule).
  const int common_dim = a.dim < b.dim ? a.dim : b.dim;
  int i = 0;
  int j = 0;
  for (;;) {
    const std::int32_t ai = i < a.nnz ? a.indices[i] : INT_MAX;
    const std::int32_t bj = j < b.nnz ? b.indices[j] : INT_MAX;
    const std::int32_t position = ai < bj ? ai : bj;
    if (position >= common_dim) break;
    const float x = ai == position ? a.values[i++] : 0.0f;
    const float y = bj == position ? b.values[j++] : 0.0f;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  if (a.dim < b.dim) return -1;
  if (a.dim > b.dim) return 1;
  return 0;
}

}  // namespace pgvec::core
