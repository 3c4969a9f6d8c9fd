// User-visible limits of the types (pgvector-surface.md section 1).
#pragma once

namespace pgvec::core {

inline constexpr int kVectorMaxDim = 16000;
inline constexpr int kHalfvecMaxDim = 16000;
inline constexpr int kSparsevecMaxDim = 1000000000;
inline constexpr int kSparsevecMaxNnz = 16000;

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
