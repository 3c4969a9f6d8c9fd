// CREATE INDEX for ivfflat (ambuild, ambuildempty).
//
// Phases (pg_stat_progress_create_index):
//  1 "initializing"       checks of the column and options
//  2 "performing k-means" rows sampled like ANALYZE (PostgreSQL's block
//                         sampler picks blocks, a seeded reservoir keeps a
//                         uniform sample of their rows: max(50 x lists,
//                         10,000) rows), then k-means in the core
//                         (pgvec/core/ivf/kmeans.hpp), checking for
//                         interrupts between iterations, until fewer than
//                         0.5% of the samples move; the metapage and
//                         the list directory with the centers are written
//  4 "loading tuples"     one heap scan: rows are gathered in batches, each
//                         batch assigned to its nearest centers by every
//                         build thread at once (core CenterAssigner), then
//                         appended to the lists' pages; tuples_done counts
//                         rows as they are stored
// pgvector assigns rows in one scan (phase 3), sorts them by list with a
// tuplesort and writes them in another pass (phase 4). Writing each batch
// straight to its lists' last pages needs neither the sort nor its memory;
// phase 3 is therefore not reported.
//
// Pages are written without WAL and WAL-logged at the end with
// log_newpage_range (also the init fork of unlogged indexes). The metapage
// and the directory go through shared buffers; list pages are assembled in
// backend memory and written straight to storage (ChainPageWriter,
// build_pages.hpp). Sampling and
// k-means use fixed seeds, and k-means gives the same centers on any number
// of threads: the same table gives the same index (on CPUs that pick the
// same SIMD kernels; float sums of AVX2 and AVX-512 round differently).
//
// tuples_done counts rows as the scan reads them (a batch is stored a few
// thousand rows later); tuples_total is the planner's estimate of the
// table's rows, 0 when the table was never analyzed or vacuumed.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "pgvec/core/error.hpp"
#include "pgvec/core/half.hpp"
#include "pgvec/core/half_vector.hpp"
#include "pgvec/core/ivf/assign.hpp"
#include "pgvec/core/ivf/kmeans.hpp"
#include "pgvec/core/ivf/sampling.hpp"
#include "pgvec/core/ivf/scalar_codes.hpp"
#include "pgvec/core/kernels.hpp"
#include "pgvec/core/vector_math.hpp"

#include "pg/ivfflat/list_pages.hpp"

#include "pg/ivfflat/build_pages.hpp"

#include "pg/context_owned.hpp"
#include "pg/fence.hpp"
#include "pg/index/build_support.hpp"
#include "pg/index/worker_pool.hpp"
#include "pg/ivfflat/am.hpp"
#include "pg/ivfflat/options.hpp"

extern "C" {
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/tableam.h"
#include "access/xloginsert.h"
#include "commands/progress.h"
#include "nodes/execnodes.h"
#include "pgstat.h"
#include "utils/backend_progress.h"
#include "utils/memutils.h"
#include "utils/sampling.h"
}

namespace pgvec::pg::ivfflat {
namespace {

using core::ivf::CenterAssigner;
using core::ivf::KMeans;
using core::ivf::KMeansOptions;

constexpr int kPhaseKMeans = 2;
constexpr int kPhaseLoading = 4;
constexpr std::uint64_t kSampleSeed = 0x1f5a3c9e2b7d4e61ULL;
constexpr std::uint64_t kKMeansSeed = 0x6a09e667f3bcc909ULL;
constexpr std::size_t kBatchBytes = 8 << 20;
constexpr std::size_t kToastPointerBytes = 24;  // VARHDRSZ_EXTERNAL + varatt_external, padded

// pgvector's accounting of build memory (its VectorArray of MAXALIGNed
// datums, ElkanKmeans's arrays), so that "memory required is N MB" appears
// for the same lists and maintenance_work_mem as with pgvector.
struct MemoryFigure {
  Size item_size;  // the datum of one value
  Size used = 0;

  Size ArraySize(Size length) const { return add_size(32, mul_size(length, MAXALIGN(item_size))); }
  void Check(Size total) const {
    if (total / 1024 > static_cast<Size>(maintenance_work_mem)) {
      ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                      errmsg("memory required is %zu MB, maintenance_work_mem is %d MB", total / (1024 * 1024) + 1,
                             maintenance_work_mem / 1024)));
    }
  }
  void Add(Size bytes) {
    used = add_size(used, bytes);
    Check(used);
  }
  void CheckKMeans(Size samples, Size lists, Size dims) const {
    Size total = used;
    total = add_size(total, ArraySize(lists));
    total = add_size(total, mul_size(sizeof(float), mul_size(lists, dims)));
    total = add_size(total, mul_size(sizeof(int), lists));
    total = add_size(total, mul_size(sizeof(int), samples));
    total = add_size(total, mul_size(sizeof(float), mul_size(samples, lists)));
    total = add_size(total, mul_size(sizeof(float), samples));
    total = add_size(total, mul_size(sizeof(float), lists));
    total = add_size(total, mul_size(sizeof(float), mul_size(lists, lists)));
    total = add_size(total, mul_size(sizeof(float), lists));
    Check(total);
  }
};

