// k-means for the IVFFlat build. See kmeans.hpp for the contract; this file
// explains how the bounds stay exact in floating point.
//
// Keys and distances
// ------------------
// Every decision "which center is nearest" compares *keys*, the values the
// dispatched kernels return: squared L2 (kL2), minus the inner product
// (kSpherical; a positive per-sample factor does not change the argmin) and
// the Hamming count (kHamming). Smaller is nearer, ties go to the lower
// center index. A brute-force scan with the same kernel is the definition of
// the right answer, and the tests compare against exactly that.
//
// The triangle-inequality bounds of Elkan and Hamerly are about a true metric
// d(x, c): the Euclidean distance, the angle between x and c divided by pi, or
// the Hamming distance. A computed key is not that metric exactly: float
// sums round. For a key K the error model gives an interval [Lower(K),
// Upper(K)] that provably contains the true metric:
//   * squared L2 over n elements is a sum of non-negative terms, so the float
//     result is within (n + 2) * 2^-24 of the exact value *relatively*
//     (whatever the summation order); the distance sqrt(K) within half that,
//     plus an absolute term for underflow. We widen by rho = 4 (n + 8) 2^-24.
//   * the inner product of x with a unit center is within (n + 2) 2^-24 |x|
//     of the exact value (Cauchy-Schwarz bounds the sum of |x_i c_i|); after
//     scaling by 1/|x| the cosine is known within delta = 4 (n + 8) 2^-24, and
//     the angle is bracketed by acos(cos +- delta). The angle between two
//     vectors is a metric, whatever their norms; the centers' norms (1 up to
//     rounding) enter delta.
//   * Hamming counts are exact integers; so is every bound derived from them.
// A center c is skipped only when the bounds prove d(x, c) - d(x, a) > W, the
// widest interval a key near d(x, a) can have: then the kernel's key for c
// must exceed the key for a, and the brute-force scan would not pick c
// either. Bounds are stored as float; they are rounded down (lower) or up
// (upper) on the way, and the per-iteration updates l -= move, u += move are
// followed by a factor (1 -+ 2^-22) that absorbs the float rounding of the
// update itself, so no drift accumulates over hundreds of iterations.
//
// Memory and speed
// ----------------
// Everything is allocated in the constructor and sized by KMeansMemoryBytes,
// which stays within a few KB of pgvector's own figure for the same build
// (16 bytes per sample; the k x k and samples x k float matrices of Elkan).
// The samples rarely fit in cache, and reading rows out of order costs two
// to three times as much as streaming them, so:
//   * center sums are taken in one streaming pass over the samples into
//     k rows of doubles (8 MB at most; several passes beyond that);
//   * the samples the bounds cannot rule out are screened a chunk at a time
//     and their rows prefetched ahead; during seeding a chunk where most
//     samples need a distance anyway is measured whole, in order.
// Exact k-means++ is k passes over the samples (each draw depends on all
// distances to the previous centers); the triangle inequality skips the
// samples a new center cannot capture. Float samples are seeded on 8-bit
// codes instead, which fit in cache (SeedOnCodes); bits, and float samples
// whose codes would be too coarse (d far above k), exactly.
#include "pgvec/core/ivf/kmeans.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "pgvec/core/error.hpp"
#include "pgvec/core/half.hpp"
#include "pgvec/core/ivf/sampling.hpp"

