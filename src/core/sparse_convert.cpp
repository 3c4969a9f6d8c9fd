// Conversions between `sparsevec` and the dense types (vector, halfvec).
#include <algorithm>
#include <cmath>
#include <string>

#include "pgvec/core/float_text.hpp"
#include "pgvec/core/sparse_vector.hpp"

namespace pgvec::core {
namespace {

inline bool IsZero(float x) noexcept { return x == 0.0f; }
inline bool IsZero(Half x) noexcept { return HalfIsZero(x); }
inline float Widen(float x) noexcept { return x; }
inline float Widen(Half x) noexcept { return HalfToFloat(x); }

template <class T>
int CountNonZeroOf(const T* x, int dim) noexcept {
  int nnz = 0;
  for (int i = 0; i < dim; ++i) nnz += !IsZero(x[i]);
  return nnz;
}

template <class T>
void StoreNonZeroOf(const T* x, int dim, SparseStorage out) noexcept {
  int j = 0;
  for (int i = 0; i < dim; ++i) {
    if (IsZero(x[i])) continue;
    out.indices[j] = i;
    out.values[j] = Widen(x[i]);
    ++j;
  }
}

}  // namespace

int CountNonZero(const float* x, int dim) noexcept { return CountNonZeroOf(x, dim); }
int CountNonZero(const Half* x, int dim) noexcept { return CountNonZeroOf(x, dim); }

void DenseToSparse(const float* x, int dim, SparseStorage out) noexcept { StoreNonZeroOf(x, dim, out); }
void DenseToSparse(const Half* x, int dim, SparseStorage out) noexcept { StoreNonZeroOf(x, dim, out); }

void SparseToDense(const SparseView& v, float* out) noexcept {
  std::fill(out, out + v.dim, 0.0f);
  for (int i = 0; i < v.nnz; ++i) out[v.indices[i]] = v.values[i];
}

void SparseToDense(const SparseView& v, Half* out) {
  std::fill(out, out + v.dim, Half{0});
  for (int i = 0; i < v.nnz; ++i) {
    const float x = v.values[i];
    const Half h = FloatToHalf(x);
    if (HalfIsInf(h) && !std::isinf(x)) {
      // The message quotes the float as PostgreSQL prints a real.
      char text[kFloatShortestMaxLen];
      const std::size_t length = FormatFloatShortest(x, text);
      throw Error(ErrorCode::kNumericValueOutOfRange,
                  "\"" + std::string(text, length) + "\" is out of range for type halfvec");
    }
    out[v.indices[i]] = h;
  }
}

}  // namespace pgvec::core
