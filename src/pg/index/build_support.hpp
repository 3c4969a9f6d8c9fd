// What index builds of both access methods share: how many threads of the
// backend may work beside the main one, and the interrupt check between
// units of work.
//
// Builds run core code on threads of the backend, not on parallel worker
// processes: only the main thread ever calls PostgreSQL, and the threads
// only touch memory the build owns (every signal blocked, so PostgreSQL's
// handlers run on the main thread). The thread count follows the user's
// settings - max_parallel_maintenance_workers, or the table's
// parallel_workers storage parameter (capped by it) - and on PostgreSQL's
// min_parallel_table_scan_size measured over the heap and its TOAST table,
// so tables whose vectors live in TOAST get their workers too.
#pragma once

#include "pg/prelude.hpp"

extern "C" {
#include "utils/rel.h"
}

namespace pgvec::pg {

// Threads beside the main one (0 = serial), never more than CPUs - 1.
int MaintenanceThreadCount(Relation heap);

// A cancel, or a postmaster that died (CHECK_FOR_INTERRUPTS does not notice;
// a long CPU-bound build would otherwise outlive the server and keep its
// shared memory). Raises through PgCall: call from C++ frames.
void CheckMaintenanceInterrupts(const char* am_name);

// Runs `body` with every signal blocked on the calling thread, restoring
// the mask afterwards: threads started inside inherit the blocked mask.
template <class Body>
void WithSignalsBlocked(Body&& body);

}  // namespace pgvec::pg

extern "C" {
#include <pthread.h>
#include <signal.h>
}

template <class Body>
void pgvec::pg::WithSignalsBlocked(Body&& body) {
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  try {
    body();
  } catch (...) {
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    throw;
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}
