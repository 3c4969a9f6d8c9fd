// Distance kernels over float4 arrays, chosen once per process by CPU
// detection (DESIGN.md section 5).
//
// Every kernel has a scalar reference (kernels_scalar.cpp) that is the
// specification and the test oracle, and xsimd versions for AVX2+FMA and
// AVX-512 compiled in their own translation units with that architecture's
// flags. The library itself is built for baseline x86-64, so it loads on any
// CPU and still uses the widest registers of the machine it runs on.
//
// Accumulation is in float32, as pgvector does: results agree with it to the
// last bit for small integer inputs, and within a few ulps otherwise (SIMD
// changes the summation order, as pgvector's own auto-vectorised loops do).
#pragma once

#include <cstddef>

namespace pgvec::core {

enum class SimdArch { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };
inline constexpr int kSimdArchCount = 3;

// The three sums cosine distance needs, in one pass.
struct CosineTerms {
  float dot;
  float norm_a_squared;
  float norm_b_squared;
};

struct FloatKernels {
  SimdArch arch;
  const char* name;
  float (*l2_squared)(const float* a, const float* b, std::size_t n) noexcept;
  float (*inner_product)(const float* a, const float* b, std::size_t n) noexcept;
  CosineTerms (*cosine_terms)(const float* a, const float* b, std::size_t n) noexcept;
  float (*l1)(const float* a, const float* b, std::size_t n) noexcept;
  // Sum of squares accumulated in double (vector_norm, l2_normalize).
  double (*norm_squared_f64)(const float* a, std::size_t n) noexcept;
};

// The best kernels this CPU supports. Thread-safe; chosen on first use.
const FloatKernels& Kernels() noexcept;

// Kernels of one architecture, or nullptr when the CPU cannot run them.
const FloatKernels* KernelsFor(SimdArch arch) noexcept;

// True when the CPU (and the OS, for the wider register state) supports arch.
bool CpuSupports(SimdArch arch) noexcept;

const char* SimdArchName(SimdArch arch) noexcept;

// 1 - dot / sqrt(|a|^2 |b|^2), the similarity clamped to [-1, 1]; NaN when a
// norm is zero (pgvector's cosine_distance).
double CosineDistanceFromTerms(const CosineTerms& t) noexcept;

namespace detail {
// Per-architecture tables, defined in their translation units.
extern const FloatKernels kScalarFloatKernels;
extern const FloatKernels kAvx2FloatKernels;
extern const FloatKernels kAvx512FloatKernels;
}  // namespace detail

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
