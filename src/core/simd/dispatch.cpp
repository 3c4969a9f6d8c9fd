// Chooses the kernel table once per process from the CPU's features.
//
// __builtin_cpu_supports (libgcc) checks both the CPUID bits and, through
// XGETBV, that the OS saves the YMM/ZMM state, so a kernel is never chosen on
// a machine (or VM) that would fault on its registers.
#include <cmath>
#include <initializer_list>

#include "pgvec/core/kernels.hpp"

namespace pgvec::core {

bool CpuSupports(SimdArch arch) noexcept {
  switch (arch) {
    case SimdArch::kScalar:
      return true;
    case SimdArch::kAvx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case SimdArch::kAvx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
             CpuSupports(SimdArch::kAvx2);
  }
  return false;
}

const char* SimdArchName(SimdArch arch) noexcept {
  switch (arch) {
    case SimdArch::kScalar: return "scalar";
    case SimdArch::kAvx2: return "avx2+fma";
    case SimdArch::kAvx512: return "avx512";
  }
  return "unknown";
}

const FloatKernels* KernelsFor(SimdArch arch) noexcept {
  if (!CpuSupports(arch)) return nullptr;
  switch (arch) {
    case SimdArch::kScalar: return &detail::kScalarFloatKernels;
    case SimdArch::kAvx2: return &detail::kAvx2FloatKernels;
    case SimdArch::kAvx512: return &detail::kAvx512FloatKernels;
  }
  return nullptr;
}

namespace {
const FloatKernels& ChooseBest() noexcept {
  __builtin_cpu_init();
  for (SimdArch arch : {SimdArch::kAvx512, SimdArch::kAvx2}) {
    if (const FloatKernels* k = KernelsFor(arch)) return *k;
  }
  return detail::kScalarFloatKernels;
}
}  // namespace

const FloatKernels& Kernels() noexcept {
  // Function-local static: initialised once, thread-safe, no static-order
  // issues when the library is loaded by dlopen.
  static const FloatKernels& best = ChooseBest();
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

}  // namespace pgvec::core
