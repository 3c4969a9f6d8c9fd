// Conversions between `sparsevec` and the dense types (vector, halfvec).
#include "pgvec/core/sparse_vector.hpp"

#include <algorithm>

#include "pgvec/core/half_vector.hpp"

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

// Stored indices were validated when the value was built; a damaged datum
// must still not write outside the output.
inline void CheckStoredIndex(std::int32_t index, int dim) {
  if (index < 0 || index >= dim) throw Error(ErrorCode::kInternal, "index out of bounds");
}

}  // namespace

int CountNonZero(const float* x, int dim) noexcept { return CountNonZeroOf(x, dim); }
int CountNonZero(const Half* x, int dim) noexcept { return CountNonZeroOf(x, dim); }

void DenseToSparse(const float* x, int dim, SparseStorage out) noexcept { StoreNonZeroOf(x, dim, out); }
void DenseToSparse(const Half* x, int dim, SparseStorage out) noexcept { StoreNonZeroOf(x, dim, out); }

void SparseToDense(const SparseView& v, float* out) {
  std::fill(out, out + v.dim, 0.0f);
  for (int i = 0; i < v.nnz; ++i) {
    CheckStoredIndex(v.indices[i], v.dim);
    out[v.indices[i]] = v.values[i];
  }
}

void SparseToDense(const SparseView& v, Half* out) {
  std::fill(out, out + v.dim, Half{0});
  for (int i = 0; i < v.nnz; ++i) {
    CheckStoredIndex(v.indices[i], v.dim);
    out[v.indices[i]] = FloatToHalfChecked(v.values[i]);
  }
}

}  // namespace pgvec::core
