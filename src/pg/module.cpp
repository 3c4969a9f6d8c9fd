// Module entry: the magic block and load-time initialisation.
#include "pgvec/core/kernels.hpp"

#include "pg/fence.hpp"
#include "pg/hnsw/options.hpp"
#include "pg/ivfflat/options.hpp"

extern "C" {
PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);
}

// Runs once per backend when vector.so is loaded. Choosing the kernel table
// here keeps CPU detection off every query's path.
extern "C" void _PG_init(void) {
  pgvec::pg::hnsw::RegisterHnswOptions();
  pgvec::pg::ivfflat::RegisterIvfflatOptions();
  pgvec::pg::Fenced([] {
    (void)pgvec::core::ActiveFloatKernels();
    (void)pgvec::core::ActiveHalfKernels();
    (void)pgvec::core::ActiveBitKernels();
  });
}
