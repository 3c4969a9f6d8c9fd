// On-disk formats of the ivfflat index access method (format version 1).
// The essay (layout, locking, WAL) is at the top of src/pg/ivfflat/handler.cpp;
// this header only fixes the bytes, so the layouts can be checked without a
// server.
//
//   block 0                metapage: MetaPage after the page header
//   blocks 1..directory    list directory: one item per list, in list order,
//                          ListEntry followed by the center
//   other blocks           list pages, each list a chain of pages through
//                          PageOpaque::next_block (two chains per list in
//                          the kHalfCodes layout)
//
// Layouts (MetaPage::layout):
//   kFlat       halfvec and bit: one chain per list whose items are
//               ListItemHeader + the raw elements (binary16 or packed bits).
//   kScalarCodes  vector: a chain of *code* items - CodeItemHeader + one byte
//               per dimension (pgvec/core/ivf/scalar_codes.hpp) - that scans
//               read in full, and a chain of *vector* items - ListItemHeader
//               + the float32 elements - that scans read only to re-rank the
//               rows whose code-based bound cannot rule them out. A code item
//               carries the exact distance between the value and its code, so
//               bounds are rigorous and the scan's order is exactly the
//               float32 distance order. The per-dimension offsets and scales
//               of the codes fill blocks 1 and 2 (one float32 array each);
//               the directory follows.
// Values never carry a varlena header (unit-normalized for cosine): the
// metapage knows the dimensions, and scans hand them straight to kernels.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pgvec/core/hnsw/page_format.hpp"

namespace pgvec::core::ivf {

using TupleRef = hnsw::TupleRef;

inline constexpr std::uint32_t kMetaMagic = 0x49565647;  // "GVVI"
inline constexpr std::uint32_t kFormatVersion = 1;
inline constexpr std::uint16_t kPageId = 0xFF92;  // in every page's special space

// Contents of block 0, after the page header.
inline constexpr std::uint8_t kFlat = 0;
inline constexpr std::uint8_t kScalarCodes = 1;

struct MetaPage {
  std::uint32_t magic;
  std::uint32_t version;
  std::uint32_t dimensions;
  std::uint32_t lists;
  std::uint8_t element_kind;  // ElementKind of stored values
  std::uint8_t layout;        // kFlat or kScalarCodes
  std::uint8_t reserved[2];
  std::uint32_t directory_start;    // first directory block (1; 3 with kScalarCodes)
  std::uint32_t entries_per_page;   // directory items per block
  std::uint32_t center_bytes;       // bytes of one center after its ListEntry
};

// Special space of every page.
struct PageOpaque {
  std::uint32_t next_block;  // next page of the list (InvalidBlockNumber: last)
  std::uint16_t flags;
  std::uint16_t page_id;  // kPageId
};
static_assert(sizeof(PageOpaque) == 8);

inline constexpr std::uint16_t kDirectoryPage = 1;
inline constexpr std::uint16_t kListPage = 2;

// A list's chains: kRows holds rows (kFlat) or codes (kScalarCodes),
// kVectors the float32 vectors of kScalarCodes.
enum Chain : int { kRows = 0, kVectors = 1 };

// One list in the directory. The center (float32 x dimensions, binary16 for
// halfvec, packed bits for bit) follows.
struct ListEntry {
  std::uint32_t first_block[2];   // per Chain; InvalidBlockNumber while empty
  std::uint32_t insert_block[2];  // where appends start looking (a hint)
};
static_assert(sizeof(ListEntry) == 16);

// One row on a list page (kFlat) or one vector (kScalarCodes); the
// elements follow (4-byte aligned).
struct ListItemHeader {
  TupleRef heap;
  std::uint16_t reserved;
};
static_assert(sizeof(ListItemHeader) == 8);

// One code (kScalarCodes); `dimensions` bytes follow.
struct CodeItemHeader {
  TupleRef heap;
  std::uint16_t reserved;
  TupleRef vector;       // the vector item: block and offset on a kVectors page
  std::uint16_t reserved2;
  float code_error;      // |x - decoded code|, rounded up; +inf when not finite
  float norm;            // |x|, rounded up
  float code_norm;       // |code| (bytes as integers), rounded up
};
static_assert(sizeof(CodeItemHeader) == 28);

constexpr std::size_t ListItemSize(std::size_t value_bytes) noexcept { return sizeof(ListItemHeader) + value_bytes; }
constexpr std::size_t CodeItemSize(std::size_t dimensions) noexcept { return sizeof(CodeItemHeader) + dimensions; }
constexpr std::size_t ListEntrySize(std::size_t center_bytes) noexcept { return sizeof(ListEntry) + center_bytes; }

}  // namespace pgvec::core::ivf

#include "pgvec/core/no_postgres.hpp"
