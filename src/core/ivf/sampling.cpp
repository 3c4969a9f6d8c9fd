#include "pgvec/core/ivf/sampling.hpp"

#include <cmath>

#include "pgvec/core/error.hpp"

namespace pgvec::core::ivf {
namespace {

std::uint64_t SplitMix64(std::uint64_t& x) noexcept {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t Rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

// Algorithm Z takes over from Algorithm X once t > kZThreshold * n (Vitter
// measured 22 as the break-even point).
constexpr double kZThreshold = 22.0;

}  // namespace

Random::Random(std::uint64_t seed) noexcept {
  // SplitMix64 never yields four zero words, the one state xoshiro forbids.
  for (std::uint64_t& word : s_) word = SplitMix64(seed);
}

std::uint64_t Random::Next() noexcept {
  const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Random::Uniform() noexcept { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

double Random::UniformOpen() noexcept {
  // (k + 0.5) / 2^53 for k in [0, 2^53): never 0, never 1.
  return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53;
}

std::uint64_t Random::Below(std::uint64_t bound) noexcept {
  // Lemire's multiply-and-reject: the high word of x * bound is uniform once
  // the few low words that would bias it are rejected.
  unsigned __int128 m = static_cast<unsigned __int128>(Next()) * bound;
  auto low = static_cast<std::uint64_t>(m);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(Next()) * bound;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

ReservoirSampler::ReservoirSampler(std::size_t capacity, std::uint64_t seed)
    : capacity_(capacity), random_(seed) {
  if (capacity == 0) throw Error(ErrorCode::kInternal, "reservoir capacity must be positive");
}

std::size_t ReservoirSampler::Offer() noexcept {
  if (seen_ < capacity_) return static_cast<std::size_t>(seen_++);
  if (skip_ < 0) skip_ = static_cast<std::int64_t>(NextSkip());
  ++seen_;
  if (skip_ > 0) {
    --skip_;
    return kSkip;
  }
  skip_ = -1;
  return static_cast<std::size_t>(random_.Below(capacity_));
}

// Items to pass over before the next one enters the reservoir, given that
// seen_ items have gone by.
std::uint64_t ReservoirSampler::NextSkip() noexcept {
  const double t = static_cast<double>(seen_);
  const double n = static_cast<double>(capacity_);
  return t <= kZThreshold * n ? SkipX() : SkipZ();
}

// Algorithm X: P(S >= s+1) is the product over the next s+1 items of the
// chance each is passed over, (t' - n) / t'; walk until it drops below V.
std::uint64_t ReservoirSampler::SkipX() noexcept {
  const double n = static_cast<double>(capacity_);
  const double v = random_.UniformOpen();
  double t = static_cast<double>(seen_) + 1.0;
  double quot = (t - n) / t;
  std::uint64_t s = 0;
  while (quot > v) {
    ++s;
    t += 1.0;
    quot *= (t - n) / t;
  }
  return s;
}

// Algorithm Z: draw X from a continuous envelope g (via W = U^(-1/n)),
// accept S = floor(X) by the cheap squeeze test h(S)/cg(X) or, failing that,
// the exact test f(S)/cg(X). Expected O(1) work per draw for long streams.
std::uint64_t ReservoirSampler::SkipZ() noexcept {
  const double n = static_cast<double>(capacity_);
  const double t = static_cast<double>(seen_);
  const double term = t - n + 1.0;
  if (w_ == 0.0) w_ = std::exp(-std::log(random_.UniformOpen()) / n);
  for (;;) {
    const double u = random_.UniformOpen();
    const double x = t * (w_ - 1.0);
    const double s = std::floor(x);
    const double ratio = (t + 1.0) / term;
    const double lhs = std::exp(std::log(((u * ratio * ratio) * (term + s)) / (t + x)) / n);
    const double rhs = (((t + x) / (term + s)) * term) / t;
    if (lhs <= rhs) {
      w_ = rhs / lhs;
      return static_cast<std::uint64_t>(s);
    }
    double y = (((u * (t + 1.0)) / term) * (t + s + 1.0)) / (t + x);
    double denom;
    double numer_lim;
    if (n < s) {
      denom = t;
      numer_lim = term + s;
    } else {
      denom = t - n + s;
      numer_lim = t + 1.0;
    }
    for (double numer = t + s; numer >= numer_lim; numer -= 1.0) {
      y = (y * numer) / denom;
      denom -= 1.0;
    }
    w_ = std::exp(-std::log(random_.UniformOpen()) / n);
    if (std::exp(std::log(y) / n) <= (t + x) / t) return static_cast<std::uint64_t>(s);
  }
}

}  // namespace pgvec::core::ivf
