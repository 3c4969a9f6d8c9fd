// The one way glue code includes PostgreSQL. Include every C++ / xsimd /
// Eigen / core header *before* this file: PostgreSQL's port.h redefines
// snprintf & co and c.h defines Max/Min, which break later C++ headers
// (toolchain.md section 3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <type_traits>
#include <utility>

// PostgreSQL 15 leaves PGDLLEXPORT empty on ELF; the module is built with
// -fvisibility=hidden, so exported symbols must say so explicitly.
#ifndef PGDLLEXPORT
#define PGDLLEXPORT __attribute__((visibility("default")))
#endif

extern "C" {
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"
}

namespace pgvec::pg::detail {
template <typename A, typename B>
constexpr bool SameType() {
  static_assert(std::is_same_v<std::remove_cv_t<std::remove_reference_t<A>>, B>,
                "AssertVariableIsOfType failed");
  return true;
}
}  // namespace pgvec::pg::detail

// PostgreSQL 15 implements these with __builtin_types_compatible_p, which
// only exists in C; ilist.h, pairingheap.h and LSN_FORMAT_ARGS use them.
#undef AssertVariableIsOfType
#undef AssertVariableIsOfTypeMacro
#define AssertVariableIsOfType(varname, typename) \
  static_assert(::pgvec::pg::detail::SameType<decltype(varname), typename>())
#define AssertVariableIsOfTypeMacro(varname, typename) \
  ((void)::pgvec::pg::detail::SameType<decltype(varname), typename>())

// Declares and defines a version-1 SQL-callable function with C linkage.
#define PGVEC_FUNCTION(name)                  \
  extern "C" {                                \
  PGDLLEXPORT Datum name(PG_FUNCTION_ARGS);   \
  PG_FUNCTION_INFO_V1(name);                  \
  }                                           \
  extern "C" Datum name([[maybe_unused]] FunctionCallInfo fcinfo)