std::uint64_t TidKey(const ItemPointerData& tid) {
  return core::ivf::TupleRef::Make(ItemPointerGetBlockNumberNoCheck(&tid), ItemPointerGetOffsetNumberNoCheck(&tid))
      .key();
}

Size DatumSize(ElementKind kind, int dims) {
  switch (kind) {
    case ElementKind::kFloat: return 8 + 4 * static_cast<Size>(dims);
    case ElementKind::kHalf: return 8 + 2 * static_cast<Size>(dims);
    case ElementKind::kBit: return 8 + (static_cast<Size>(dims) + 7) / 8;
  }
  return 0;
}

struct BuildState {
  Relation heap = nullptr;
  Relation index = nullptr;
  IndexInfo* index_info = nullptr;
  ForkNumber fork = MAIN_FORKNUM;
  IndexSpace space{};
  Meta meta{};
  KMeansMetric kmeans_metric = KMeansMetric::kL2;
  bool spherical = false;
  std::size_t value_bytes = 0;  // elements of one value
  MemoryContext tuple_context = nullptr;

  // Sampling
  std::vector<std::byte> samples;
  std::optional<core::ivf::ReservoirSampler> sampler;
  std::vector<std::byte> toast_pointers;  // per slot: an on-disk TOAST pointer
  std::vector<std::uint8_t> deferred;     // per slot: 1 = value still behind it
  std::vector<ItemPointerData> sample_tids;  // per slot: the row's TID
  // Sampled rows whose list k-means already decided (see LoadCallback):
  // (TID as a key, slot) sorted by key, and the list of each slot.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> sampled;
  std::vector<std::uint32_t> sample_lists;
  bool reuse_sample_values = false;
  std::size_t sample_capacity = 0;

  // Centers: float rows (stored as float for vector, as halves for
  // halfvec and read back widened) or bits.
  std::vector<float> centers;
  std::vector<std::uint8_t> bit_centers;
  // kScalarCodes: per-dimension offset and scale of the codes.
  std::vector<float> code_offset;
  std::vector<float> code_scale;

  // Loading
  std::unique_ptr<CenterAssigner> assigner;
  std::unique_ptr<WorkerPool> pool;
  std::vector<std::byte> batch_values;
  std::vector<ItemPointerData> batch_tids;
  std::vector<std::uint32_t> batch_lists;
  std::vector<std::uint8_t> batch_codes;            // kScalarCodes: dims bytes per row
  std::vector<core::ivf::CodeStats> batch_stats;    // and their bounds
  std::size_t batch_count = 0;    // rows to assign, at the front of the batch arrays
  std::size_t batch_assigned = 0; // rows whose list is known, at the back
  std::size_t batch_capacity = 0;
  double assign_ms = 0, write_ms = 0;  // DEBUG1 timings of the loading phase
  std::optional<ChainPageWriter> pages;
  std::size_t pages_read_back = 0;  // DEBUG1

  // Writer chain of a list's chain: both chains with kScalarCodes.
  std::size_t ChainIndex(std::uint32_t list, Chain chain) const {
    return meta.layout == core::ivf::kScalarCodes ? 2 * static_cast<std::size_t>(list) + chain : list;
  }
  double heap_tuples = 0;
  double index_tuples = 0;
};

// ---- sampling ---------------------------------------------------------------

