// k-means for the IVFFlat build: the list centers.
//
// What it computes (pgvector's behaviour, spec section 3.7, done exactly and
// faster):
//   * k-means++ seeding (Arthur & Vassilvitskii 2007): the first center is a
//     uniformly random sample, each next one a sample drawn with probability
//     proportional to D(x)^2, its distance to the nearest chosen center.
//   * Lloyd iterations with Elkan's triangle-inequality bounds (Elkan, "Using
//     the triangle inequality to accelerate k-means", ICML 2003) or, when the
//     samples x centers bound matrix does not fit, Hamerly's single lower
//     bound per sample (Hamerly, "Making k-means even faster", SDM 2010)
//     plus Elkan's center-to-center test. Elkan is several times faster on
//     high-dimensional data; Hamerly needs 4 bytes per sample instead of 4k.
//     Both are exact: after every step each sample is assigned to precisely
//     the center a brute-force scan with the same distance kernel picks
//     (lowest index on ties). Floating-point rounding is accounted for: every
//     bound is widened by a proven error bound of the kernel (see kmeans.cpp)
//     and a center is only skipped when the bounds show its computed distance
//     cannot win.
//   * Metrics: kL2 clusters with the Euclidean distance; kSpherical (inner
//     product and cosine opclasses) is spherical k-means: samples are taken
//     as directions, centers are re-normalized to unit length after each
//     update, and the bounds use the angular distance acos(cos)/pi, which
//     satisfies the triangle inequality; kHamming (bit) uses the Hamming
//     distance and a center bit is 1 when more than half of its members have
//     it (the mean > 0.5).
//   * k-means++ weighs samples by D(x)^2: the squared L2 or Hamming distance,
//     and for spherical k-means 1 - cos (half the squared chord between unit
//     vectors; pgvector squares the angle, which favours the same far-away
//     directions).
//   * Empty clusters: pgvector moves an empty cluster's center to a random
//     point. Here an empty cluster takes the member farthest from its center
//     of the largest cluster (split), so every list ends up holding rows
//     whenever the samples allow it. See KMeans::Iterate.
//   * At most max_iterations updates, or until no sample changes cluster.
//   * Deterministic: the same seed, samples, options and kernel tables give
//     the same centers bit for bit. (Different CPUs may pick different SIMD
//     kernels, whose float sums round differently; pass the kernel tables in
//     the options to pin them.)
//
// The glue samples rows (sampling.hpp; for ip/cosine it skips zero vectors
// and normalizes, as pgvector does), checks KMeansMemoryBytes against
// maintenance_work_mem, then drives the run step by step so it can check
// for interrupts and report progress between iterations:
//
//   KMeans kmeans(options, samples);
//   kmeans.Seed();
//   while (!kmeans.Converged() && kmeans.iteration() < options.max_iterations) {
//     PgCall([] { CHECK_FOR_INTERRUPTS(); });  // kmeans is a live C++ object
//     kmeans.Iterate();
//   }
//   write kmeans.centers() (or bit_centers()) to the list pages
//
// Then every row goes to NearestCenter(), the function the scan and insert
// paths use too.
//
// Nothing here calls PostgreSQL; memory comes from the C++ allocator and is
// bounded by KMeansMemoryBytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "pgvec/core/kernels.hpp"

namespace pgvec::core::ivf {

// Element type of the sampled values.
enum class ElementKind : std::uint8_t {
  kFloat,  // vector: float32 elements
  kHalf,   // halfvec: IEEE binary16 elements (pgvec::core::Half)
  kBit,    // bit: packed bits, most significant bit first, zero padding
};

enum class KMeansMetric : std::uint8_t {
  kL2,         // vector/halfvec l2 opclasses
  kSpherical,  // vector/halfvec ip and cosine opclasses
  kHamming,    // bit_hamming_ops
};

// How the assignment step avoids distance computations.
enum class KMeansBounds : std::uint8_t {
  kElkan,    // samples x centers lower bounds (+ centers x centers distances)
  kHamerly,  // one lower bound per sample (+ centers x centers distances)
};

// Bytes of one value's elements: 4d, 2d or ceil(d / 8).
constexpr std::size_t ElementRowBytes(ElementKind kind, std::size_t dimensions) noexcept {
  switch (kind) {
    case ElementKind::kFloat:
      return dimensions * 4;
    case ElementKind::kHalf:
      return dimensions * 2;
    case ElementKind::kBit:
      return (dimensions + 7) / 8;
  }
  return 0;
}

// Rows of equal-length values laid out at a fixed stride (samples, or the
// centers as stored on list pages). Row i starts at data + i * stride and
// must be aligned for its element type.
struct VectorRows {
  ElementKind kind = ElementKind::kFloat;
  const void* data = nullptr;
  std::size_t count = 0;
  std::size_t dimensions = 0;  // elements; bits for kBit
  std::size_t stride = 0;      // bytes between rows; 0 = ElementRowBytes

