// Reading and writing ivfflat pages (bytes in pgvec/core/ivf/page_format.hpp,
// protocol in the essay at the top of handler.cpp), and the per-index cache
// of what a scan or insert needs before touching any list: the metapage,
// the resolved opclass and the centers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pgvec/core/ivf/kmeans.hpp"
#include "pgvec/core/ivf/page_format.hpp"
#include "pgvec/core/ivf/scalar_codes.hpp"

#include "pg/index/index_space.hpp"
#include "pg/prelude.hpp"

extern "C" {
#include "storage/bufmgr.h"
#include "storage/bufpage.h"
#include "storage/itemptr.h"
}

namespace pgvec::pg::ivfflat {

using core::ivf::ElementKind;
using core::ivf::KMeansMetric;
using core::ivf::ListEntry;
using core::ivf::ListItemHeader;
using core::ivf::VectorRows;

inline constexpr BlockNumber kMetaBlock = 0;

using core::ivf::Chain;
using core::ivf::CodeItemHeader;

struct Meta {
  int dimensions;
  int lists;
  ElementKind kind;
  std::uint8_t layout;  // core::ivf::kFlat or kScalarCodes
  BlockNumber directory_start;
  int entries_per_page;
  int center_bytes;
};

core::ivf::PageOpaque* Opaque(Page page);
void InitPage(Page page, std::uint16_t flags);
void WriteMeta(Page page, const Meta& meta);
// Meta of a page the caller has locked; raises "ivfflat index is not valid".
Meta MetaOfPage(Page page);
Meta ReadMeta(Relation index);

// Where list `list`'s directory item lives.
inline BlockNumber DirectoryBlock(const Meta& meta, int list) {
  return meta.directory_start + static_cast<BlockNumber>(list / meta.entries_per_page);
}
inline OffsetNumber DirectoryOffset(const Meta& meta, int list) {
  return static_cast<OffsetNumber>(list % meta.entries_per_page + 1);
}
ListEntry* ListEntryAt(Page page, OffsetNumber offset);

// Element type, kernel metric and value size of an index's opclass.
ElementKind KindOf(ValueType type);
// The metric of support function 1 as a center key: squared L2, negative
// inner product, Hamming.
KMeansMetric ScanMetricOf(const IndexSpace& space);

// Elements of a prepared datum (vector, halfvec and bit all keep them 8
// bytes in: varlena header plus dimensions).
inline const std::byte* ElementsOf(const std::byte* datum) { return datum + 8; }

// What scans and inserts need, cached in the relcache entry (rd_amcache):
// the centers never change after the build, and REINDEX or TRUNCATE give the
// index a new relfilenode, which invalidates the entry.
struct IndexCache {
  Meta meta;
  IndexSpace space;
  KMeansMetric scan_metric;
  std::size_t value_bytes;  // elements of one stored value
  VectorRows centers;       // float rows (halfvec centers widened) or bits
  const float* code_offset;  // kScalarCodes: per-dimension offset and scale
  const float* code_scale;   // of the codes (nullptr otherwise)
};
const IndexCache& LoadIndexCache(Relation index);

ListEntry ReadListEntry(Relation index, const Meta& meta, int list);

// Appends one item to a chain of a list, WAL-logged (aminsert); returns
// where it went.
ItemPointerData AppendItem(Relation index, const Meta& meta, int list, Chain chain, const std::byte* item,
                           Size item_size);

// Builds the on-page item for a row or vector into `out` (ListItemSize bytes).
void FillItem(std::byte* out, ItemPointer heap_tid, const std::byte* elements, std::size_t value_bytes);

// Builds a code item into `out` (CodeItemSize bytes): the value's 8-bit
// code and its error bound (pgvec/core/ivf/scalar_codes.hpp).
void FillCodeItem(std::byte* out, ItemPointer heap_tid, ItemPointer vector, const float* elements, std::size_t dims,
                  const float* offset, const float* scale);
// The same from a code computed beforehand (EncodeScalar).
void FillCodeItem(std::byte* out, ItemPointer heap_tid, ItemPointer vector, const std::uint8_t* code,
                  const core::ivf::CodeStats& stats, std::size_t dims);

// Blocks 1 and 2 of a kScalarCodes index: the codes' offsets and scales.
inline constexpr BlockNumber kCodeOffsetBlock = 1;
inline constexpr BlockNumber kCodeScaleBlock = 2;

// Layout of a new index of this element kind.
inline std::uint8_t LayoutFor(ElementKind kind) {
  return kind == ElementKind::kFloat ? core::ivf::kScalarCodes : core::ivf::kFlat;
}

}  // namespace pgvec::pg::ivfflat