void SampleCallback(Relation, ItemPointer tid, Datum* values, bool* isnull, bool, void* state) {
  auto& b = *static_cast<BuildState*>(state);
  if (isnull[0]) return;
  Fenced([&] {
    MemoryContext previous = MemoryContextSwitchTo(b.tuple_context);
    std::size_t slot;
    const std::byte* elements = nullptr;
    if (b.spherical) {
      // Zero (and denormal-tiny or overflowing) vectors have no direction:
      // they are not samples, and are not counted as rows seen.
      auto* datum = reinterpret_cast<const std::byte*>(PG_DETOAST_DATUM(values[0]));
      elements = ElementsOf(datum);
      const std::size_t dims = static_cast<std::size_t>(b.meta.dimensions);
      const double norm = b.meta.kind == ElementKind::kHalf
                              ? core::HalfNorm(reinterpret_cast<const core::Half*>(elements), dims)
                              : core::Norm(reinterpret_cast<const float*>(elements), dims);
      if (!(norm >= 1e-30 && norm <= 1e38)) {
        MemoryContextSwitchTo(previous);
        MemoryContextReset(b.tuple_context);
        return;
      }
      slot = b.sampler->Offer();
      if (slot != core::ivf::ReservoirSampler::kSkip) b.sample_tids[slot] = *tid;
    } else {
      slot = b.sampler->Offer();
      if (slot == core::ivf::ReservoirSampler::kSkip) {
        MemoryContextSwitchTo(previous);
        return;
      }
      b.sample_tids[slot] = *tid;
      // A TOAST pointer is kept and fetched once the sample is complete:
      // most rows that enter the reservoir are replaced later (about 2.6
      // fetches per final sample on Fashion-MNIST otherwise).
      const auto* raw = reinterpret_cast<const varlena*>(DatumGetPointer(values[0]));
      if (VARATT_IS_EXTERNAL_ONDISK(raw) && VARSIZE_EXTERNAL(raw) <= kToastPointerBytes) {
        std::memcpy(b.toast_pointers.data() + slot * kToastPointerBytes, raw, VARSIZE_EXTERNAL(raw));
        b.deferred[slot] = 1;
        MemoryContextSwitchTo(previous);
        return;
      }
      b.deferred[slot] = 0;
      elements = ElementsOf(reinterpret_cast<const std::byte*>(PG_DETOAST_DATUM(values[0])));
    }
    if (slot != core::ivf::ReservoirSampler::kSkip) {
      std::memcpy(b.samples.data() + slot * b.value_bytes, elements, b.value_bytes);
    }
    MemoryContextSwitchTo(previous);
    MemoryContextReset(b.tuple_context);
  });
}

// Rows like ANALYZE: a block sampler over the heap, every row of the chosen
// blocks offered to the reservoir.
std::size_t SampleRows(BuildState& b) {
  const BlockNumber blocks = RelationGetNumberOfBlocks(b.heap);
  BlockSamplerData sampler;
  BlockSampler_Init(&sampler, blocks, static_cast<int>(b.sample_capacity), static_cast<uint32>(kSampleSeed));
  b.sampler.emplace(b.sample_capacity, kSampleSeed);
  while (BlockSampler_HasMore(&sampler)) {
    const BlockNumber block = BlockSampler_Next(&sampler);
    table_index_build_range_scan(b.heap, b.index, b.index_info, false, false, false, block, 1, SampleCallback, &b,
                                 nullptr);
  }
  const std::size_t count = b.sampler->size();
  // The values left behind TOAST pointers, in slot order (still visible:
  // the build's snapshot and lock keep the rows and their TOAST chunks).
  for (std::size_t slot = 0; slot < count && !b.deferred.empty(); ++slot) {
    if (b.deferred[slot] == 0) continue;
    MemoryContext previous = MemoryContextSwitchTo(b.tuple_context);
    auto* pointer = reinterpret_cast<varlena*>(b.toast_pointers.data() + slot * kToastPointerBytes);
    const auto* datum = reinterpret_cast<const std::byte*>(PG_DETOAST_DATUM(PointerGetDatum(pointer)));
    std::memcpy(b.samples.data() + slot * b.value_bytes, ElementsOf(datum), b.value_bytes);
    MemoryContextSwitchTo(previous);
    MemoryContextReset(b.tuple_context);
  }
  return count;
}

// ---- k-means ------------------------------------------------------------------