  std::size_t RowStride() const noexcept { return stride != 0 ? stride : ElementRowBytes(kind, dimensions); }
  const std::byte* Row(std::size_t i) const noexcept {
    return static_cast<const std::byte*>(data) + i * RowStride();
  }
};

// Optional parallelism for Seed() and Iterate(): `run` must call
// body(arg, begin, end, worker) for the ranges [i * grain, (i + 1) * grain)
// covering [0, count) (the last one shorter), each call on one of `workers`
// threads with its index in [0, workers), and return once all calls are
// done. The core stays free of threads; the glue
// supplies them. Results are bit-identical to a serial run: only loops whose
// iterations touch disjoint state are split (per sample, or per center with
// every center's sum still taken in sample order).
struct KMeansParallel {
  int workers = 1;
  void (*run)(void* context, std::size_t count, std::size_t grain,
              void (*body)(void* arg, std::size_t begin, std::size_t end, int worker) noexcept, void* arg) = nullptr;
  void* context = nullptr;
};

struct KMeansOptions {
  std::uint32_t centers = 100;  // k >= 1
  KMeansMetric metric = KMeansMetric::kL2;
  KMeansBounds bounds = KMeansBounds::kElkan;
  int max_iterations = 500;  // for Run(); pgvector's fixed limit
  std::uint64_t seed = 0;
  // Kernel tables; nullptr = this process's active ones (kernels.hpp).
  const FloatKernels* float_kernels = nullptr;
  const HalfKernels* half_kernels = nullptr;
  const BitKernels* bit_kernels = nullptr;
  KMeansParallel parallel;
};

// Work counters, for tests and benchmarks.
struct KMeansStats {
  std::uint64_t distances = 0;       // sample-center and center-center kernel calls
  std::uint64_t seed_distances = 0;  // of which during seeding
  std::uint64_t splits = 0;          // empty clusters refilled by splitting another
};

// Upper bound on the bytes a run over `samples` values needs: the samples
// themselves at ElementRowBytes each (the caller's copy), the centers, and
// every array KMeans allocates (16 bytes per sample, the centers x centers
// distances, with kElkan the samples x centers bounds, center sums of at most
// 8 MB, scratch). Saturates at SIZE_MAX. This is the figure the glue compares
// with maintenance_work_mem ("memory required is N MB"); it stays within a
// few KB of pgvector's own figure for the same build, so an index that builds
// in pgvector's maintenance_work_mem builds here too (with kHamerly, in far
// less). pgvector checks it only when there are samples; with none, only the
// centers are allocated.
std::size_t KMeansMemoryBytes(std::size_t samples, std::size_t dimensions, std::size_t centers,
                              ElementKind kind, KMeansBounds bounds = KMeansBounds::kElkan) noexcept;

class KMeans {
 public:
  // Validates the combination (kHamming needs kBit samples; kL2 and
  // kSpherical need float or half samples; k >= 1; dimensions >= 1).
  // `samples` is not copied and must outlive the object. Throws
  // pgvec::core::Error. Allocates everything up front.
  KMeans(const KMeansOptions& options, const VectorRows& samples);
  ~KMeans();
  KMeans(const KMeans&) = delete;
  KMeans& operator=(const KMeans&) = delete;