namespace pgvec::core::ivf {
namespace {

constexpr double kUnitRoundoff = 0x1.0p-24;  // float32
constexpr float kFloatMax = std::numeric_limits<float>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Saturating size arithmetic for the memory estimate.
std::size_t Mul(std::size_t a, std::size_t b) noexcept {
  std::size_t r;
  return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}
std::size_t Add(std::size_t a, std::size_t b) noexcept {
  std::size_t r;
  return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

// Nearest float not above / not below v.
float FloatBelow(double v) noexcept {
  if (!(v > 0.0)) return 0.0f;
  if (v >= kInf) return std::numeric_limits<float>::infinity();
  float f = static_cast<float>(v);
  if (static_cast<double>(f) > v) f = std::nextafter(f, 0.0f);
  return f;
}
float FloatAbove(double v) noexcept {
  if (std::isnan(v)) return std::numeric_limits<float>::infinity();
  float f = static_cast<float>(v);
  if (static_cast<double>(f) < v) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

// Interval of the true metric for a computed key; see the file comment.
class ErrorModel {
 public:
  ErrorModel(KMeansMetric metric, std::size_t dimensions) : metric_(metric) {
    const double n = static_cast<double>(dimensions);
    if (metric == KMeansMetric::kL2) {
      rho_ = 4.0 * (n + 8.0) * kUnitRoundoff;
      // Underflow: each squared difference may lose up to 2^-149.
      alpha_ = std::sqrt(n + 1.0) * 0x1.0p-70;
      shrink_ = 1.0f - 0x1.0p-22f;
      grow_ = 1.0f + 0x1.0p-22f;
      // Interval width at the computed distance m is 2 rho m + 2 alpha, and
      // m <= (u + alpha) / (1 - rho) when the true distance is at most u.
      width_slope_ = 2.0 * rho_ / (1.0 - rho_);
      width_base_ = width_slope_ * alpha_ + 2.0 * alpha_;
    } else if (metric == KMeansMetric::kSpherical) {
      delta_ = 4.0 * (n + 8.0) * kUnitRoundoff;
      // Underflowed products, relative to |x| once scaled by 1/|x|.
      delta_abs_ = 4.0 * (n + 1.0) * 0x1.0p-149;
      shrink_ = 1.0f - 0x1.0p-22f;
      grow_ = 1.0f + 0x1.0p-22f;
      SetMaxInverseNorm(1.0);
    }
  }

  // inv_norm is 1/|x| for a spherical sample (1 between unit centers).
  double Lower(float key, double inv_norm) const noexcept {
    switch (metric_) {
      case KMeansMetric::kL2: {
        const double m = key < std::numeric_limits<float>::infinity() ? std::sqrt(static_cast<double>(key))
                                                                       : std::sqrt(static_cast<double>(kFloatMax));
        return std::max(0.0, m * (1.0 - rho_) - alpha_);
      }
      case KMeansMetric::kSpherical: {
        if (!std::isfinite(key)) return 0.0;
        const double t = -static_cast<double>(key) * inv_norm + Delta(inv_norm);
        return std::acos(std::min(1.0, t)) * std::numbers::inv_pi;
      }
      case KMeansMetric::kHamming:
        return key;
    }
    return 0.0;
  }

  double Upper(float key, double inv_norm) const noexcept {
    switch (metric_) {
      case KMeansMetric::kL2:
        if (!(key < std::numeric_limits<float>::infinity())) return kInf;
        return std::sqrt(static_cast<double>(key)) * (1.0 + rho_) + alpha_;
      case KMeansMetric::kSpherical: {
        if (!std::isfinite(key)) return 1.0;
        const double t = -static_cast<double>(key) * inv_norm - Delta(inv_norm);
        return std::acos(std::max(-1.0, t)) * std::numbers::inv_pi;
      }
      case KMeansMetric::kHamming:
        return key;
    }
    return kInf;
  }

  // The widest interval [Lower(K), Upper(K)] of a key K whose true metric is
  // at most u: if d(x, c) - d(x, a) exceeds it, key(c) > key(a). Computed
  // for every sample the bounds look at, so kept to a multiply-add.
  double Width(double u) const noexcept {
    return metric_ == KMeansMetric::kL2 ? width_slope_ * u + width_base_ : width_base_;
  }

  // Spherical: the largest 1/|x| of any sample (the widest intervals).
  void SetMaxInverseNorm(double inv_norm) noexcept {
    if (metric_ != KMeansMetric::kSpherical) return;
    // acos is steepest at +-1: no window of width 2 delta spans more.
    const double delta = Delta(std::max(1.0, inv_norm));
    width_base_ = std::acos(std::max(-1.0, 1.0 - 2.0 * delta)) * std::numbers::inv_pi;
  }

  // k-means++ weight D(x)^2: the squared L2 or Hamming distance, and for
  // spherical k-means 1 - cos, half the squared chord between the unit
  // vectors (the usual spherical k-means++; pgvector squares the angle,
  // which picks much the same directions and costs an acos per sample).
  double Weight(float key, double inv_norm) const noexcept {
    switch (metric_) {
      case KMeansMetric::kL2:
        return std::min(static_cast<double>(key), static_cast<double>(kFloatMax));
      case KMeansMetric::kSpherical:
        return std::max(0.0, 1.0 + static_cast<double>(key) * inv_norm);
      case KMeansMetric::kHamming:
        return static_cast<double>(key) * static_cast<double>(key);
    }
    return 0.0;
  }

  // Monotone in the distance across samples (for "farthest member").
  double Score(float key, double inv_norm) const noexcept {
    return metric_ == KMeansMetric::kSpherical ? static_cast<double>(key) * inv_norm : static_cast<double>(key);
  }

  float shrink() const noexcept { return shrink_; }
  float grow() const noexcept { return grow_; }

 private:
  double Delta(double inv_norm) const noexcept { return delta_ + delta_abs_ * inv_norm; }

  KMeansMetric metric_;
  double rho_ = 0.0;
  double alpha_ = 0.0;
  double delta_ = 0.0;
  double delta_abs_ = 0.0;
  double width_slope_ = 0.0;
  double width_base_ = 0.0;
  float shrink_ = 1.0f;  // exact integer arithmetic for Hamming
  float grow_ = 1.0f;
};

// kSpread[b] holds bit p of byte b (p = 0 the most significant) in byte
// lane p of a 64-bit word: adding these words counts 8 bit positions at once.
constexpr std::array<std::uint64_t, 256> MakeSpread() {
  std::array<std::uint64_t, 256> t{};
  for (int b = 0; b < 256; ++b) {
    std::uint64_t v = 0;
    for (int p = 0; p < 8; ++p) v |= static_cast<std::uint64_t>((b >> (7 - p)) & 1) << (8 * p);
    t[static_cast<std::size_t>(b)] = v;
  }
  return t;
}
constexpr std::array<std::uint64_t, 256> kSpread = MakeSpread();

// Mask of the bits of the last byte of a `bits`-long value that are used.
std::uint8_t LastByteMask(std::size_t bits) noexcept {
  const std::size_t used = bits % 8;
  return used == 0 ? 0xFF : static_cast<std::uint8_t>(0xFF << (8 - used));
}

bool FloatKind(ElementKind kind) noexcept { return kind == ElementKind::kFloat || kind == ElementKind::kHalf; }

void CheckCombination(KMeansMetric metric, ElementKind kind) {
  const bool ok = metric == KMeansMetric::kHamming ? kind == ElementKind::kBit : FloatKind(kind);
  if (!ok) throw Error(ErrorCode::kInternal, "k-means metric does not match the element type. Please report a bug.");
}

// acc[j] += x[j] * scale in double. Eigen does not vectorize the widening
// cast, so this spells out the SSE2 of the baseline ABI; the results are the
// scalar loop's, bit for bit (the same IEEE operations per element).
void AccumulateRow(double* acc, const float* x, std::size_t d, double scale) noexcept {
  std::size_t j = 0;
#if defined(__SSE2__)
  const __m128d s = _mm_set1_pd(scale);
  for (; j + 4 <= d; j += 4) {
    const __m128 v = _mm_loadu_ps(x + j);
    const __m128d lo = _mm_mul_pd(_mm_cvtps_pd(v), s);
    const __m128d hi = _mm_mul_pd(_mm_cvtps_pd(_mm_movehl_ps(v, v)), s);
    _mm_storeu_pd(acc + j, _mm_add_pd(_mm_loadu_pd(acc + j), lo));
    _mm_storeu_pd(acc + j + 2, _mm_add_pd(_mm_loadu_pd(acc + j + 2), hi));
  }
#endif
  for (; j < d; ++j) acc[j] += static_cast<double>(x[j]) * scale;
}

// First c in [c, k) with lower[c] <= max_lower and half[c] <= max_half (a
// center Elkan's bounds do not rule out), or k. Most centers are ruled out
// once the bounds settle, so this scans four at a time.
std::uint32_t NextCandidate(const float* lower, const float* half, std::uint32_t c, std::uint32_t k,
                            float max_lower, float max_half) noexcept {
#if defined(__SSE2__)
  const __m128 ml = _mm_set1_ps(max_lower);
  const __m128 mh = _mm_set1_ps(max_half);
  for (; c + 4 <= k; c += 4) {
    const __m128 ok = _mm_and_ps(_mm_cmple_ps(_mm_loadu_ps(lower + c), ml), _mm_cmple_ps(_mm_loadu_ps(half + c), mh));
    const int mask = _mm_movemask_ps(ok);
    if (mask != 0) return c + static_cast<std::uint32_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; c < k; ++c) {
    if (lower[c] <= max_lower && half[c] <= max_half) return c;
  }
  return k;
}

template <class T>
std::size_t Bytes(const std::vector<T>& v) noexcept {
  return v.capacity() * sizeof(T);
}

// Clusters whose sums are accumulated in one pass over the samples: all of
// them when k x d doubles fit in kAccumulatorBytes. For halfvec at most half
// of them, so that float centers plus sums take no more memory than
// pgvector's half centers, new centers and float sums (8 k d bytes): an
// index that builds in pgvector's maintenance_work_mem builds here too.
constexpr std::size_t kAccumulatorBytes = std::size_t{8} << 20;
std::size_t AccumulatorClusters(ElementKind kind, std::size_t k, std::size_t d) noexcept {
  const std::size_t fit = kAccumulatorBytes / (d * sizeof(double) + 1);
  const std::size_t most = kind == ElementKind::kHalf ? (k + 1) / 2 : k;
  return std::max<std::size_t>(1, std::min(most, fit));
}

// Seeding on codes (SeedOnCodes): one code byte per dimension, or per group
// of g consecutive dimensions when d is large next to k, so that the codes
// of all samples fit in the Elkan matrix (4k bytes per sample) with room to
// spare: with kHamerly, where they take their own array, the estimate stays
// below Elkan's. Beyond groups of 4 the codes would blur distinct samples
// together, and k is small enough for exact k-means++'s k passes anyway.
constexpr std::size_t kMaxSeedGroup = 4;
std::size_t SeedGroup(std::size_t d, std::size_t k) noexcept {
  const std::size_t room = k >= 2 ? 4 * k - 5 : 1;
  return (d + room - 1) / room;
}
bool SeedsOnCodes(std::size_t d, std::size_t k) noexcept {
  return k >= 2 && d > 0 && SeedGroup(d, k) <= kMaxSeedGroup;
}
std::size_t SeedCodeBytes(std::size_t d, std::size_t k) noexcept {
  if (!SeedsOnCodes(d, k)) return 0;
  const std::size_t g = SeedGroup(d, k);
  return (d + g - 1) / g;
}

}  // namespace

std::size_t KMeansMemoryBytes(std::size_t samples, std::size_t dimensions, std::size_t centers,
                              ElementKind kind, KMeansBounds bounds) noexcept {
  // Dimensions are bounded (16,000; 64,000 bits), but saturate anyway.
  const std::size_t row = dimensions > (SIZE_MAX >> 3) ? SIZE_MAX : ElementRowBytes(kind, dimensions);
  std::size_t total = 4096;  // the object, a chunk of indices, allocator slack
  total = Add(total, Mul(samples, row));
  // Per sample: assignment, upper bound, key of the assigned center, and
  // 1/|x| (float kinds, spherical) or the member order (bit): 16 bytes,
  // what pgvector spends on a sample's varlena header and its two arrays.
  total = Add(total, Mul(samples, 16));
  // Per center: s, move, shrink, split order, member offsets (5 x 4).
  total = Add(total, Mul(Add(centers, 1), 20));
  if (FloatKind(kind)) {
    // Seeding codes (SeedOnCodes): inside the Elkan matrix, or their own
    // array with kHamerly (freed after seeding).
    if (bounds == KMeansBounds::kHamerly) total = Add(total, Mul(samples, SeedCodeBytes(dimensions, centers)));
    total = Add(total, Mul(Mul(centers, dimensions), sizeof(float)));
    total = Add(total, Mul(dimensions, 4 + 4));           // center and sample scratch
    if (dimensions > 0) total = Add(total, Mul(Mul(AccumulatorClusters(kind, centers, dimensions), dimensions), 8));
  } else {
    total = Add(total, Mul(centers, row));
    total = Add(total, Add(Mul(dimensions, 4), Mul(row, 8 + 1)));  // counts, lanes, scratch
  }
  total = Add(total, Mul(Mul(centers, centers), sizeof(float)));  // half center distances
  if (bounds == KMeansBounds::kElkan) {
    total = Add(total, Mul(Mul(samples, centers), sizeof(float)));  // lower bounds
  } else {
    total = Add(total, Mul(samples, sizeof(float)));  // lower bound of the second nearest
  }
  return total;
}

// ---------------------------------------------------------------------------

struct KMeans::State {
  State(const KMeansOptions& o, const VectorRows& rows);

  // Kernel calls --------------------------------------------------------------
  // Float (or bit) view of sample i; half rows are widened into `scratch`.
  const void* Sample(std::size_t i, float* scratch) const noexcept {
    const std::byte* row = samples.Row(i);
    if (samples.kind == ElementKind::kHalf) {
      hk->to_float(reinterpret_cast<const Half*>(row), scratch, d);
      return scratch;
    }
    return row;
  }
  const void* Center(std::size_t c) const noexcept {
    if (bits) return bit_centers.data() + c * bit_row;
    return centers.data() + c * d;
  }
  void* MutableCenter(std::size_t c) noexcept {
    if (bits) return bit_centers.data() + c * bit_row;
    return centers.data() + c * d;
  }
  std::size_t CenterBytes() const noexcept { return bits ? bit_row : d * sizeof(float); }

  float Key(const void* x, const void* c) noexcept { return Key(x, c, stats.distances); }
  float Key(const void* x, const void* c, std::uint64_t& counter) noexcept {
    ++counter;
    switch (options.metric) {
      case KMeansMetric::kL2:
        return fk->l2_squared(static_cast<const float*>(x), static_cast<const float*>(c), d);
      case KMeansMetric::kSpherical:
        return -fk->inner_product(static_cast<const float*>(x), static_cast<const float*>(c), d);
      case KMeansMetric::kHamming:
        return static_cast<float>(
            bk->hamming(static_cast<const std::uint8_t*>(x), static_cast<const std::uint8_t*>(c), bit_row));
    }
    return 0.0f;
  }
  double InvNorm(std::size_t i) const noexcept { return spherical ? static_cast<double>(inv_norm[i]) : 1.0; }
  static bool Tight(float key) noexcept { return !std::isnan(key); }
  static constexpr float kNotTight = std::numeric_limits<float>::quiet_NaN();

  // Steps ---------------------------------------------------------------------
  void ComputeInverseNorms();
  void CenterFromSample(std::size_t i, void* out);
  double TotalWeight() const noexcept;
  std::uint32_t PickWeighted(double total);
  void RandomCenters();
  void SeedOnCodes();
  void AssignAllExact();
  void SortMembers();
  bool UpdateCenters();
  bool FinishFloatCenter(const double* sum, std::uint32_t members, float* out) const;
  void NewBitCenter(std::uint32_t c, std::uint8_t* out);
  void SetMove(std::uint32_t c, const void* new_center);
  void SplitEmpty();
  void DecayBounds();
  void CenterDistances(bool all);
  // Per-thread scratch of a parallel section (KMeansParallel); entry 0
  // serves serial runs. Padded so counters of two threads never share a line.
  struct alignas(64) Worker {
    std::vector<float> sample;          // d (float kinds)
    std::vector<std::uint32_t> chunk;   // kChunk sample indices
    std::uint64_t distances = 0;
    std::size_t changed = 0;
  };
  std::vector<Worker> workers;
  // fn(begin, end, worker) over [0, count): on the KMeansParallel threads
  // when there are any and the work is worth splitting, else inline. The
  // workers' distance counts are added to stats afterwards.
  // Sample loops split at multiples of kChunk (the chunked screening sees
  // the same chunks as a serial run); cluster loops (unit 1) anywhere.
  template <class Fn>
  void ParallelFor(std::size_t count, Fn&& fn) {
    ParallelFor(count, kChunk, std::forward<Fn>(fn));
  }
  template <class Fn>
  void ParallelFor(std::size_t count, std::size_t unit, Fn&& fn) {
    const std::size_t pieces = workers.size() * 4;
    const std::size_t grain = std::max<std::size_t>(unit, (count / pieces + unit - 1) / unit * unit);
    const bool split = options.parallel.run != nullptr && workers.size() > 1 && count > grain;
    if (!split) {
      fn(std::size_t{0}, count, workers[0]);
    } else {
      struct Call {
        Fn* fn;
        State* state;
      } call{&fn, this};
      options.parallel.run(
          options.parallel.context, count, grain,
          [](void* arg, std::size_t begin, std::size_t end, int worker) noexcept {
            auto* c = static_cast<Call*>(arg);
            (*c->fn)(begin, end, c->state->workers[static_cast<std::size_t>(worker)]);
          },
          &call);
    }
    for (Worker& w : workers) {
      stats.distances += w.distances;
      w.distances = 0;
    }
  }

  void AssignFrom(std::size_t x, Worker& w, const std::vector<float>& center_norm);
  std::size_t AssignElkan();
  bool ElkanSample(std::size_t x, Worker& w);
  std::size_t AssignHamerly();
  bool HamerlySample(std::size_t x);

  // Rows come from memory in an order the hardware prefetcher cannot guess
  // (only the samples the bounds do not rule out).
  void PrefetchSample(std::size_t i) const noexcept {
    const char* row = reinterpret_cast<const char*>(samples.Row(i));
    for (std::size_t b = 0; b < sample_bytes; b += 64) __builtin_prefetch(row + b, 0, 2);
  }
  static constexpr std::size_t kChunk = 256;
  static constexpr std::size_t kAhead = 2;

  KMeansOptions options;
  VectorRows samples;
  std::size_t n;
  std::size_t d;
  std::size_t k;
  bool bits;
  bool spherical;
  std::size_t bit_row;
  std::size_t sample_bytes;
  const FloatKernels* fk;
  const HalfKernels* hk;
  const BitKernels* bk;
  ErrorModel model;
  Random random;

  std::vector<float> centers;             // k x d (float kinds)
  std::vector<std::uint8_t> bit_centers;  // k x bit_row (bit)

  std::vector<std::uint32_t> assign;  // n
  std::vector<float> key_a;           // n: key of the assigned center; NaN when that
                                      //    center moved since (the bound is not tight)
  std::vector<float> upper;           // n: upper bound of d(x, assigned center)
  std::vector<float> inv_norm;        // n: 1/|x| (spherical) or |x| (L2, for seeding)
  std::vector<float> lower;           // Elkan: n x k lower bounds of d(x, c)
  std::vector<float> half_cc;         // k x k lower bounds of d(c, c') / 2
  std::vector<float> lower2;          // Hamerly: n lower bounds of the second nearest
  std::vector<float> s;               // k: min over c' of half_cc(c, c')
  std::vector<float> move;            // k: upper bound of the last move of each center
  std::vector<float> shrink;          // k: factor applied with the move (1 when unmoved)
  std::vector<std::uint32_t> offsets;     // k + 1: cluster c has offsets[c + 1] - offsets[c] members
  std::vector<std::uint32_t> order;       // n (bit): members of c are order[offsets[c] ..)
  std::vector<std::uint32_t> split_order; // k
  std::vector<double> acc;                // AccumulatorClusters x d
  std::vector<float> center_scratch;      // d (float kinds)
  std::vector<float> sample_scratch;      // d (float kinds)
  std::vector<std::uint32_t> bit_counts;  // d (bit)
  std::vector<std::uint64_t> bit_lanes;   // bit_row (bit)
  std::vector<std::uint8_t> bit_scratch;  // bit_row (bit)
  std::vector<std::uint32_t> chunk;       // kChunk sample indices

  double max_inv_norm = 1.0;
  bool seeded = false;
  bool converged = false;
  bool cc_valid = false;
  int iteration = 0;
  std::size_t changes = 0;
  KMeansStats stats;
};

KMeans::State::State(const KMeansOptions& o, const VectorRows& rows)
    : options(o),
      samples(rows),
      n(rows.count),
      d(rows.dimensions),
      k(o.centers),
      bits(rows.kind == ElementKind::kBit),
      spherical(o.metric == KMeansMetric::kSpherical),
      bit_row(ElementRowBytes(ElementKind::kBit, rows.dimensions)),
      sample_bytes(ElementRowBytes(rows.kind, rows.dimensions)),
      fk(o.float_kernels != nullptr ? o.float_kernels : &ActiveFloatKernels()),
      hk(o.half_kernels != nullptr ? o.half_kernels : &ActiveHalfKernels()),
      bk(o.bit_kernels != nullptr ? o.bit_kernels : &ActiveBitKernels()),
      model(o.metric, rows.dimensions),
      random(o.seed) {
  CheckCombination(o.metric, rows.kind);
  if (k == 0) throw Error(ErrorCode::kInternal, "k-means needs at least one center. Please report a bug.");
  if (d == 0) throw Error(ErrorCode::kInternal, "k-means needs at least one dimension. Please report a bug.");
  if (n > 0 && rows.data == nullptr) throw Error(ErrorCode::kInternal, "k-means samples are missing. Please report a bug.");
  if (rows.stride != 0 && rows.stride < ElementRowBytes(rows.kind, d))
    throw Error(ErrorCode::kInternal, "k-means sample stride is too small. Please report a bug.");
  if (n > std::numeric_limits<std::uint32_t>::max() || k > (std::uint32_t{1} << 31))
    throw Error(ErrorCode::kProgramLimitExceeded, "too many k-means samples or centers");
  if (KMeansMemoryBytes(n, d, k, rows.kind, o.bounds) == SIZE_MAX)
    throw Error(ErrorCode::kProgramLimitExceeded, "k-means memory size overflows");

  if (bits) {
    bit_centers.resize(k * bit_row);
    bit_counts.resize(d);
    bit_lanes.resize(bit_row);
    bit_scratch.resize(bit_row);
  } else {
    centers.resize(k * d);
    acc.resize(AccumulatorClusters(rows.kind, k, d) * d);
    center_scratch.resize(d);
    sample_scratch.resize(d);
    inv_norm.resize(n);  // both float metrics (see the field)
  }
  assign.resize(n);
  key_a.resize(n);
  upper.resize(n);
  if (bits) order.resize(n);
  half_cc.resize(k * k);
  if (o.bounds == KMeansBounds::kElkan) {
    lower.resize(n * k);
  } else {
    lower2.resize(n);
  }
  s.resize(k);
  move.resize(k);
  shrink.resize(k);
  offsets.resize(k + 1);
  split_order.resize(k);
  chunk.resize(kChunk);
  workers.resize(static_cast<std::size_t>(std::max(1, o.parallel.run != nullptr ? o.parallel.workers : 1)));
  for (Worker& w : workers) {
    if (!bits) w.sample.resize(d);
    w.chunk.resize(kChunk);
  }
}

void KMeans::State::ComputeInverseNorms() {
  for (std::size_t i = 0; i < n; ++i) {
    const auto* x = static_cast<const float*>(Sample(i, sample_scratch.data()));
    const double norm = std::sqrt(fk->norm_squared_f64(x, d));
    // |x . c| <= |x| for a unit center c, and so is every partial sum:
    // below 1e38 no float dot product can overflow. Above 1e-30, 1/|x| is a
    // normal float and underflow stays far below the error margin. (The
    // glue normalizes the samples, as pgvector does; norms are then ~1.)
    if (!(norm >= 1e-30) || !(norm <= 1e38))
      throw Error(ErrorCode::kInternal, "k-means sample " + std::to_string(i) +
                                            " has a zero or out-of-range norm. Please report a bug.");
    inv_norm[i] = static_cast<float>(1.0 / norm);
    max_inv_norm = std::max(max_inv_norm, static_cast<double>(inv_norm[i]));
  }
  model.SetMaxInverseNorm(max_inv_norm);
}

// A center placed on sample i: a copy (bits with the padding cleared), or
// for spherical k-means the sample's direction.
void KMeans::State::CenterFromSample(std::size_t i, void* out) {
  if (bits) {
    auto* o = static_cast<std::uint8_t*>(out);
    std::memcpy(o, samples.Row(i), bit_row);
    o[bit_row - 1] &= LastByteMask(d);
    return;
  }
  auto* o = static_cast<float*>(out);
  const auto* x = static_cast<const float*>(Sample(i, sample_scratch.data()));
  if (spherical) {
    const double scale = inv_norm[i];  // float -> double, exact
    for (std::size_t j = 0; j < d; ++j) o[j] = static_cast<float>(static_cast<double>(x[j]) * scale);
  } else if (x != o) {
    std::memcpy(o, x, d * sizeof(float));
  }
}

// Sum of the k-means++ weights of all samples, in sample order.
double KMeans::State::TotalWeight() const noexcept {
  double total = 0.0;
  for (std::size_t x = 0; x < n; ++x) total += model.Weight(key_a[x], InvNorm(x));
  return total;
}

// Index drawn with probability weight(x) / total (k-means++). When every
// weight is zero (all samples coincide with a chosen center) any sample will
// do: the center duplicates one and its list stays empty.
std::uint32_t KMeans::State::PickWeighted(double total) {
  if (!(total > 0.0)) return static_cast<std::uint32_t>(random.Below(n));
  const double r = random.Uniform() * total;
  double cumulative = 0.0;
  std::size_t last = 0;
  // Same summation order as TotalWeight, so the scan ends at total.
  for (std::size_t x = 0; x < n; ++x) {
    const double w = model.Weight(key_a[x], InvNorm(x));
    if (w > 0.0) {
      cumulative += w;
      last = x;
      if (cumulative > r) return static_cast<std::uint32_t>(x);
    }
  }
  return static_cast<std::uint32_t>(last);
}

// No samples: random centers, as pgvector does.
void KMeans::State::RandomCenters() {
  if (bits) {
    for (std::size_t c = 0; c < k; ++c) {
      std::uint8_t* row = bit_centers.data() + c * bit_row;
      for (std::size_t j = 0; j < bit_row; ++j) row[j] = static_cast<std::uint8_t>(random.Next() >> 56);
      row[bit_row - 1] &= LastByteMask(d);
    }
    return;
  }
  for (std::size_t c = 0; c < k; ++c) {
    float* row = centers.data() + c * d;
    for (std::size_t j = 0; j < d; ++j) row[j] = static_cast<float>(random.Next() >> 40) * 0x1.0p-24f;
    if (spherical) {
      const double norm = std::sqrt(fk->norm_squared_f64(row, d));
      if (norm > 0.0) {
        for (std::size_t j = 0; j < d; ++j) row[j] = static_cast<float>(row[j] / norm);
      } else {
        row[0] = 1.0f;
      }
    }
  }
}

// k-means++ for float kinds, drawn on 8-bit codes of the samples.
//
// Exact k-means++ makes k passes over all the samples, each depending on the
// previous draw: k streams of n float rows that rarely fit in cache (39 MB
// for 12,500 Fashion-MNIST samples, 250 passes: more time than all the
// Lloyd steps). The draws only need D(x)^2 roughly: k-means++'s guarantee
// degrades gently with approximate distances. So the samples are coded
// once, with one step for every dimension (the widest dimension's range /
// 255, each dimension from its own minimum; directions for spherical
// k-means): the squared distance between codes, an exact integer, is the
// squared L2 distance (or twice 1 - cos) divided by step^2, up to the
// rounding of the codes. When d is large next to k, groups of g consecutive
// dimensions are summed first (a projection that keeps most of the distance
// of real data), so the codes fit in the Elkan matrix before it is filled
// (SeedCodeBytes). A pass then reads the codes from cache with integer
// arithmetic.
//
// The centers are the drawn samples themselves, exactly; the bounds Lloyd's
// steps need are then set from exact keys (AssignFrom), starting from the
// center the codes found nearest, so Elkan's center test rules out most of
// the others.
void KMeans::State::SeedOnCodes() {
  const std::size_t m = SeedCodeBytes(d, k);
  const std::size_t g = SeedGroup(d, k);
  // Group sums of sample x (of its direction for spherical k-means).
  auto grouped = [&](std::size_t x, float* scratch, double* out) {
    const auto* row = static_cast<const float*>(Sample(x, scratch));
    const double scale = spherical ? static_cast<double>(inv_norm[x]) : 1.0;
    for (std::size_t j = 0; j < m; ++j) {
      double sum = 0.0;
      for (std::size_t i = j * g; i < std::min(d, (j + 1) * g); ++i) sum += static_cast<double>(row[i]);
      out[j] = sum * scale;
    }
  };

  // The codes: in the Elkan matrix (filled only afterwards, by AssignFrom),
  // else in their own array (counted by KMeansMemoryBytes).
  std::vector<std::uint8_t> own_codes;
  std::uint8_t* codes;
  if (options.bounds == KMeansBounds::kElkan) {
    codes = reinterpret_cast<std::uint8_t*>(lower.data());
  } else {
    own_codes.resize(n * m);
    codes = own_codes.data();
  }

  // Offsets and step. A few far-away samples must not take the resolution
  // of all the others (those would code alike, weigh 0 and never be drawn):
  // each group's range runs between the 0.1% and 99.9% quantiles of up to
  // 1,024 random samples (at most an eighth: their values, as
  // doubles, wait in the codes' memory until the codes are written; the
  // same samples whatever the bounds, so Elkan and Hamerly seed alike). The step is the widest such range / 255,
  // and each group's range sits in the middle of 0..255; values beyond
  // clamp to 0 or 255 (outliers still weigh the most).
  std::vector<double> lo(m, kInf), hi(m, -kInf), v(m);
  const std::size_t probe = std::min<std::size_t>(1024, n / 8);
  if (probe == 0) {  // fewer than 8 samples: all of them
    for (std::size_t x = 0; x < n; ++x) {
      grouped(x, sample_scratch.data(), v.data());
      for (std::size_t j = 0; j < m; ++j) {
        lo[j] = std::min(lo[j], v[j]);
        hi[j] = std::max(hi[j], v[j]);
      }
    }
  } else {
    // Drawn at random (with a seed of their own): evenly spaced samples
    // would alias with periodic tables and miss whole clusters.
    auto* values = reinterpret_cast<double*>(codes);  // group j at values[j * probe ..]
    Random pick(options.seed ^ 0x9e3779b97f4a7c15ULL);
    for (std::size_t i = 0; i < probe; ++i) {
      grouped(pick.Below(n), sample_scratch.data(), v.data());
      for (std::size_t j = 0; j < m; ++j) values[j * probe + i] = v[j];
    }
    const std::size_t cut = (probe - 1) / 1000;
    for (std::size_t j = 0; j < m; ++j) {
      double* group = values + j * probe;
      std::nth_element(group, group + cut, group + probe);
      lo[j] = group[cut];
      std::nth_element(group, group + (probe - 1 - cut), group + probe);
      hi[j] = group[probe - 1 - cut];
    }
  }
  double widest = 0.0;
  for (std::size_t j = 0; j < m; ++j) widest = std::max(widest, hi[j] - lo[j]);
  const double inv_step = widest > 0.0 && std::isfinite(widest) ? 255.0 / widest : 0.0;
  std::vector<double> offset(m);
  for (std::size_t j = 0; j < m; ++j) offset[j] = inv_step > 0.0 ? 0.5 * (lo[j] + hi[j]) - 127.5 / inv_step : lo[j];

  ParallelFor(n, [&](std::size_t begin, std::size_t end, Worker& w) {
    std::vector<double> row(m);
    for (std::size_t x = begin; x < end; ++x) {
      grouped(x, w.sample.data(), row.data());
      std::uint8_t* code = codes + x * m;
      for (std::size_t j = 0; j < m; ++j) {
        code[j] = static_cast<std::uint8_t>(std::clamp((row[j] - offset[j]) * inv_step + 0.5, 0.0, 255.0));
      }
    }
  });

  // Weights: integer code distances kept as floats in `upper` (free until
  // AssignFrom), summed in sample order: the same draws on any number of
  // threads. assign[x] tracks the center nearest in codes, the starting
  // point of AssignFrom.
  std::uint32_t chosen = static_cast<std::uint32_t>(random.Below(n));
  for (std::uint32_t i = 0; i < k; ++i) {
    CenterFromSample(chosen, MutableCenter(i));
    const std::uint8_t* center_code = codes + static_cast<std::size_t>(chosen) * m;
    ParallelFor(n, [&](std::size_t begin, std::size_t end, Worker&) {
      for (std::size_t x = begin; x < end; ++x) {
        const float w = static_cast<float>(fk->u8_l2_squared(codes + x * m, center_code, m));
        if (i == 0 || w < upper[x]) {
          upper[x] = w;
          assign[x] = i;
        }
      }
    });
    if (i + 1 == k) break;
    double total = 0.0;
    for (std::size_t x = 0; x < n; ++x) total += upper[x];
    // When every sample codes like a chosen center any sample will do (a
    // duplicate center's list stays empty, as with exact k-means++).
    chosen = static_cast<std::uint32_t>(random.Below(n));
    if (total > 0.0) {
      const double r = random.Uniform() * total;
      double cumulative = 0.0;
      for (std::size_t x = 0; x < n; ++x) {
        if (upper[x] <= 0.0f) continue;
        cumulative += upper[x];
        chosen = static_cast<std::uint32_t>(x);
        if (cumulative > r) break;
      }
    }
  }
  std::vector<std::uint8_t>().swap(own_codes);

  // Exact keys and bounds for the chosen centers. kL2: with the centers'
  // norms for a second test, d(x, c) >= | |x| - |c| | (the triangle
  // inequality through the origin), which rules out many more centers when
  // norms vary (bright and dark images).
  CenterDistances(true);
  cc_valid = true;
  std::vector<float> center_norm;
  if (options.metric == KMeansMetric::kL2) {
    center_norm.resize(k);
    for (std::size_t c = 0; c < k; ++c) {
      center_norm[c] = static_cast<float>(std::sqrt(fk->norm_squared_f64(centers.data() + c * d, d)));
    }
  }
  ParallelFor(n, [&](std::size_t begin, std::size_t end, Worker& w) {
    for (std::size_t x = begin; x < end; ++x) AssignFrom(x, w, center_norm);
  });
  std::fill(move.begin(), move.end(), 0.0f);
}

// Nearest center of sample x by exact keys, starting from assign[x]; sets
// key_a, upper and the lower bounds (every center's with kElkan, the
// second nearest's with kHamerly). A center c is not measured when Elkan's
// center test proves it farther than the current best: d(best, c) / 2 above
// u plus the error margin (see the file comment); its lower bound is then
// d(best, c) - u. Ties go to the lower index, as in a brute-force scan.
void KMeans::State::AssignFrom(std::size_t x, Worker& w, const std::vector<float>& center_norm) {
  const bool elkan = options.bounds == KMeansBounds::kElkan;
  const double nu = InvNorm(x);
  const void* xp = Sample(x, w.sample.data());
  // Norms are taken in double and kept as floats; the test allows 2^-23 of
  // |x| + |c| for that rounding.
  const bool norm_test = !center_norm.empty();
  const double x_norm =
      norm_test ? static_cast<float>(std::sqrt(fk->norm_squared_f64(static_cast<const float*>(xp), d))) : 0.0;
  const std::uint32_t start = assign[x];
  std::uint32_t best = start;
  float best_key = Key(xp, Center(start), w.distances);
  float* lower_row = elkan ? lower.data() + x * k : nullptr;
  if (elkan) lower_row[start] = FloatBelow(model.Lower(best_key, nu));
  double u = model.Upper(best_key, nu);
  const float* hrow = half_cc.data() + static_cast<std::size_t>(best) * k;
  float skip_half = FloatAbove(u + 0.5 * model.Width(u));
  double second = kInf;
  for (std::uint32_t c = 0; c < k; ++c) {
    if (c == start) continue;
    if (hrow[c] > skip_half) {
      const double bound = 2.0 * static_cast<double>(hrow[c]) - u;
      if (elkan) lower_row[c] = FloatBelow(bound);
      second = std::min(second, bound);
      continue;
    }
    if (norm_test) {
      const double cn = center_norm[c];
      const double gap = std::fabs(x_norm - cn) - 0x1.0p-23 * (x_norm + cn);
      if (gap > u + model.Width(u)) {
        if (elkan) lower_row[c] = FloatBelow(gap);
        second = std::min(second, gap);
        continue;
      }
    }
    const float kc = Key(xp, Center(c), w.distances);
    const double lc = model.Lower(kc, nu);
    if (elkan) lower_row[c] = FloatBelow(lc);
    if (kc < best_key || (kc == best_key && c < best)) {
      second = std::min(second, model.Lower(best_key, nu));
      best = c;
      best_key = kc;
      u = model.Upper(kc, nu);
      hrow = half_cc.data() + static_cast<std::size_t>(best) * k;
      skip_half = FloatAbove(u + 0.5 * model.Width(u));
    } else {
      second = std::min(second, lc);
    }
  }
  assign[x] = best;
  key_a[x] = best_key;
  upper[x] = FloatAbove(u);
  if (!elkan) lower2[x] = second < kInf ? FloatBelow(second) : std::numeric_limits<float>::infinity();
}

// Every sample against every center (after SeedWithCenters): exact keys
// and bounds.
void KMeans::State::AssignAllExact() {
  const bool elkan = options.bounds == KMeansBounds::kElkan;
  for (std::size_t x = 0; x < n; ++x) {
    const void* xp = Sample(x, sample_scratch.data());
    const double nu = InvNorm(x);
    std::uint32_t best = 0;
    float best_key = 0.0f;
    double second = kInf;
    for (std::uint32_t c = 0; c < k; ++c) {
      const float key = Key(xp, Center(c));
      const double lo = model.Lower(key, nu);
      if (elkan) lower[x * k + c] = FloatBelow(lo);
      if (c == 0 || key < best_key) {
        if (c != 0) second = std::min(second, model.Lower(best_key, nu));
        best = c;
        best_key = key;
      } else {
        second = std::min(second, lo);
      }
    }
    assign[x] = best;
    key_a[x] = best_key;
    upper[x] = FloatAbove(model.Upper(best_key, nu));
    if (!elkan) lower2[x] = second < kInf ? FloatBelow(second) : std::numeric_limits<float>::infinity();
  }
}

// Members per cluster; for bit samples also a counting sort of the samples
// by cluster (stable: members ascend).
void KMeans::State::SortMembers() {
  std::fill(offsets.begin(), offsets.end(), 0u);
  for (std::size_t i = 0; i < n; ++i) ++offsets[assign[i] + 1];
  for (std::size_t c = 0; c < k; ++c) offsets[c + 1] += offsets[c];
  if (!bits) return;  // float sums stream over the samples instead
  // split_order doubles as the fill cursor here; SplitEmpty resets it.
  std::copy(offsets.begin(), offsets.end() - 1, split_order.begin());
  for (std::size_t i = 0; i < n; ++i) order[split_order[assign[i]]++] = static_cast<std::uint32_t>(i);
}

// Mean of a cluster's members from their sum (spherical: the normalized
// sum of their directions). Returns false when the center must stay (a
// spherical sum of zero length).
bool KMeans::State::FinishFloatCenter(const double* sum_data, std::uint32_t members, float* out) const {
  const Eigen::Map<const Eigen::VectorXd> sum(sum_data, static_cast<Eigen::Index>(d));
  Eigen::Map<Eigen::VectorXf> result(out, static_cast<Eigen::Index>(d));
  if (spherical) {
    const double norm = sum.norm();
    if (!(norm > 0.0) || !std::isfinite(norm)) return false;
    result = (sum / norm).cast<float>();
  } else {
    // A mean of finite floats is finite: no overflow check needed.
    result = (sum / static_cast<double>(members)).cast<float>();
  }
  return true;
}

// Majority vote per bit: 1 when more than half of the members have it.
void KMeans::State::NewBitCenter(std::uint32_t c, std::uint8_t* out) {
  std::fill(bit_counts.begin(), bit_counts.end(), 0u);
  std::fill(bit_lanes.begin(), bit_lanes.end(), 0u);
  auto flush = [&] {
    for (std::size_t j = 0; j < bit_row; ++j) {
      const std::uint64_t lanes = bit_lanes[j];
      if (lanes == 0) continue;
      for (std::size_t p = 0; p < 8 && 8 * j + p < d; ++p) bit_counts[8 * j + p] += (lanes >> (8 * p)) & 0xFF;
      bit_lanes[j] = 0;
    }
  };
  const std::uint32_t begin = offsets[c];
  const std::uint32_t end = offsets[c + 1];
  int pending = 0;
  for (std::uint32_t m = begin; m < end; ++m) {
    const auto* row = reinterpret_cast<const std::uint8_t*>(samples.Row(order[m]));
    for (std::size_t j = 0; j < bit_row; ++j) bit_lanes[j] += kSpread[row[j]];
    if (++pending == 255) {  // byte lanes hold up to 255
      flush();
      pending = 0;
    }
  }
  flush();
  const std::uint64_t members = end - begin;
  std::memset(out, 0, bit_row);
  for (std::size_t i = 0; i < d; ++i) {
    if (2 * static_cast<std::uint64_t>(bit_counts[i]) > members) out[i / 8] |= static_cast<std::uint8_t>(0x80 >> (i % 8));
  }
}

// Moves center c to new_center, recording an upper bound of the move.
void KMeans::State::SetMove(std::uint32_t c, const void* new_center) {
  void* old = MutableCenter(c);
  if (std::memcmp(old, new_center, CenterBytes()) == 0) {
    move[c] = 0.0f;
    shrink[c] = 1.0f;
    return;
  }
  const float key = Key(old, new_center);
  move[c] = FloatAbove(model.Upper(key, 1.0));
  shrink[c] = model.shrink();
  std::memcpy(old, new_center, CenterBytes());
}

// New centers (the means); returns whether some cluster is empty.
bool KMeans::State::UpdateCenters() {
  bool any_empty = false;
  for (std::uint32_t c = 0; c < k; ++c) {
    move[c] = 0.0f;
    shrink[c] = 1.0f;
    any_empty |= offsets[c] == offsets[c + 1];
  }
  if (bits) {
    for (std::uint32_t c = 0; c < k; ++c) {
      if (offsets[c] == offsets[c + 1]) continue;
      NewBitCenter(c, bit_scratch.data());
      SetMove(c, bit_scratch.data());
    }
    return any_empty;
  }
  // Sums of `group` clusters at a time, over the samples in storage order:
  // one streaming pass when all k fit the accumulator (rows read in cluster
  // order would be random reads, several times slower). Each cluster's sum
  // still adds its members in increasing sample order.
  const std::size_t group = acc.size() / d;
  for (std::size_t g0 = 0; g0 < k; g0 += group) {
    const std::size_t g1 = std::min(k, g0 + group);
    std::fill(acc.begin(), acc.begin() + static_cast<std::ptrdiff_t>((g1 - g0) * d), 0.0);
    // In parallel, each thread sums a range of the clusters (its own rows of
    // the accumulator) over all samples: every sum keeps its order.
    ParallelFor(g1 - g0, 1, [&](std::size_t begin, std::size_t end, Worker& w) {
      const std::size_t c0 = g0 + begin, c1 = g0 + end;
      for (std::size_t x = 0; x < n; ++x) {
        const std::uint32_t a = assign[x];
        if (a < c0 || a >= c1) continue;
        const auto* row = static_cast<const float*>(Sample(x, w.sample.data()));
        // x * 1.0 is exact: the L2 sum is the plain sum.
        AccumulateRow(acc.data() + (a - g0) * d, row, d, spherical ? inv_norm[x] : 1.0);
      }
    });
    for (std::size_t c = g0; c < g1; ++c) {
      const std::uint32_t members = offsets[c + 1] - offsets[c];
      if (members == 0) continue;
      if (FinishFloatCenter(acc.data() + (c - g0) * d, members, center_scratch.data()))
        SetMove(static_cast<std::uint32_t>(c), center_scratch.data());
    }
  }
  return any_empty;
}

// Refills empty clusters: each takes the farthest member of a different
// cluster, largest clusters first (see KMeans::Iterate). The assignment that
// follows moves that member, and whatever is nearer to it, over.
void KMeans::State::SplitEmpty() {
  for (std::uint32_t c = 0; c < k; ++c) split_order[c] = c;
  std::sort(split_order.begin(), split_order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const std::uint32_t size_a = offsets[a + 1] - offsets[a];
    const std::uint32_t size_b = offsets[b + 1] - offsets[b];
    return size_a != size_b ? size_a > size_b : a < b;
  });
  void* candidate = bits ? static_cast<void*>(bit_scratch.data()) : static_cast<void*>(center_scratch.data());
  std::size_t next = 0;
  for (std::uint32_t e = 0; e < k; ++e) {
    if (offsets[e] != offsets[e + 1]) continue;
    bool done = false;
    while (!done && next < k) {
      const std::uint32_t j = split_order[next++];
      if (offsets[j + 1] - offsets[j] < 2) {
        next = k;  // the rest are smaller still: nothing left to split
        break;
      }
      // Farthest member of j from its (new) center; lowest index on ties.
      // (Empty clusters are rare: a scan of all samples is fine.)
      double farthest = -kInf;
      std::size_t p = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (assign[i] != j) continue;
        const double score = model.Score(Key(Sample(i, sample_scratch.data()), Center(j)), InvNorm(i));
        if (score > farthest) {
          farthest = score;
          p = i;
        }
      }
      CenterFromSample(p, candidate);
      // Every member coincides with the center: j cannot be split.
      if (std::memcmp(candidate, Center(j), CenterBytes()) == 0) continue;
      SetMove(e, candidate);
      ++stats.splits;
      done = true;
    }
    if (!done) break;  // the remaining empty clusters keep their centers
  }
}

// Centers moved: lower bounds drop and upper bounds grow by the moves.
void KMeans::State::DecayBounds() {
  const float grow = model.grow();
  const bool elkan = options.bounds == KMeansBounds::kElkan;
  ParallelFor(n, [&](std::size_t begin, std::size_t end, Worker&) {
    for (std::size_t x = begin; x < end; ++x) {
      const float m = move[assign[x]];
      if (m > 0.0f) {
        upper[x] = (upper[x] + m) * grow;
        key_a[x] = kNotTight;
      }
    }
    if (!elkan) return;
    const float* mv = move.data();
    const float* sh = shrink.data();
    for (std::size_t x = begin; x < end; ++x) {
      float* row = lower.data() + x * k;
      std::size_t c = 0;
#if defined(__SSE2__)
      // The same IEEE operations as the loop below, four at a time (the
      // compiler does not vectorize it: row may alias mv and sh).
      const __m128 zero = _mm_setzero_ps();
      for (; c + 4 <= k; c += 4) {
        const __m128 v = _mm_mul_ps(_mm_sub_ps(_mm_loadu_ps(row + c), _mm_loadu_ps(mv + c)), _mm_loadu_ps(sh + c));
        _mm_storeu_ps(row + c, _mm_and_ps(v, _mm_cmpgt_ps(v, zero)));
      }
#endif
      for (; c < k; ++c) {
        const float v = (row[c] - mv[c]) * sh[c];
        row[c] = v > 0.0f ? v : 0.0f;
      }
    }
  });
  if (!elkan) {
    // Each sample's second-nearest bound drops by the largest move among
    // the centers it is not assigned to.
    std::uint32_t top = 0;
    for (std::uint32_t c = 1; c < k; ++c) {
      if (move[c] > move[top]) top = c;
    }
    float second = 0.0f;
    for (std::uint32_t c = 0; c < k; ++c) {
      if (c != top) second = std::max(second, move[c]);
    }
    const float shrink_factor = model.shrink();
    for (std::size_t x = 0; x < n; ++x) {
      const float m = assign[x] == top ? second : move[top];
      if (m > 0.0f) {
        const float v = (lower2[x] - m) * shrink_factor;
        lower2[x] = v > 0.0f ? v : 0.0f;
      }
    }
  }
}

// Half the distance between centers (lower bounds), and s(c), half the
// distance to c's nearest other center. Only pairs where a center moved are
// measured again.
void KMeans::State::CenterDistances(bool all) {
  std::fill(s.begin(), s.end(), std::numeric_limits<float>::infinity());
  // Blocks of centers stay in cache while the other side streams.
  constexpr std::uint32_t kBlock = 16;
  for (std::uint32_t i0 = 0; i0 < k; i0 += kBlock) {
    const std::uint32_t i1 = std::min<std::uint32_t>(static_cast<std::uint32_t>(k), i0 + kBlock);
    for (std::uint32_t j = i0; j < k; ++j) {
      for (std::uint32_t i = i0; i < std::min(i1, j); ++i) {
        float half;
        if (!all && move[i] == 0.0f && move[j] == 0.0f) {
          half = half_cc[i * k + j];
        } else {
          half = FloatBelow(model.Lower(Key(Center(i), Center(j)), 1.0) * 0.5);
          half_cc[i * k + j] = half;
          half_cc[j * k + i] = half;
        }
        s[i] = std::min(s[i], half);
        s[j] = std::min(s[j], half);
      }
    }
  }
  for (std::size_t c = 0; c < k; ++c) half_cc[c * k + c] = 0.0f;
}

// Elkan's steps 2-3 for every sample; returns the number reassigned.
// Samples are screened a chunk at a time (step 2, bounds only), so the rows
// of those that need distances can be prefetched a few samples ahead.
std::size_t KMeans::State::AssignElkan() {
  for (Worker& w : workers) w.changed = 0;
  ParallelFor(n, [&](std::size_t begin, std::size_t end, Worker& w) {
    std::uint32_t* chunk_of = w.chunk.data();
    for (std::size_t x0 = begin; x0 < end; x0 += kChunk) {
      const std::size_t x1 = std::min(end, x0 + kChunk);
      std::size_t m = 0;
      for (std::size_t x = x0; x < x1; ++x) {
        const double u = upper[x];
        if (!(static_cast<double>(s[assign[x]]) > u + 0.5 * model.Width(u))) chunk_of[m++] = static_cast<std::uint32_t>(x);
      }
      for (std::size_t j = 0; j < m; ++j) {
        if (j + kAhead < m) PrefetchSample(chunk_of[j + kAhead]);
        if (ElkanSample(chunk_of[j], w)) ++w.changed;
      }
    }
  });
  std::size_t changed = 0;
  for (const Worker& w : workers) changed += w.changed;
  return changed;
}

// Step 3 for one sample: every center the bounds cannot rule out.
bool KMeans::State::ElkanSample(std::size_t x, Worker& w) {
  const std::uint32_t start = assign[x];
  std::uint32_t a = start;
  const double nu = InvNorm(x);
  double u = upper[x];
  // c is ruled out when lrow[c] > skip_lower or half_cc(a, c) > skip_half;
  // the thresholds are rounded up, so comparing floats stays conservative.
  float skip_lower = 0.0f;
  float skip_half = 0.0f;
  auto set_thresholds = [&] {
    const double w = model.Width(u);
    skip_lower = FloatAbove(u + w);
    skip_half = FloatAbove(u + 0.5 * w);
  };
  set_thresholds();
  float key = key_a[x];
  bool is_tight = Tight(key);
  float* lrow = lower.data() + x * k;
  const float* hrow = half_cc.data() + static_cast<std::size_t>(a) * k;
  const void* xp = nullptr;
  const auto kk = static_cast<std::uint32_t>(k);
  for (std::uint32_t c = 0; (c = NextCandidate(lrow, hrow, c, kk, skip_lower, skip_half)) < kk; ++c) {
    if (c == a) continue;
    if (xp == nullptr) xp = Sample(x, w.sample.data());
    if (!is_tight) {
      key = Key(xp, Center(a), w.distances);
      u = model.Upper(key, nu);
      lrow[a] = FloatBelow(model.Lower(key, nu));
      is_tight = true;
      set_thresholds();
      if (lrow[c] > skip_lower || hrow[c] > skip_half) continue;
    }
    const float kc = Key(xp, Center(c), w.distances);
    lrow[c] = FloatBelow(model.Lower(kc, nu));
    if (kc < key || (kc == key && c < a)) {
      a = c;
      key = kc;
      u = model.Upper(kc, nu);
      hrow = half_cc.data() + static_cast<std::size_t>(a) * k;
      set_thresholds();
    }
  }
  assign[x] = a;
  key_a[x] = key;  // NaN still when never tightened
  upper[x] = FloatAbove(u);
  return a != start;
}

// Hamerly: skip x when its upper bound is below both half the distance from
// its center to the nearest other center and the second-nearest bound;
// otherwise tighten, and if that is not enough scan every center.
std::size_t KMeans::State::AssignHamerly() {
  std::size_t changed = 0;
  for (std::size_t x0 = 0; x0 < n; x0 += kChunk) {
    const std::size_t x1 = std::min(n, x0 + kChunk);
    std::size_t m = 0;
    for (std::size_t x = x0; x < x1; ++x) {
      const double u = upper[x];
      const double w = model.Width(u);
      if (!(static_cast<double>(s[assign[x]]) > u + 0.5 * w || static_cast<double>(lower2[x]) > u + w))
        chunk[m++] = static_cast<std::uint32_t>(x);
    }
    for (std::size_t j = 0; j < m; ++j) {
      if (j + kAhead < m) PrefetchSample(chunk[j + kAhead]);
      if (HamerlySample(chunk[j])) ++changed;
    }
  }
  return changed;
}

bool KMeans::State::HamerlySample(std::size_t x) {
  const std::uint32_t start = assign[x];
  const double nu = InvNorm(x);
  const void* xp = Sample(x, sample_scratch.data());
  float key = key_a[x];
  if (!Tight(key)) {
    key = Key(xp, Center(start));
    const double u = model.Upper(key, nu);
    const double w = model.Width(u);
    key_a[x] = key;
    upper[x] = FloatAbove(u);
    if (static_cast<double>(s[start]) > u + 0.5 * w || static_cast<double>(lower2[x]) > u + w) return false;
  }
  // Scan the centers, skipping those Elkan's center test rules out: if
  // d(a, c) / 2 > u (plus margin), c cannot be nearer than a, and
  // d(x, c) >= d(a, c) - u still bounds the second nearest.
  std::uint32_t best = start;
  float best_key = key;
  double u = model.Upper(key, nu);
  const float* hrow = half_cc.data() + static_cast<std::size_t>(best) * k;
  float skip_half = FloatAbove(u + 0.5 * model.Width(u));
  double second = kInf;  // lower bound of the nearest among the others
  for (std::uint32_t c = 0; c < k; ++c) {
    if (c == start || c == best) continue;  // start's bound joined `second` when it lost
    if (hrow[c] > skip_half) {
      second = std::min(second, 2.0 * static_cast<double>(hrow[c]) - u);
      continue;
    }
    const float kc = Key(xp, Center(c));
    if (kc < best_key || (kc == best_key && c < best)) {
      second = std::min(second, model.Lower(best_key, nu));
      best = c;
      best_key = kc;
      u = model.Upper(kc, nu);
      hrow = half_cc.data() + static_cast<std::size_t>(best) * k;
      skip_half = FloatAbove(u + 0.5 * model.Width(u));
    } else {
      second = std::min(second, model.Lower(kc, nu));
    }
  }
  assign[x] = best;
  key_a[x] = best_key;
  upper[x] = FloatAbove(u);
  lower2[x] = second < kInf ? FloatBelow(second) : std::numeric_limits<float>::infinity();
  return best != start;
}

// ---------------------------------------------------------------------------

KMeans::KMeans(const KMeansOptions& options, const VectorRows& samples)
    : state_(std::make_unique<State>(options, samples)) {}

KMeans::~KMeans() = default;

void KMeans::Seed() {
  State& st = *state_;
  if (st.seeded) throw Error(ErrorCode::kInternal, "k-means is already seeded. Please report a bug.");
  st.seeded = true;
  if (st.n == 0) {
    st.RandomCenters();
    st.converged = true;
    return;
  }
  if (st.spherical) st.ComputeInverseNorms();
  const std::uint64_t distances_before = st.stats.distances;
  if (!st.bits && SeedsOnCodes(st.d, st.k)) {
    st.SeedOnCodes();
    st.stats.seed_distances = st.stats.distances - distances_before;
    return;
  }
  const bool elkan = st.options.bounds == KMeansBounds::kElkan;
  const std::size_t n = st.n;
  const std::size_t k = st.k;

  // kL2: the norms, for a second test during seeding: d(x, c) >= | |x| - |c| |
  // (the triangle inequality through the origin), which rules out many
  // samples when norms vary (bright and dark images) at the cost of one
  // subtraction. Norms are taken in double and kept as floats; the test
  // allows 2^-23 of |x| + |c| for that rounding.
  const bool norm_test = st.options.metric == KMeansMetric::kL2;
  if (norm_test) {
    st.ParallelFor(n, [&](std::size_t begin, std::size_t end, State::Worker& w) {
      for (std::size_t x = begin; x < end; ++x) {
        const auto* row = static_cast<const float*>(st.Sample(x, w.sample.data()));
        st.inv_norm[x] = static_cast<float>(std::sqrt(st.fk->norm_squared_f64(row, st.d)));
      }
    });
  }

  // k-means++ (Arthur & Vassilvitskii 2007): first center uniform.
  st.CenterFromSample(st.random.Below(n), st.MutableCenter(0));
  st.ParallelFor(n, [&](std::size_t begin, std::size_t end, State::Worker& w) {
    for (std::size_t x = begin; x < end; ++x) {
      const double nu = st.InvNorm(x);
      const float key = st.Key(st.Sample(x, w.sample.data()), st.Center(0), w.distances);
      st.assign[x] = 0;
      st.key_a[x] = key;
      st.upper[x] = FloatAbove(st.model.Upper(key, nu));
      if (elkan) {
        st.lower[x * k] = FloatBelow(st.model.Lower(key, nu));
      } else {
        st.lower2[x] = std::numeric_limits<float>::infinity();
      }
    }
  });
  double total = st.TotalWeight();

  // Each next center: a sample drawn with probability D(x)^2 / sum D^2.
  // Only samples the new center can capture are measured: if the new center
  // c is at least 2 u(x) (plus the error margin) from x's current center a,
  // then d(x, c) >= d(a, c) - d(x, a) > d(x, a) and x stays put (the
  // triangle-inequality shortcut pgvector leaves as a TODO).
  std::vector<float>& center_lower = st.move;  // free until Iterate
  for (std::uint32_t i = 1; i < k; ++i) {
    st.CenterFromSample(st.PickWeighted(total), st.MutableCenter(i));
    for (std::uint32_t a = 0; a < i; ++a) {
      center_lower[a] = FloatBelow(st.model.Lower(st.Key(st.Center(a), st.Center(i)), 1.0));
    }
    const double center_norm =
        norm_test ? std::sqrt(st.fk->norm_squared_f64(static_cast<const float*>(st.Center(i)), st.d)) : 0.0;
    st.ParallelFor(n, [&](std::size_t begin, std::size_t end, State::Worker& w) {
      std::uint32_t* chunk = w.chunk.data();
      for (std::size_t x0 = begin; x0 < end; x0 += State::kChunk) {
        const std::size_t x1 = std::min(end, x0 + State::kChunk);
        std::size_t m = 0;
        for (std::size_t x = x0; x < x1; ++x) {
          const double u = st.upper[x];
          const double cc = center_lower[st.assign[x]];
          double ruled_out = -1.0;  // a lower bound on d(x, c) above u + W, if one is found
          if (cc > 2.0 * u + st.model.Width(u)) {
            ruled_out = cc - u;
          } else if (norm_test) {
            const double nx = st.inv_norm[x];
            const double gap = std::fabs(nx - center_norm) - 0x1.0p-23 * (nx + center_norm);
            if (gap > u + st.model.Width(u)) ruled_out = gap;
          }
          if (ruled_out >= 0.0) {
            const float bound = FloatBelow(ruled_out);
            if (elkan) {
              st.lower[x * k + i] = bound;
            } else {
              st.lower2[x] = std::min(st.lower2[x], bound);
            }
          } else {
            chunk[m++] = static_cast<std::uint32_t>(x);
          }
        }
        // Reading rows out of order costs more than twice as much as
        // streaming them (the samples rarely fit in cache): when most of the
        // chunk needs a distance anyway, measure all of it in order. Exact
        // keys only tighten the bounds.
        if (2 * m >= x1 - x0) {
          m = 0;
          for (std::size_t x = x0; x < x1; ++x) chunk[m++] = static_cast<std::uint32_t>(x);
        }
        for (std::size_t j = 0; j < m; ++j) {
          if (j + State::kAhead < m) st.PrefetchSample(chunk[j + State::kAhead]);
          const std::size_t x = chunk[j];
          const double nu = st.InvNorm(x);
          const float key = st.Key(st.Sample(x, w.sample.data()), st.Center(i), w.distances);
          const float bound = FloatBelow(st.model.Lower(key, nu));
          if (key < st.key_a[x]) {  // ties keep the lower index
            if (!elkan) st.lower2[x] = std::min(st.lower2[x], FloatBelow(st.model.Lower(st.key_a[x], nu)));
            st.assign[x] = i;
            st.key_a[x] = key;
            st.upper[x] = FloatAbove(st.model.Upper(key, nu));
          } else if (!elkan) {
            st.lower2[x] = std::min(st.lower2[x], bound);
          }
          if (elkan) st.lower[x * k + i] = bound;
        }
      }
    });
    total = st.TotalWeight();
  }
  std::fill(st.move.begin(), st.move.end(), 0.0f);
  st.stats.seed_distances = st.stats.distances - distances_before;
}

void KMeans::SeedWithCenters(std::span<const float> initial) {
  State& st = *state_;
  if (st.seeded) throw Error(ErrorCode::kInternal, "k-means is already seeded. Please report a bug.");
  if (st.bits || initial.size() != st.k * st.d)
    throw Error(ErrorCode::kInternal, "bad initial k-means centers. Please report a bug.");
  std::copy(initial.begin(), initial.end(), st.centers.begin());
  if (st.spherical) {
    for (std::size_t c = 0; c < st.k; ++c) {
      float* row = st.centers.data() + c * st.d;
      const double norm = std::sqrt(st.fk->norm_squared_f64(row, st.d));
      if (!(norm > 0.0) || !std::isfinite(norm))
        throw Error(ErrorCode::kInternal, "initial k-means center has a zero norm. Please report a bug.");
      for (std::size_t j = 0; j < st.d; ++j) row[j] = static_cast<float>(row[j] / norm);
    }
  }
  st.seeded = true;
  if (st.n == 0) {
    st.converged = true;
    return;
  }
  if (st.spherical) st.ComputeInverseNorms();
  st.AssignAllExact();
}

void KMeans::SeedWithCenters(std::span<const std::uint8_t> initial) {
  State& st = *state_;
  if (st.seeded) throw Error(ErrorCode::kInternal, "k-means is already seeded. Please report a bug.");
  if (!st.bits || initial.size() != st.k * st.bit_row)
    throw Error(ErrorCode::kInternal, "bad initial k-means centers. Please report a bug.");
  std::copy(initial.begin(), initial.end(), st.bit_centers.begin());
  for (std::size_t c = 0; c < st.k; ++c) st.bit_centers[c * st.bit_row + st.bit_row - 1] &= LastByteMask(st.d);
  st.seeded = true;
  if (st.n == 0) {
    st.converged = true;
    return;
  }
  st.AssignAllExact();
}

void KMeans::Iterate() {
  State& st = *state_;
  if (!st.seeded) throw Error(ErrorCode::kInternal, "k-means iterated before seeding. Please report a bug.");
  ++st.iteration;
  if (st.n == 0) {
    st.changes = 0;
    st.converged = true;
    return;
  }
  st.SortMembers();
  if (st.UpdateCenters()) st.SplitEmpty();
  const bool moved = std::any_of(st.move.begin(), st.move.end(), [](float m) { return m > 0.0f; });
  if (!moved) {
    // Same centers: the assignment, exact for them, stands.
    st.changes = 0;
    st.converged = true;
    return;
  }
  st.DecayBounds();
  st.CenterDistances(!st.cc_valid);
  st.cc_valid = true;
  st.changes = st.options.bounds == KMeansBounds::kElkan ? st.AssignElkan() : st.AssignHamerly();
  st.converged = st.changes == 0;
}

void KMeans::Run(bool (*should_continue)(void* context, int iteration), void* context) {
  if (!seeded()) Seed();
  while (!Converged() && iteration() < state_->options.max_iterations) {
    if (should_continue != nullptr && !should_continue(context, iteration())) break;
    Iterate();
  }
}

bool KMeans::seeded() const noexcept { return state_->seeded; }
bool KMeans::Converged() const noexcept { return state_->converged; }
int KMeans::iteration() const noexcept { return state_->iteration; }
std::size_t KMeans::changes() const noexcept { return state_->changes; }
std::uint32_t KMeans::k() const noexcept { return static_cast<std::uint32_t>(state_->k); }
std::size_t KMeans::dimensions() const noexcept { return state_->d; }
const KMeansOptions& KMeans::options() const noexcept { return state_->options; }
const KMeansStats& KMeans::stats() const noexcept { return state_->stats; }

std::span<const float> KMeans::centers() const noexcept { return state_->centers; }
std::span<const float> KMeans::center(std::uint32_t i) const noexcept {
  if (state_->bits) return {};
  return {state_->centers.data() + static_cast<std::size_t>(i) * state_->d, state_->d};
}
std::span<const std::uint8_t> KMeans::bit_centers() const noexcept { return state_->bit_centers; }
std::span<const std::uint8_t> KMeans::bit_center(std::uint32_t i) const noexcept {
  if (!state_->bits) return {};
  return {state_->bit_centers.data() + static_cast<std::size_t>(i) * state_->bit_row, state_->bit_row};
}

void KMeans::CopyCenter(std::uint32_t i, std::span<float> out) const {
  const State& st = *state_;
  if (i >= st.k || out.size() != st.d) throw Error(ErrorCode::kInternal, "bad k-means center copy. Please report a bug.");
  if (!st.bits) {
    std::memcpy(out.data(), st.centers.data() + static_cast<std::size_t>(i) * st.d, st.d * sizeof(float));
    return;
  }
  const std::uint8_t* row = st.bit_centers.data() + static_cast<std::size_t>(i) * st.bit_row;
  for (std::size_t j = 0; j < st.d; ++j) out[j] = static_cast<float>((row[j / 8] >> (7 - j % 8)) & 1);
}

std::span<const std::uint32_t> KMeans::assignments() const noexcept { return state_->assign; }

double KMeans::Inertia() const {
  State& st = *state_;
  double sum = 0.0;
  for (std::size_t x = 0; x < st.n; ++x) {
    const float key = st.Key(st.Sample(x, st.sample_scratch.data()), st.Center(st.assign[x]));
    switch (st.options.metric) {
      case KMeansMetric::kL2:
      case KMeansMetric::kHamming:
        sum += key;
        break;
      case KMeansMetric::kSpherical:
        sum += 1.0 + static_cast<double>(key) * st.InvNorm(x);
        break;
    }
  }
  return sum;
}

std::size_t KMeans::allocated_bytes() const noexcept {
  const State& st = *state_;
  return sizeof(State) + Bytes(st.centers) + Bytes(st.bit_centers) + Bytes(st.assign) + Bytes(st.key_a) +
         Bytes(st.upper) + Bytes(st.inv_norm) + Bytes(st.lower) + Bytes(st.half_cc) +
         Bytes(st.lower2) + Bytes(st.s) + Bytes(st.move) + Bytes(st.shrink) + Bytes(st.offsets) +
         Bytes(st.order) + Bytes(st.split_order) + Bytes(st.acc) + Bytes(st.center_scratch) +
         Bytes(st.sample_scratch) + Bytes(st.bit_counts) + Bytes(st.bit_lanes) + Bytes(st.bit_scratch) +
         Bytes(st.chunk);
}

// ---------------------------------------------------------------------------
// One query against stored centers (scan and insert path).

namespace {

template <class Fn>
void ForEachCenterKey(KMeansMetric metric, const void* query, ElementKind query_kind, const VectorRows& centers,
                      Fn&& fn) {
  const std::size_t d = centers.dimensions;
  if (metric == KMeansMetric::kHamming) {
    if (query_kind != ElementKind::kBit || centers.kind != ElementKind::kBit)
      throw Error(ErrorCode::kInternal, "hamming centers need bit values. Please report a bug.");
    const BitKernels& bk = ActiveBitKernels();
    const std::size_t bytes = ElementRowBytes(ElementKind::kBit, d);
    const auto* q = static_cast<const std::uint8_t*>(query);
    for (std::size_t i = 0; i < centers.count; ++i) {
      fn(i, static_cast<float>(bk.hamming(q, reinterpret_cast<const std::uint8_t*>(centers.Row(i)), bytes)));
    }
    return;
  }
  const bool l2 = metric == KMeansMetric::kL2;
  if (centers.kind == ElementKind::kHalf && query_kind == ElementKind::kHalf) {
    const HalfKernels& hk = ActiveHalfKernels();
    const auto* q = static_cast<const Half*>(query);
    for (std::size_t i = 0; i < centers.count; ++i) {
      const auto* c = reinterpret_cast<const Half*>(centers.Row(i));
      fn(i, l2 ? hk.l2_squared(q, c, d) : -hk.inner_product(q, c, d));
    }
    return;
  }
  if (centers.kind != ElementKind::kFloat || query_kind == ElementKind::kBit)
    throw Error(ErrorCode::kInternal, "unsupported k-means center and query types. Please report a bug.");
  const FloatKernels& fk = ActiveFloatKernels();
  std::vector<float> widened;
  const auto* q = static_cast<const float*>(query);
  if (query_kind == ElementKind::kHalf) {
    widened.resize(d);
    ActiveHalfKernels().to_float(static_cast<const Half*>(query), widened.data(), d);
    q = widened.data();
  }
  for (std::size_t i = 0; i < centers.count; ++i) {
    const auto* c = reinterpret_cast<const float*>(centers.Row(i));
    fn(i, l2 ? fk.l2_squared(q, c, d) : -fk.inner_product(q, c, d));
  }
}

}  // namespace

std::uint32_t NearestCenter(KMeansMetric metric, const void* query, ElementKind query_kind,
                            const VectorRows& centers) {
  if (centers.count == 0) throw Error(ErrorCode::kInternal, "no centers to assign to. Please report a bug.");
  std::uint32_t best = 0;
  float best_key = 0.0f;
  ForEachCenterKey(metric, query, query_kind, centers, [&](std::size_t i, float key) {
    // Strictly smaller: ties keep the lower index; NaN never wins.
    if (i == 0 || key < best_key || (std::isnan(best_key) && !std::isnan(key))) {
      best = static_cast<std::uint32_t>(i);
      best_key = key;
    }
  });
  return best;
}

void CenterDistances(KMeansMetric metric, const void* query, ElementKind query_kind, const VectorRows& centers,
                     std::span<float> out) {
  if (out.size() != centers.count) throw Error(ErrorCode::kInternal, "bad center distance buffer. Please report a bug.");
  ForEachCenterKey(metric, query, query_kind, centers, [&](std::size_t i, float key) { out[i] = key; });
}

}  // namespace pgvec::core::ivf