void ComputeCenters(BuildState& b, MemoryFigure& memory) {
  pgstat_progress_update_param(PROGRESS_CREATEIDX_SUBPHASE, kPhaseKMeans);
  const std::size_t dims = static_cast<std::size_t>(b.meta.dimensions);
  const std::size_t lists = static_cast<std::size_t>(b.meta.lists);

  std::size_t count = 0;
  if (b.heap != nullptr) {
    const int64 max_tuples = static_cast<int64>(RelationGetNumberOfBlocks(b.heap)) * MaxHeapTuplesPerPage;
    int64 target = std::max<int64>(static_cast<int64>(lists) * 50, 10000);
    target = std::max<int64>(std::min(target, max_tuples), 1);
    memory.Add(memory.ArraySize(static_cast<Size>(target)));
    b.sample_capacity = static_cast<std::size_t>(target);
    Fenced([&] {
      b.samples.resize(b.sample_capacity * b.value_bytes);
      b.sample_tids.resize(b.sample_capacity);
      if (!b.spherical) {
        b.toast_pointers.resize(b.sample_capacity * kToastPointerBytes);
        b.deferred.assign(b.sample_capacity, 0);
      }
    });
    const auto sample_start = std::chrono::steady_clock::now();
    count = SampleRows(b);
    ereport(DEBUG1, (errmsg("ivfflat sampling: %.0f ms", std::chrono::duration<double, std::milli>(
                                                            std::chrono::steady_clock::now() - sample_start)
                                                            .count())));
    if (count < lists) {
      ereport(NOTICE, (errmsg("ivfflat index created with little data"), errdetail("This will cause low recall."),
                       errhint("Drop the index until the table has more data.")));
    }
    if (count > 0) memory.CheckKMeans(count, lists, dims);
  }

  Fenced([&] {
    KMeansOptions options;
    options.centers = static_cast<std::uint32_t>(lists);
    options.metric = b.kmeans_metric;
    options.seed = kKMeansSeed;
    // k-means on the build threads too (bit-identical to a serial run).
    options.parallel = core::ivf::KMeansParallel{
        b.pool->threads() + 1,
        [](void* context, std::size_t n, std::size_t grain,
           void (*body)(void*, std::size_t, std::size_t, int) noexcept, void* arg) {
          static_cast<WorkerPool*>(context)->ParallelFor(
              n, grain, [&](std::size_t begin, std::size_t end, int worker) { body(arg, begin, end, worker); });
        },
        b.pool.get()};
    const std::size_t budget = static_cast<std::size_t>(maintenance_work_mem) * 1024;
    options.bounds = core::ivf::KMeansMemoryBytes(count, dims, lists, b.meta.kind) <= budget
                         ? core::ivf::KMeansBounds::kElkan
                         : core::ivf::KMeansBounds::kHamerly;
    const VectorRows rows{b.meta.kind, b.samples.data(), count, dims, b.value_bytes};
    if (b.meta.layout == core::ivf::kScalarCodes) {
      b.code_offset.resize(dims);
      b.code_scale.resize(dims);
      core::ivf::FitScalarCodes(rows, b.space.normalize, b.code_offset.data(), b.code_scale.data());
    }
    KMeans kmeans(options, rows);
    const auto start = std::chrono::steady_clock::now();
    kmeans.Seed();
    const auto seeded = std::chrono::steady_clock::now();
    // Lloyd steps until fewer than 1 sample in 200 changes cluster
    // (pgvector: until none does, at most 500 steps). On Fashion-MNIST
    // (lists = 250) that is 15 steps instead of 45, and recall@10 at probes
    // 4 and 8 is unchanged (0.952 / 0.991 either way); the last steps each
    // move a handful of the 12,500 samples.
    while (!kmeans.Converged() && kmeans.iteration() < options.max_iterations &&
           !(kmeans.iteration() > 0 && kmeans.changes() * 200 < count)) {
      CheckMaintenanceInterrupts("ivfflat");
      kmeans.Iterate();
      ereport(DEBUG2, (errmsg("ivfflat k-means step %d: %zu samples moved", kmeans.iteration(), kmeans.changes())));
    }
    const auto done = std::chrono::steady_clock::now();
    const auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
    ereport(DEBUG1, (errmsg("ivfflat k-means: %zu samples, seeding %.0f ms, %d iterations %.0f ms", count,
                            ms(start, seeded), kmeans.iteration(), ms(seeded, done))));
    if (b.meta.kind == ElementKind::kBit) {
      const auto bits = kmeans.bit_centers();
      b.bit_centers.assign(bits.begin(), bits.end());
    } else {
      const auto centers = kmeans.centers();
      b.centers.assign(centers.begin(), centers.end());
      if (b.meta.kind == ElementKind::kHalf) {
        // Stored as halves: round here so the build assigns rows with the
        // very centers scans and inserts will read back.
        for (float& x : b.centers) x = core::HalfToFloat(core::FloatToHalf(x));
      }
    }
    // The samples' final assignment is the kernel's nearest center for the
    // centers as stored (float and bit centers are stored exactly; halfvec
    // centers are rounded afterwards), what assigning them again would
    // find: their rows skip the assignment when the table is loaded, and
    // skip detoasting too where the index stores values as they are. Not
    // for CREATE INDEX CONCURRENTLY: other sessions write to the table
    // between the two scans, and a pruned TID can come back as another row.
    if (b.meta.kind != ElementKind::kHalf && count > 0 && !b.index_info->ii_Concurrent) {
      const auto lists_of = kmeans.assignments();
      b.sample_lists.assign(lists_of.begin(), lists_of.end());
      b.sampled.resize(count);
      for (std::size_t slot = 0; slot < count; ++slot) {
        b.sampled[slot] = {TidKey(b.sample_tids[slot]), static_cast<std::uint32_t>(slot)};
      }
      std::sort(b.sampled.begin(), b.sampled.end());
      b.reuse_sample_values = !b.space.normalize;
    }
    if (!b.reuse_sample_values) std::vector<std::byte>().swap(b.samples);
    std::vector<ItemPointerData>().swap(b.sample_tids);
    std::vector<std::byte>().swap(b.toast_pointers);
    std::vector<std::uint8_t>().swap(b.deferred);
  });
}

