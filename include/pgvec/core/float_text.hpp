// Float text output identical to PostgreSQL's float4out (extra_float_digits
// > 0, the default since PostgreSQL 12): the shortest decimal string that
// reads back to the same float, in fixed notation when the decimal exponent
// is in [-4, 6) and as d.ddde+XX otherwise, with "-0" for negative zero.
#pragma once

#include <cstddef>

namespace pgvec::core {

// Longest output: "-1.2345678e-38" is 14 characters; keep headroom.
inline constexpr std::size_t kFloatShortestMaxLen = 16;

// Writes the text of `value` to `out` (no terminator) and returns its length.
// `out` must have room for kFloatShortestMaxLen characters.
std::size_t FormatFloatShortest(float value, char* out) noexcept;

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
