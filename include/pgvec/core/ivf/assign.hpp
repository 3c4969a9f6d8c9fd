// Assigning many rows to their nearest list centers at once: the IVFFlat
// build's "assigning tuples" step, where every row of the table meets every
// center (60,000 rows x 250 centers x 784 dims on Fashion-MNIST: 12 billion
// multiply-adds).
//
// One distance at a time, that work is bound by reading the centers from the
// L2 cache. Here blocks of four rows and two centers go through the
// inner_product_4x2 kernel, so each element read feeds two or four FMAs,
// and L2 uses the expansion
//   |x - c|^2 = |x|^2 - 2 x.c + |c|^2,
// whose argmin over c is the argmin of |c|^2 / 2 - x.c (|x| is the same for
// every center). Spherical (ip, cosine) takes the largest x.c, as the scan's
// negative inner product does; Hamming uses the bit kernel per pair.
//
// The expansion rounds differently from the direct squared-L2 kernel that
// NearestCenter (inserts, and the scan's choice of lists) uses, so when the
// two best keys of a row are close (within 0.1%), the kernel recomputes both
// and decides: a row lands in the list a scan for its own value probes
// first. (Three centers that close are not rechecked.)
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "pgvec/core/ivf/kmeans.hpp"

namespace pgvec::core::ivf {

class CenterAssigner {
 public:
  // `centers` (float rows for kL2/kSpherical, bit rows for kHamming) is not
  // copied and must outlive the object.
  CenterAssigner(KMeansMetric metric, const VectorRows& centers);

  // out[i] = the nearest center of rows.Row(i); lowest index on ties.
  // Rows are float or half for kL2/kSpherical, bit for kHamming, with the
  // centers' dimensions. Thread-safe: many threads may assign at once.
  void Assign(const VectorRows& rows, std::span<std::uint32_t> out) const;

 private:
  KMeansMetric metric_;
  VectorRows centers_;
  std::vector<float> half_norms_;  // |c|^2 / 2 (kL2)
};

}  // namespace pgvec::core::ivf

#include "pgvec/core/no_postgres.hpp"
