#include <cstring>
#include <string>

#include "pgvec/core/error.hpp"

#include "pg/fence.hpp"

namespace pgvec::pg {
namespace {

int SqlStateOf(core::ErrorCode code) noexcept {
  switch (code) {
    case core::ErrorCode::kInvalidTextRepresentation: return ERRCODE_INVALID_TEXT_REPRESENTATION;
    case core::ErrorCode::kDataException: return ERRCODE_DATA_EXCEPTION;
    case core::ErrorCode::kNumericValueOutOfRange: return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
    case core::ErrorCode::kProgramLimitExceeded: return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
    case core::ErrorCode::kInvalidParameterValue: return ERRCODE_INVALID_PARAMETER_VALUE;
    case core::ErrorCode::kNullValueNotAllowed: return ERRCODE_NULL_VALUE_NOT_ALLOWED;
    case core::ErrorCode::kProtocolViolation: return ERRCODE_PROTOCOL_VIOLATION;
    case core::ErrorCode::kInternal: return ERRCODE_INTERNAL_ERROR;
  }
  return ERRCODE_INTERNAL_ERROR;
}

// Copies text into the current memory context without ever raising: an
// allocation failure here must not longjmp out of a catch block, so it falls
// back to a truncated copy in the pending error itself.
const char* CopyText(PendingError& pending, const char* text) noexcept {
  const std::size_t length = std::strlen(text);
  auto* copy = static_cast<char*>(
      MemoryContextAllocExtended(CurrentMemoryContext, length + 1, MCXT_ALLOC_NO_OOM));
  if (copy != nullptr) {
    std::memcpy(copy, text, length + 1);
    return copy;
  }
  strlcpy(pending.fallback, text, sizeof pending.fallback);
  return pending.fallback;
}

}  // namespace

const char* PgError::what() const noexcept {
  return data_ != nullptr && data_->message != nullptr ? data_->message : "PostgreSQL error";
}

void CapturePendingError(PendingError& pending) noexcept {
  pending.pg_error = nullptr;
  pending.sqlstate = ERRCODE_INTERNAL_ERROR;
  pending.message = nullptr;
  pending.detail = nullptr;
  pending.fallback[0] = '\0';
  try {
    throw;
  } catch (const PgError& e) {
    pending.pg_error = e.data();
  } catch (const core::Error& e) {
    pending.sqlstate = SqlStateOf(e.code());
    pending.message = CopyText(pending, e.what());
    if (!e.detail().empty()) pending.detail = CopyText(pending, e.detail().c_str());
  } catch (const std::bad_alloc&) {
    pending.sqlstate = ERRCODE_OUT_OF_MEMORY;
    pending.message = "out of memory";
  } catch (const std::exception& e) {
    pending.message = CopyText(pending, e.what());
  } catch (...) {
    pending.message = "unknown C++ exception";
  }
}

void RaisePendingError(const PendingError& pending) {
  if (pending.pg_error != nullptr) ReThrowError(pending.pg_error);
  if (pending.detail != nullptr) {
    ereport(ERROR, (errcode(pending.sqlstate), errmsg("%s", pending.message), errdetail("%s", pending.detail)));
  }
  ereport(ERROR, (errcode(pending.sqlstate), errmsg("%s", pending.message)));
  pg_unreachable();
}

}  // namespace pgvec::pg