// ---- pages ---------------------------------------------------------------------

Buffer NewBuffer(const BuildState& b) {
  Buffer buffer = ReadBufferExtended(b.index, b.fork, P_NEW, RBM_NORMAL, nullptr);
  LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
  return buffer;
}

// Center `list` in its on-page form.
void CopyCenter(const BuildState& b, int list, std::byte* out) {
  const std::size_t dims = static_cast<std::size_t>(b.meta.dimensions);
  switch (b.meta.kind) {
    case ElementKind::kFloat:
      std::memcpy(out, b.centers.data() + list * dims, dims * sizeof(float));
      break;
    case ElementKind::kHalf: {
      auto* halves = reinterpret_cast<core::Half*>(out);
      for (std::size_t i = 0; i < dims; ++i) halves[i] = core::FloatToHalf(b.centers[list * dims + i]);
      break;
    }
    case ElementKind::kBit:
      std::memcpy(out, b.bit_centers.data() + list * b.value_bytes, b.value_bytes);
      break;
  }
}

void WriteMetaAndDirectory(BuildState& b) {
  Buffer meta_buffer = NewBuffer(b);
  Page meta_page = BufferGetPage(meta_buffer);
  InitPage(meta_page, 0);
  WriteMeta(meta_page, b.meta);
  MarkBufferDirty(meta_buffer);
  UnlockReleaseBuffer(meta_buffer);

  if (b.meta.layout == core::ivf::kScalarCodes) {
    // Blocks 1 and 2: the codes' offsets, then their scales.
    const Size bytes = static_cast<Size>(b.meta.dimensions) * sizeof(float);
    for (const std::vector<float>* values : {&b.code_offset, &b.code_scale}) {
      Buffer buffer = NewBuffer(b);
      Page page = BufferGetPage(buffer);
      InitPage(page, core::ivf::kDirectoryPage);
      if (PageAddItem(page, reinterpret_cast<Item>(const_cast<float*>(values->data())), bytes, InvalidOffsetNumber,
                      false, false) == InvalidOffsetNumber) {
        elog(ERROR, "failed to add index item to \"%s\"", RelationGetRelationName(b.index));
      }
      MarkBufferDirty(buffer);
      UnlockReleaseBuffer(buffer);
    }
  }

  const Size entry_size = core::ivf::ListEntrySize(static_cast<std::size_t>(b.meta.center_bytes));
  auto* entry = static_cast<std::byte*>(palloc0(entry_size));
  for (int list = 0; list < b.meta.lists; list += b.meta.entries_per_page) {
    Buffer buffer = NewBuffer(b);
    Page page = BufferGetPage(buffer);
    InitPage(page, core::ivf::kDirectoryPage);
    for (int i = list; i < std::min(b.meta.lists, list + b.meta.entries_per_page); ++i) {
      const ListEntry e{{InvalidBlockNumber, InvalidBlockNumber}, {InvalidBlockNumber, InvalidBlockNumber}};
      std::memcpy(entry, &e, sizeof e);
      CopyCenter(b, i, entry + sizeof(ListEntry));
      if (PageAddItem(page, reinterpret_cast<Item>(entry), entry_size, InvalidOffsetNumber, false, false) ==
          InvalidOffsetNumber) {
        elog(ERROR, "failed to add index item to \"%s\"", RelationGetRelationName(b.index));
      }
    }
    MarkBufferDirty(buffer);
    UnlockReleaseBuffer(buffer);
  }
  pfree(entry);
}

