// Test-only SQL functions that exercise the C++/PostgreSQL fence from inside
// a real backend (test/sql/fence.sql). Built as its own module so the
// production vector.so carries no test hooks.
#include <stdexcept>
#include <vector>

#include "pgvec/core/error.hpp"

#include "pg/fence.hpp"

extern "C" {
#include "utils/builtins.h"
PG_MODULE_MAGIC;
}

using pgvec::pg::Fenced;
using pgvec::pg::PgCall;

namespace {

// Counts live instances: a destructor skipped by a longjmp leaves it > 0.
int live_trackers = 0;
struct Tracker {
  Tracker() { ++live_trackers; }
  ~Tracker() { --live_trackers; }
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;
};

}  // namespace

PGVEC_FUNCTION(pgvec_probe_throw) {
  const char* message = text_to_cstring(PG_GETARG_TEXT_PP(0));
  return Fenced([&]() -> Datum {
    Tracker tracker;
    throw std::runtime_error(message);
  });
}

PGVEC_FUNCTION(pgvec_probe_throw_core) {
  return Fenced([&]() -> Datum {
    Tracker tracker;
    throw pgvec::core::Error(pgvec::core::ErrorCode::kInvalidParameterValue, "core error from probe",
                             "The detail survives the fence.");
  });
}

PGVEC_FUNCTION(pgvec_probe_bad_alloc) {
  return Fenced([&]() -> Datum {
    Tracker tracker;
    std::vector<char> huge;
    huge.reserve(static_cast<std::size_t>(1) << 62);  // 4 EiB: always fails with std::bad_alloc
    PG_RETURN_VOID();
  });
}

PGVEC_FUNCTION(pgvec_probe_new_bad_alloc) {
  return Fenced([&]() -> Datum {
    Tracker tracker;
    throw std::bad_alloc();
  });
}

// A PostgreSQL error raised while a C++ object is alive: PgCall turns it into
// an exception, the Tracker's destructor runs, and the original error (with
// its SQLSTATE) reaches the client.
PGVEC_FUNCTION(pgvec_probe_pg_error) {
  return Fenced([&]() -> Datum {
    Tracker tracker;
    std::vector<int> scratch(1024, 1);
    PgCall([] { ereport(ERROR, (errcode(ERRCODE_DIVISION_BY_ZERO), errmsg("division by zero inside PgCall"))); });
    PG_RETURN_INT32(scratch[0]);
  });
}

// Loops until cancelled (statement_timeout), checking for interrupts through
// PgCall with C++ objects alive.
PGVEC_FUNCTION(pgvec_probe_spin) {
  return Fenced([&]() -> Datum {
    Tracker tracker;
    std::vector<double> work(4096, 1.0);
    for (;;) {
      for (double& w : work) w = w * 1.0000001 + 1e-9;
      PgCall([] { CHECK_FOR_INTERRUPTS(); });
    }
  });
}

PGVEC_FUNCTION(pgvec_probe_live_objects) { PG_RETURN_INT32(live_trackers); }
