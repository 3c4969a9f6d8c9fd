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
#include <cstdint>

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
  // out[2 r + c] = inner product of rows[r] and cols[c], r = 0..3, c = 0..1:
  // a 4 x 2 block of a matrix product (assigning many rows to the IVF
  // centers), each element loaded once for two or four multiply-adds.
  void (*inner_product_4x2)(const float* const rows[4], const float* const cols[2], std::size_t n,
                            float out[8]) noexcept;
  // Against 8-bit codes c (ivfflat's scalar-quantized rows):
  // sum of w[i] (q[i] - c[i])^2, and sum of q[i] c[i].
  float (*u8_weighted_l2)(const float* q, const float* w, const std::uint8_t* c, std::size_t n) noexcept;
  float (*u8_dot)(const float* q, const std::uint8_t* c, std::size_t n) noexcept;
  // 8-bit code of x: level_i = floor((x_i - offset_i) / scale_i + 1/2) in
  // float, clamped to 0..255 (NaN gives 0); sums[0..2] = in double, the sum
  // of (x_i - (offset_i + scale_i level_i))^2, of x_i^2 and of level_i^2.
  // Every table chooses the same levels; the sums differ by rounding only.
  void (*u8_encode)(const float* x, const float* offset, const float* scale, std::size_t n, std::uint8_t* code,
                    double sums[3]) noexcept;
  // Exact sum of (a[i] - b[i])^2 over two 8-bit codes (k-means seeding);
  // n <= 66,000 keeps it within 32 bits.
  std::uint32_t (*u8_l2_squared)(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) noexcept;
};

// halfvec kernels: IEEE binary16 inputs, converted to float on the fly
// (F16C / AVX-512), float32 accumulation exactly like the float kernels.
struct HalfKernels {
  SimdArch arch;
  const char* name;
  float (*l2_squared)(const std::uint16_t* a, const std::uint16_t* b, std::size_t n) noexcept;
  float (*inner_product)(const std::uint16_t* a, const std::uint16_t* b, std::size_t n) noexcept;
  CosineTerms (*cosine_terms)(const std::uint16_t* a, const std::uint16_t* b, std::size_t n) noexcept;
  float (*l1)(const std::uint16_t* a, const std::uint16_t* b, std::size_t n) noexcept;
  // Bulk conversions: exact widening, and round-to-nearest-even narrowing
  // (overflow becomes infinity; callers check).
  void (*to_float)(const std::uint16_t* in, float* out, std::size_t n) noexcept;
  void (*from_float)(const float* in, std::uint16_t* out, std::size_t n) noexcept;
};

// Population counts over packed bits (PostgreSQL's bit type).
struct BitCounts {
  std::uint64_t both;    // popcount(a & b)
  std::uint64_t a_ones;  // popcount(a)
  std::uint64_t b_ones;  // popcount(b)
};

struct BitKernels {
  SimdArch arch;
  const char* name;
  std::uint64_t (*hamming)(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) noexcept;
  BitCounts (*jaccard_counts)(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) noexcept;
};

// The best kernels of each family this CPU supports. Thread-safe; chosen on
// first use (the extension touches them in _PG_init).
const FloatKernels& ActiveFloatKernels() noexcept;
const HalfKernels& ActiveHalfKernels() noexcept;
const BitKernels& ActiveBitKernels() noexcept;

// Kernels of one architecture, or nullptr when the CPU cannot run them.
// Each family has its own requirements: AVX2 float = AVX2+FMA; AVX2 half
// also F16C; the AVX2-slot bit kernels need POPCNT and the AVX-512 ones
// VPOPCNTDQ.
const FloatKernels* FloatKernelsFor(SimdArch arch) noexcept;
const HalfKernels* HalfKernelsFor(SimdArch arch) noexcept;
const BitKernels* BitKernelsFor(SimdArch arch) noexcept;

const char* SimdArchName(SimdArch arch) noexcept;

// acos(dot) / pi with dot clamped to [-1, 1]: the angular distance of unit
// vectors, which (unlike cosine distance) satisfies the triangle inequality
// that spherical k-means relies on. Rounding can push |dot| past 1.
double SphericalDistanceFromDot(double dot) noexcept;

// Jaccard distance 1 - |a&b| / |a|b|, and 1 when no bit is shared.
double JaccardDistanceFromCounts(const BitCounts& c) noexcept;

// 1 - dot / sqrt(|a|^2 |b|^2), the similarity clamped to [-1, 1]; NaN when a
// norm is zero (pgvector's cosine_distance).
double CosineDistanceFromTerms(const CosineTerms& t) noexcept;

namespace detail {
// Per-architecture tables, defined in their translation units.
extern const FloatKernels kScalarFloatKernels;
extern const FloatKernels kAvx2FloatKernels;
extern const FloatKernels kAvx512FloatKernels;
// AVX2 code kernels shared by the AVX-512 table (their work is
// conversions and byte arithmetic, no faster in 512-bit registers on the
// double-pumped cores this runs on).
void U8EncodeAvx2(const float* x, const float* offset, const float* scale, std::size_t n, std::uint8_t* code,
                  double sums[3]) noexcept;
std::uint32_t U8L2SquaredAvx2(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) noexcept;
extern const HalfKernels kScalarHalfKernels;
extern const HalfKernels kAvx2HalfKernels;
extern const HalfKernels kAvx512HalfKernels;
extern const BitKernels kScalarBitKernels;
extern const BitKernels kPopcntBitKernels;
extern const BitKernels kAvx512BitKernels;
}  // namespace detail

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