// Appends the rows of the current batch, list by list, to each list's last
// pages (new pages chained as they fill): with kScalarCodes every row's
// vector first, then its code pointing at it. No WAL: see the file comment.
void WriteBatch(BuildState& b, const std::vector<std::uint32_t>& order) {
  const bool codes = b.meta.layout == core::ivf::kScalarCodes;
  const std::size_t dims = static_cast<std::size_t>(b.meta.dimensions);
  const Size item_size = core::ivf::ListItemSize(b.value_bytes);
  const Size code_size = core::ivf::CodeItemSize(dims);
  auto* item = static_cast<std::byte*>(palloc(std::max(item_size, code_size)));
  auto* vectors = static_cast<ItemPointerData*>(palloc(sizeof(ItemPointerData) * std::max<std::size_t>(order.size(), 1)));
  std::size_t i = 0;
  while (i < order.size()) {
    const std::uint32_t list = b.batch_lists[order[i]];
    std::size_t end = i;
    while (end < order.size() && b.batch_lists[order[end]] == list) ++end;
    const std::size_t vector_chain = b.ChainIndex(list, codes ? core::ivf::kVectors : core::ivf::kRows);
    for (std::size_t k = i; k < end; ++k) {
      const std::size_t row = order[k];
      FillItem(item, &b.batch_tids[row], b.batch_values.data() + row * b.value_bytes, b.value_bytes);
      vectors[k] = b.pages->Append(vector_chain, item, item_size);
    }
    if (codes) {
      const std::size_t code_chain = b.ChainIndex(list, core::ivf::kRows);
      for (std::size_t k = i; k < end; ++k) {
        const std::size_t row = order[k];
        FillCodeItem(item, &b.batch_tids[row], &vectors[k], b.batch_codes.data() + row * dims, b.batch_stats[row],
                     dims);
        b.pages->Append(code_chain, item, code_size);
      }
    }
    i = end;
  }
  pfree(vectors);
  pfree(item);
}

void FlushBatch(BuildState& b) {
  if (b.batch_count == 0 && b.batch_assigned == 0) return;
  const std::size_t n = b.batch_count;
  const std::size_t known_start = b.batch_capacity - b.batch_assigned;
  const std::size_t dims = static_cast<std::size_t>(b.meta.dimensions);
  const VectorRows rows{b.meta.kind, b.batch_values.data(), b.batch_capacity, dims, b.value_bytes};
  std::span<std::uint32_t> out(b.batch_lists.data(), n);
  const auto encode = [&](std::size_t begin, std::size_t end) {
    for (std::size_t row = begin; row < end; ++row) {
      b.batch_stats[row] =
          core::ivf::EncodeScalar(reinterpret_cast<const float*>(rows.Row(row)), b.code_offset.data(),
                                  b.code_scale.data(), dims, b.batch_codes.data() + row * dims);
    }
  };
  const auto assign_start = std::chrono::steady_clock::now();
  b.pool->ParallelFor(n, 64, [&](std::size_t begin, std::size_t end, int) {
    VectorRows part = rows;
    part.data = rows.Row(begin);
    part.count = end - begin;
    b.assigner->Assign(part, out.subspan(begin, end - begin));
    if (!b.batch_codes.empty()) encode(begin, end);  // the codes, on the threads too
  });
  if (!b.batch_codes.empty() && b.batch_assigned > 0) {
    b.pool->ParallelFor(b.batch_assigned, 64, [&](std::size_t begin, std::size_t end, int) {
      encode(known_start + begin, known_start + end);
    });
  }
  const auto assigned = std::chrono::steady_clock::now();
  // Rows grouped by list, in scan order within a list for the assigned
  // ones (a stable counting sort), so each list's last page is visited
  // once per batch.
  std::vector<std::uint32_t> batch_rows;
  batch_rows.reserve(n + b.batch_assigned);
  for (std::size_t i = 0; i < n; ++i) batch_rows.push_back(static_cast<std::uint32_t>(i));
  for (std::size_t i = known_start; i < b.batch_capacity; ++i) batch_rows.push_back(static_cast<std::uint32_t>(i));
  std::vector<std::uint32_t> start(static_cast<std::size_t>(b.meta.lists) + 1, 0);
  for (const std::uint32_t i : batch_rows) ++start[b.batch_lists[i] + 1];
  for (std::size_t l = 0; l < static_cast<std::size_t>(b.meta.lists); ++l) start[l + 1] += start[l];
  std::vector<std::uint32_t> order(batch_rows.size());
  for (const std::uint32_t i : batch_rows) order[start[b.batch_lists[i]]++] = i;
  PgCall([&] { WriteBatch(b, order); });
  const auto written = std::chrono::steady_clock::now();
  b.assign_ms += std::chrono::duration<double, std::milli>(assigned - assign_start).count();
  b.write_ms += std::chrono::duration<double, std::milli>(written - assigned).count();
  b.batch_count = 0;
  b.batch_assigned = 0;
  CheckMaintenanceInterrupts("ivfflat");
}

