// Errors raised by the core. The core never reports to PostgreSQL itself: it
// throws pgvec::core::Error, and the glue's fence (src/pg/fence.hpp) maps the
// ErrorCode to a SQLSTATE and raises it with ereport once the C++ stack has
// unwound.
#pragma once

#include <stdexcept>
#include <string>

namespace pgvec::core {

// One code per SQLSTATE the surface uses; the fence owns the mapping.
enum class ErrorCode {
  kInvalidTextRepresentation,  // 22P02
  kDataException,              // 22000
  kNumericValueOutOfRange,     // 22003
  kProgramLimitExceeded,       // 54000
  kInvalidParameterValue,      // 22023
  kNullValueNotAllowed,        // 22004
  kProtocolViolation,          // 08P01 (malformed binary input)
  kInternal,                   // XX000
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message, std::string detail = {})
      : std::runtime_error(std::move(message)), code_(code), detail_(std::move(detail)) {}

  ErrorCode code() const noexcept { return code_; }
  const std::string& detail() const noexcept { return detail_; }

 private:
  ErrorCode code_;
  std::string detail_;
};

// Shared messages that PostgreSQL itself uses for float arithmetic.
[[noreturn]] inline void ThrowFloatOverflow() {
  throw Error(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
}
[[noreturn]] inline void ThrowFloatUnderflow() {
  throw Error(ErrorCode::kNumericValueOutOfRange, "value out of range: underflow");
}

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
