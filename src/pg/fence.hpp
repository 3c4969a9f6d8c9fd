// The border between C++ and PostgreSQL error handling (DESIGN.md section 3).
//
// PostgreSQL reports errors with siglongjmp, which skips C++ destructors; a
// C++ exception unwinding into PostgreSQL's C frames aborts the backend and
// sends the whole server into crash recovery. Two wrappers keep the worlds
// apart:
//
//  * Fenced(fn): every entry point whose body can throw runs through it. It
//    catches everything, copies the message out *inside* the catch, lets the
//    C++ stack finish unwinding, and only then raises with ereport. A core
//    error keeps its SQLSTATE; a PostgreSQL error caught on the way up by
//    PgCall is re-raised as itself, so a query cancel stays a cancel.
//
//  * PgCall(fn): a PostgreSQL call made while C++ objects with destructors
//    are alive. A PostgreSQL error inside becomes a C++ PgError exception,
//    the destructors run, and Fenced re-raises the original error. Only
//    trivially destructible locals may live inside fn itself.
//
// Code that holds no C++ object with a destructor (argument detoasting, the
// distance operators) calls PostgreSQL directly: a longjmp over trivially
// destructible frames is harmless.
#pragma once

#include "pg/prelude.hpp"

namespace pgvec::pg {

// A PostgreSQL error carried through C++ frames by PgCall.
class PgError final : public std::exception {
 public:
  explicit PgError(ErrorData* data) noexcept : data_(data) {}
  ErrorData* data() const noexcept { return data_; }
  const char* what() const noexcept override;

 private:
  ErrorData* data_;
};

// What Fenced captured while the exception was alive. Trivially
// destructible: it is still on the stack when ereport longjmps.
struct PendingError {
  ErrorData* pg_error;
  int sqlstate;
  const char* message;
  const char* detail;
  char fallback[256];
};

// Fills `pending` from the exception being handled. Call only inside a
// catch block; never raises and never throws.
void CapturePendingError(PendingError& pending) noexcept;

// Raises the captured error; does not return.
[[noreturn]] void RaisePendingError(const PendingError& pending);

template <class Fn>
auto Fenced(Fn&& fn) -> decltype(fn()) {
  PendingError pending;
  try {
    return fn();
  } catch (...) {
    CapturePendingError(pending);
  }
  RaisePendingError(pending);
}

template <class Fn>
auto PgCall(Fn&& fn) -> decltype(fn()) {
  using Result = decltype(fn());
  MemoryContext caller_context = CurrentMemoryContext;
  ErrorData* volatile error = nullptr;
  if constexpr (std::is_void_v<Result>) {
    PG_TRY();
    { fn(); }
    PG_CATCH();
    {
      MemoryContextSwitchTo(caller_context);
      error = CopyErrorData();
      FlushErrorState();
    }
    PG_END_TRY();
    if (error != nullptr) throw PgError(error);
  } else {
    static_assert(std::is_scalar_v<Result>, "PgCall returns scalars (pointers, Datum, numbers) only");
    volatile Result result{};
    PG_TRY();
    { result = fn(); }
    PG_CATCH();
    {
      MemoryContextSwitchTo(caller_context);
      error = CopyErrorData();
      FlushErrorState();
    }
    PG_END_TRY();
    if (error != nullptr) throw PgError(error);
    return result;
  }
}

}  // namespace pgvec::pg