void LoadCallback(Relation, ItemPointer tid, Datum* values, bool* isnull, bool, void* state) {
  auto& b = *static_cast<BuildState*>(state);
  b.heap_tuples += 1;
  if (isnull[0]) return;
  Fenced([&] {
    // A sampled row: its list is known, and its value too unless the index
    // normalizes values. Known rows fill the batch from the back.
    std::uint32_t slot = UINT32_MAX;
    if (!b.sampled.empty()) {
      const std::uint64_t key = TidKey(*tid);
      const auto it = std::lower_bound(b.sampled.begin(), b.sampled.end(), std::make_pair(key, std::uint32_t{0}));
      if (it != b.sampled.end() && it->first == key) slot = it->second;
    }
    const bool known = slot != UINT32_MAX;
    const std::size_t row = known ? b.batch_capacity - 1 - b.batch_assigned : b.batch_count;
    std::byte* target = b.batch_values.data() + row * b.value_bytes;
    bool stored = true;
    if (known && b.reuse_sample_values) {
      std::memcpy(target, b.samples.data() + static_cast<std::size_t>(slot) * b.value_bytes, b.value_bytes);
    } else {
      MemoryContext previous = MemoryContextSwitchTo(b.tuple_context);
      const std::byte* value = b.space.PrepareValue(values[0]);
      if (value != nullptr) std::memcpy(target, ElementsOf(value), b.value_bytes);
      stored = value != nullptr;
      MemoryContextSwitchTo(previous);
      MemoryContextReset(b.tuple_context);
    }
    if (stored) {
      b.batch_tids[row] = *tid;
      if (known) {
        b.batch_lists[row] = b.sample_lists[slot];
        ++b.batch_assigned;
      } else {
        ++b.batch_count;
      }
      b.index_tuples += 1;
      pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_DONE, static_cast<int64>(b.index_tuples));
    }
    if (b.batch_count + b.batch_assigned == b.batch_capacity) FlushBatch(b);
  });
}

void LoadRows(BuildState& b) {
  pgstat_progress_update_param(PROGRESS_CREATEIDX_SUBPHASE, kPhaseLoading);
  const double estimate = b.heap->rd_rel->reltuples;
  if (estimate > 0) pgstat_progress_update_param(PROGRESS_CREATEIDX_TUPLES_TOTAL, static_cast<int64>(estimate));

  Fenced([&] {
    struct Cleanup {
      BuildState& b;
      ~Cleanup() { b.assigner.reset(); }
    } cleanup{b};
    const std::size_t dims = static_cast<std::size_t>(b.meta.dimensions);
    const VectorRows centers =
        b.meta.kind == ElementKind::kBit
            ? VectorRows{ElementKind::kBit, b.bit_centers.data(), static_cast<std::size_t>(b.meta.lists), dims, 0}
            : VectorRows{ElementKind::kFloat, b.centers.data(), static_cast<std::size_t>(b.meta.lists), dims, 0};
    b.assigner = std::make_unique<CenterAssigner>(ScanMetricOf(b.space), centers);
    b.batch_capacity = std::max<std::size_t>(256, kBatchBytes / std::max<std::size_t>(b.value_bytes, 1));
    b.batch_values.resize(b.batch_capacity * b.value_bytes);
    b.batch_tids.resize(b.batch_capacity);
    b.batch_lists.resize(b.batch_capacity);
    if (b.meta.layout == core::ivf::kScalarCodes) {
      b.batch_codes.resize(b.batch_capacity * static_cast<std::size_t>(b.meta.dimensions));
      b.batch_stats.resize(b.batch_capacity);
    }
    // Open pages held by the writer: an eighth of maintenance_work_mem
    // (64 kB to 64 MB; 1,024 pages by default, every chain of 512 lists),
    // beyond that the least recently grown ones go back to disk.
    const std::size_t chains = b.ChainIndex(static_cast<std::uint32_t>(b.meta.lists), core::ivf::kRows);
    const BlockNumber first_free = PgCall([&] { return RelationGetNumberOfBlocksInFork(b.index, b.fork); });
    const std::size_t open_bytes =
        std::clamp<std::size_t>(static_cast<std::size_t>(maintenance_work_mem) * 1024 / 8, 8 * BLCKSZ, 64 << 20);
    b.pages.emplace(b.index, b.fork, chains, first_free, open_bytes / BLCKSZ);

    PgCall([&] { table_index_build_scan(b.heap, b.index, b.index_info, true, true, LoadCallback, &b, nullptr); });
    FlushBatch(b);
    PgCall([&] { b.pages->Finish(); });

    // Each list's first and last page into the directory.
    PgCall([&] {
      for (int list = 0; list < b.meta.lists;) {
        Buffer buffer = ReadBufferExtended(b.index, b.fork, DirectoryBlock(b.meta, list), RBM_NORMAL, nullptr);
        LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
        Page page = BufferGetPage(buffer);
        for (OffsetNumber off = DirectoryOffset(b.meta, list); off <= PageGetMaxOffsetNumber(page); ++off, ++list) {
          ListEntry* e = ListEntryAt(page, off);
          for (Chain chain : {core::ivf::kRows, core::ivf::kVectors}) {
            const bool used = chain == core::ivf::kRows || b.meta.layout == core::ivf::kScalarCodes;
            const std::size_t index = b.ChainIndex(static_cast<std::uint32_t>(list), chain);
            e->first_block[chain] = used ? b.pages->first_block(index) : InvalidBlockNumber;
            e->insert_block[chain] = used ? b.pages->last_block(index) : InvalidBlockNumber;
          }
        }
        MarkBufferDirty(buffer);
        UnlockReleaseBuffer(buffer);
      }
    });
    b.pages_read_back = b.pages->pages_read_back();
    b.pages.reset();  // its open pages' memory, before log_newpage_range
  });
}

