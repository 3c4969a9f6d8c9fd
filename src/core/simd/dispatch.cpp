// Chooses each kernel family's table once per process from the CPU's
// features.
//
// __builtin_cpu_supports (libgcc) checks both the CPUID bits and, through
// XGETBV, that the OS saves the YMM/ZMM state, so a kernel is never chosen on
// a machine (or VM) that would fault on its registers. F16C is not among
// GCC 12's names, so it is read from CPUID leaf 1 directly (the YMM check
// above already covers its register state).
#include <cpuid.h>

#include <cmath>
#include <initializer_list>

#include "pgvec/core/kernels.hpp"

namespace pgvec::core {
namespace {

bool HasF16c() noexcept {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return false;
  return (ecx & bit_F16C) != 0;
}

// The AVX2 translation unit is compiled with -mavx2 -mfma -mf16c -mpopcnt, so
// every table in it requires all four (every AVX2 CPU has them).
bool HasAvx2Generation() noexcept {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
         __builtin_cpu_supports("popcnt") && HasF16c();
}

bool HasAvx512() noexcept {
  return HasAvx2Generation() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}

bool HasAvx512Popcount() noexcept { return HasAvx512() && __builtin_cpu_supports("avx512vpopcntdq"); }

template <class Table>
const Table& Best(const Table* (*table_for)(SimdArch) noexcept, const Table& fallback) noexcept {
  for (SimdArch arch : {SimdArch::kAvx512, SimdArch::kAvx2}) {
    if (const Table* t = table_for(arch)) return *t;
  }
  return fallback;
}

}  // namespace

const char* SimdArchName(SimdArch arch) noexcept {
  switch (arch) {
    case SimdArch::kScalar: return "scalar";
    case SimdArch::kAvx2: return "avx2";
    case SimdArch::kAvx512: return "avx512";
  }
  return "unknown";
}

const FloatKernels* FloatKernelsFor(SimdArch arch) noexcept {
  switch (arch) {
    case SimdArch::kScalar: return &detail::kScalarFloatKernels;
    case SimdArch::kAvx2: return HasAvx2Generation() ? &detail::kAvx2FloatKernels : nullptr;
    case SimdArch::kAvx512: return HasAvx512() ? &detail::kAvx512FloatKernels : nullptr;
  }
  return nullptr;
}

const HalfKernels* HalfKernelsFor(SimdArch arch) noexcept {
  switch (arch) {
    case SimdArch::kScalar: return &detail::kScalarHalfKernels;
    case SimdArch::kAvx2: return HasAvx2Generation() ? &detail::kAvx2HalfKernels : nullptr;
    case SimdArch::kAvx512: return HasAvx512() ? &detail::kAvx512HalfKernels : nullptr;
  }
  return nullptr;
}

const BitKernels* BitKernelsFor(SimdArch arch) noexcept {
  switch (arch) {
    case SimdArch::kScalar: return &detail::kScalarBitKernels;
    case SimdArch::kAvx2: return HasAvx2Generation() ? &detail::kPopcntBitKernels : nullptr;
    case SimdArch::kAvx512: return HasAvx512Popcount() ? &detail::kAvx512BitKernels : nullptr;
  }
  return nullptr;
}

// Function-local statics: initialised once, thread-safe, and free of
// static-initialisation-order issues when the library is dlopen'ed.
const FloatKernels& ActiveFloatKernels() noexcept {
  static const FloatKernels& best = Best(FloatKernelsFor, detail::kScalarFloatKernels);
  return best;
}

const HalfKernels& ActiveHalfKernels() noexcept {
  static const HalfKernels& best = Best(HalfKernelsFor, detail::kScalarHalfKernels);
  return best;
}

const BitKernels& ActiveBitKernels() noexcept {
  static const BitKernels& best = Best(BitKernelsFor, detail::kScalarBitKernels);
  return best;
}

double CosineDistanceFromTerms(const CosineTerms& t) noexcept {
  // sqrt(a * b) rather than sqrt(a) * sqrt(b), in double, as pgvector does.
  double similarity = static_cast<double>(t.dot) /
                      std::sqrt(static_cast<double>(t.norm_a_squared) *
                                static_cast<double>(t.norm_b_squared));
  if (similarity > 1.0) {
    similarity = 1.0;
  } else if (similarity < -1.0) {
    similarity = -1.0;
  }
  return 1.0 - similarity;
}

double SphericalDistanceFromDot(double dot) noexcept {
  if (dot > 1.0) {
    dot = 1.0;
  } else if (dot < -1.0) {
    dot = -1.0;
  }
  return std::acos(dot) / M_PI;
}

double JaccardDistanceFromCounts(const BitCounts& c) noexcept {
  if (c.both == 0) return 1.0;
  return 1.0 - static_cast<double>(c.both) / static_cast<double>(c.a_ones + c.b_ones - c.both);
}

}  // namespace pgvec::core
