// Chooses each kernel family's table once per process from the CPU's
// features.
//
// __builtin_cpu_supports (libgcc) checks both the CPUID bits and, through
// XGETBV, that the OS saves the YMM/ZMM state, so a kernel is never chosen on
// a machine (or VM) that would fault on its registers. F16C is not among
// GCC 12's names, so it is read from CPUID leaf 1 directly (the YMM check
// above already covers its register state).
#include <cpuid.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>

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

template <class Probe, class Table>
std::int64_t MinimumTime(Probe probe, const Table& table) noexcept {
  std::int64_t best = std::numeric_limits<std::int64_t>::max();
  for (int round = 0; round < 5; ++round) {
    const auto start = std::chrono::steady_clock::now();
    probe(table);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    best = std::min<std::int64_t>(best, std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
  }
  return best;
}

// Wider is not always faster: on CPUs that execute 512-bit instructions as
// two 256-bit halves (AMD Zen 4, for one) the AVX2 kernels match or beat
// the AVX-512 ones, and F16C conversions are cheaper at 256 bits. So when
// both run here, a short timing of the family's hot kernels at a typical
// size (1,536 dims) decides, once per process (about 0.1 ms). Every
// candidate computes the same results (tests check each against the scalar
// reference), so the choice only affects speed.
template <class Table, class Probe>
const Table& Best(const Table* (*table_for)(SimdArch) noexcept, const Table& fallback, Probe probe) noexcept {
  const Table* wide = table_for(SimdArch::kAvx512);
  const Table* narrow = table_for(SimdArch::kAvx2);
  if (wide == nullptr) return narrow != nullptr ? *narrow : fallback;
  if (narrow == nullptr) return *wide;
  return MinimumTime(probe, *wide) <= MinimumTime(probe, *narrow) ? *wide : *narrow;
}

// Inputs of the timing probes: fixed, arbitrary, aligned like datum payloads.
struct ProbeData {
  float a[1536], b[1536];
  std::uint16_t ha[1536], hb[1536];
  std::uint8_t bits_a[192], bits_b[192];
  ProbeData() noexcept {
    for (int i = 0; i < 1536; ++i) {
      a[i] = static_cast<float>((i * 37) % 101) * 0.01f - 0.5f;
      b[i] = static_cast<float>((i * 53) % 97) * 0.01f - 0.5f;
      ha[i] = static_cast<std::uint16_t>(0x3000 + (i * 37) % 1000);
      hb[i] = static_cast<std::uint16_t>(0x3000 + (i * 53) % 1000);
    }
    for (int i = 0; i < 192; ++i) {
      bits_a[i] = static_cast<std::uint8_t>(i * 29);
      bits_b[i] = static_cast<std::uint8_t>(i * 71);
    }
  }
};

const ProbeData& Probes() noexcept {
  static const ProbeData data;
  return data;
}

volatile float probe_sink;  // keeps the probes' results alive

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
  static const FloatKernels& best = Best(FloatKernelsFor, detail::kScalarFloatKernels, [](const FloatKernels& k) {
    const ProbeData& p = Probes();
    float sum = 0;
    for (int i = 0; i < 40; ++i) {
      sum += k.l2_squared(p.a, p.b, 1536) + k.inner_product(p.a, p.b, 1536) + k.cosine_terms(p.a, p.b, 1536).dot;
    }
    probe_sink = sum;
  });
  return best;
}

const HalfKernels& ActiveHalfKernels() noexcept {
  static const HalfKernels& best = Best(HalfKernelsFor, detail::kScalarHalfKernels, [](const HalfKernels& k) {
    const ProbeData& p = Probes();
    float sum = 0;
    for (int i = 0; i < 40; ++i) {
      sum += k.l2_squared(p.ha, p.hb, 1536) + k.inner_product(p.ha, p.hb, 1536) + k.cosine_terms(p.ha, p.hb, 1536).dot;
    }
    probe_sink = sum;
  });
  return best;
}

const BitKernels& ActiveBitKernels() noexcept {
  static const BitKernels& best = Best(BitKernelsFor, detail::kScalarBitKernels, [](const BitKernels& k) {
    const ProbeData& p = Probes();
    std::uint64_t sum = 0;
    for (int i = 0; i < 200; ++i) sum += k.hamming(p.bits_a, p.bits_b, 192) + k.jaccard_counts(p.bits_a, p.bits_b, 192).both;
    probe_sink = static_cast<float>(sum);
  });
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