IndexBuildResult* BuildIndex(Relation heap, Relation index, IndexInfo* index_info, ForkNumber fork) {
  // The state lives in the build's memory context: an error raised anywhere
  // in the build still runs the destructors of its containers and joins
  // the worker threads.
  BuildState& b = *ContextOwned<BuildState>::New();
  b.heap = heap;
  b.index = index;
  b.index_info = index_info;
  b.fork = fork;
  b.space = ResolveIndexSpace(index, "ivfflat");
  CheckIndexColumn(index, b.space);
  const int dims = ColumnDimensions(index);
  b.spherical = OidIsValid(index_getprocid(index, 1, 4));
  if (b.spherical && dims == 1) {
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("dimensions must be greater than one for this opclass")));
  }
  const ElementKind kind = KindOf(b.space.type);
  b.kmeans_metric = kind == ElementKind::kBit ? KMeansMetric::kHamming
                    : b.spherical             ? KMeansMetric::kSpherical
                                              : KMeansMetric::kL2;
  b.value_bytes = core::ivf::ElementRowBytes(kind, static_cast<std::size_t>(dims));

  if (RelationGetNumberOfBlocksInFork(index, fork) != 0) {
    elog(ERROR, "index \"%s\" already contains data", RelationGetRelationName(index));
  }

  b.meta.dimensions = dims;
  b.meta.lists = OptionLists(index);
  b.meta.kind = kind;
  b.meta.layout = LayoutFor(kind);
  b.meta.directory_start = b.meta.layout == core::ivf::kScalarCodes ? kCodeScaleBlock + 1 : 1;
  b.meta.center_bytes = static_cast<int>(b.value_bytes);
  const Size usable = BLCKSZ - MAXALIGN(SizeOfPageHeaderData) - MAXALIGN(sizeof(core::ivf::PageOpaque));
  const Size per_entry = MAXALIGN(core::ivf::ListEntrySize(b.value_bytes)) + sizeof(ItemIdData);
  b.meta.entries_per_page = static_cast<int>(std::max<Size>(1, usable / per_entry));

  MemoryFigure memory{DatumSize(kind, dims)};
  memory.Add(memory.ArraySize(static_cast<Size>(b.meta.lists)));

  b.tuple_context = AllocSetContextCreate(CurrentMemoryContext, "ivfflat build tuple", ALLOCSET_DEFAULT_SIZES);
  // Threads for k-means and for assigning rows; joined when the state goes
  // (normally at the end of this function, or when an error unwinds).
  const int threads = heap != nullptr ? Fenced([&] { return MaintenanceThreadCount(heap); }) : 0;
  if (threads > 0) ereport(DEBUG1, (errmsg("using %d parallel workers", threads)));
  Fenced([&] { b.pool = std::make_unique<WorkerPool>(threads); });
  ComputeCenters(b, memory);
  WriteMetaAndDirectory(b);
  if (heap != nullptr) {
    const auto load_start = std::chrono::steady_clock::now();
    LoadRows(b);
    ereport(DEBUG1, (errmsg("ivfflat loading: %.0f ms (assigning %.0f ms, writing %.0f ms, %zu pages read back)",
                            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - load_start)
                                .count(),
                            b.assign_ms, b.write_ms, b.pages_read_back)));
  }

  if (fork == INIT_FORKNUM || RelationNeedsWAL(index)) {
    log_newpage_range(index, fork, 0, RelationGetNumberOfBlocksInFork(index, fork), true);
  }
  Fenced([&] { b.pool.reset(); });
  auto* result = static_cast<IndexBuildResult*>(palloc0(sizeof(IndexBuildResult)));
  result->heap_tuples = b.heap_tuples;
  result->index_tuples = b.index_tuples;
  return result;
}

}  // namespace

IndexBuildResult* Build(Relation heap, Relation index, IndexInfo* index_info) {
  return BuildIndex(heap, index, index_info, MAIN_FORKNUM);
}

void BuildEmpty(Relation index) { BuildIndex(nullptr, index, nullptr, INIT_FORKNUM); }

}  // namespace pgvec::pg::ivfflat