  // k-means++ seeding followed by the exact assignment of every sample to
  // its nearest seed. With no samples, the centers are uniformly random in
  // [0, 1) per element (normalized for kSpherical; bits set with probability
  // 1/2 for kHamming), as pgvector does, and the run is converged.
  // With fewer distinct samples than k, the surplus centers duplicate
  // samples (their lists stay empty). Spherical samples need not be unit
  // vectors, but their norm must be in [1e-30, 1e38] (the glue skips zero
  // vectors and normalizes, as pgvector does); throws Error otherwise.
  // Call once (this or SeedWithCenters).
  void Seed();

  // Starts from the given centers instead of k-means++ (k rows of
  // dimensions() floats; spherical centers are normalized here and must not
  // be zero), then assigns every sample exactly. For resuming from known
  // centers, and for tests.
  void SeedWithCenters(std::span<const float> centers);
  // The same for kHamming: k rows of ElementRowBytes(kBit, dimensions()).
  void SeedWithCenters(std::span<const std::uint8_t> bit_centers);

  // One Lloyd step: every center becomes the mean of its members (empty
  // clusters are refilled, see below), then every sample is reassigned to
  // its nearest center. Requires Seed().
  //
  // Empty clusters: an empty cluster takes as its center the member
  // farthest from the new center of the largest cluster (most members;
  // lowest index on ties), each empty cluster splitting a different one. The
  // following assignment moves that member and its neighbourhood over, so
  // the largest cluster is split in two rather than a center being dropped
  // at a random spot that may attract nothing (pgvector). When no cluster can
  // be split (every member equal to its center: fewer distinct samples than
  // k), the empty cluster keeps its center.
  void Iterate();

  // Seed() then Iterate() until converged, options.max_iterations, or until
  // should_continue(context, iteration) returns false (called before each
  // iteration; it must not longjmp). should_continue may be null.
  void Run(bool (*should_continue)(void* context, int iteration) = nullptr, void* context = nullptr);

  bool seeded() const noexcept;
  // True when the last step moved no sample to another cluster (the centers
  // are then the means of their members and a further step changes nothing).
  bool Converged() const noexcept;
  // Iterate() calls so far.
  int iteration() const noexcept;
  // Samples that changed cluster in the last Iterate().
  std::size_t changes() const noexcept;

  std::uint32_t k() const noexcept;
  std::size_t dimensions() const noexcept;
  const KMeansOptions& options() const noexcept;

  // Centers, k rows of dimensions() floats (kL2, kSpherical).
  std::span<const float> centers() const noexcept;
  std::span<const float> center(std::uint32_t i) const noexcept;
  // Centers, k rows of ElementRowBytes(kBit, dimensions()) bytes (kHamming).
  std::span<const std::uint8_t> bit_centers() const noexcept;
  std::span<const std::uint8_t> bit_center(std::uint32_t i) const noexcept;
  // Center i as dimensions() floats for every metric (bits as 0 / 1).
  void CopyCenter(std::uint32_t i, std::span<float> out) const;

  // Cluster of every sample, after Seed() / the last Iterate().
  std::span<const std::uint32_t> assignments() const noexcept;

  // Objective of the current centers and assignment: the sum over samples
  // of the squared L2 distance (kL2), of 1 - cos (kSpherical), or of the
  // Hamming distance (kHamming). Computes one distance per sample.
  double Inertia() const;

  const KMeansStats& stats() const noexcept;
  // Bytes of the arrays this object allocated (samples excluded).
  std::size_t allocated_bytes() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The nearest of `centers` to `query`, by the distance the opclass's
// support function 1 computes (the scan and insert path): squared L2
// (kL2), negative inner product (kSpherical; normalize a cosine query
// first), Hamming distance (kHamming). Lowest index on ties. `query` has
// `query_kind` elements and centers.dimensions of them. Supported pairs:
// float/float, half/half, half query with float centers, bit/bit.
// Requires centers.count >= 1.
std::uint32_t NearestCenter(KMeansMetric metric, const void* query, ElementKind query_kind,
                            const VectorRows& centers);

// The same distance to every center: out[i] for center i (out.size() ==
// centers.count). For picking the `probes` nearest lists in a scan.
void CenterDistances(KMeansMetric metric, const void* query, ElementKind query_kind,
                     const VectorRows& centers, std::span<float> out);

}  // namespace pgvec::core::ivf

#include "pgvec/core/no_postgres.hpp"
