// Seeded randomness for the IVF build: a small, portable pseudo-random
// generator and a reservoir sampler over a stream of rows.
//
// The glue samples the heap like ANALYZE does (a block sampler picks the
// blocks, a reservoir keeps a uniform sample of the rows read) and hands the
// sample to k-means (kmeans.hpp). PostgreSQL's own sampling state lives in the
// glue; this header gives it a reservoir that takes an explicit seed, so a
// build is reproducible and the core never reaches for a global random state.
//
// Both classes produce the same sequence on every platform and compiler:
// nothing here uses <random>'s distributions, whose algorithms the standard
// leaves to each library.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pgvec::core::ivf {

// xoshiro256** (Blackman & Vigna), its 256-bit state expanded from a 64-bit
// seed with SplitMix64. Fast, statistically strong, and not cryptographic.
class Random {
 public:
  explicit Random(std::uint64_t seed) noexcept;

  std::uint64_t Next() noexcept;
  // Uniform in [0, 1), 53 random bits.
  double Uniform() noexcept;
  // Uniform in (0, 1): safe to take the logarithm of.
  double UniformOpen() noexcept;
  // Uniform integer in [0, bound), without modulo bias; bound > 0.
  std::uint64_t Below(std::uint64_t bound) noexcept;

 private:
  std::uint64_t s_[4];
};

// Uniform random sample of up to `capacity` items from a stream of unknown
// length (Vitter, "Random sampling with a reservoir", ACM TOMS 1985). The
// first `capacity` items fill the reservoir; afterwards the number of items
// to pass over before the next replacement is drawn directly: Algorithm X
// (sequential search) while the stream is short, Algorithm Z (rejection with
// a squeeze, constant expected time per draw) once it is longer than 22 times
// the reservoir. That is the estimator ANALYZE and pgvector's sampling use;
// after the stream ends every item has been kept with equal probability.
//
// Usage, one call per item in stream order:
//   ReservoirSampler sampler(capacity, seed);
//   for (each row) {
//     const std::size_t slot = sampler.Offer();
//     if (slot != ReservoirSampler::kSkip) store the row at samples[slot];
//   }
//   // samples[0 .. sampler.size()) is the sample
// Offer() is O(1) and decides before the caller has to read (detoast,
// normalize) the row, so skipped rows cost nothing but the call.
class ReservoirSampler {
 public:
  static constexpr std::size_t kSkip = static_cast<std::size_t>(-1);

  // capacity >= 1.
  ReservoirSampler(std::size_t capacity, std::uint64_t seed);

  // Offers the next item of the stream. Returns the reservoir slot it must
  // be stored in (replacing the item there), or kSkip.
  std::size_t Offer() noexcept;

  std::size_t capacity() const noexcept { return capacity_; }
  // Items offered so far.
  std::uint64_t seen() const noexcept { return seen_; }
  // Items currently in the reservoir: min(seen, capacity).
  std::size_t size() const noexcept {
    return seen_ < capacity_ ? static_cast<std::size_t>(seen_) : capacity_;
  }

 private:
  std::uint64_t NextSkip() noexcept;
  std::uint64_t SkipX() noexcept;
  std::uint64_t SkipZ() noexcept;

  std::size_t capacity_;
  std::uint64_t seen_ = 0;
  // Items still to pass over before the next replacement; -1 = not drawn.
  std::int64_t skip_ = -1;
  // Algorithm Z's W, carried from one draw to the next (0 = not started).
  double w_ = 0.0;
  Random random_;
};

}  // namespace pgvec::core::ivf

#include "pgvec/core/no_postgres.hpp"
