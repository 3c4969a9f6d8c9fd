// On-disk formats of the ivfflat index access method (format version 1).
// The essay (layout, locking, WAL) is at the top of src/pg/ivfflat/handler.cpp;
// this header only fixes the bytes, so the layouts can be checked without a
// server.
//
//   block 0                metapage: MetaPage after the page header
//   blocks 1..directory    list directory: one item per list, in list order,
//                          ListEntry followed by the center
//   other blocks           list pages: items are ListItemHeader followed by
//                          the row's value; each list is a chain of pages
//                          through PageOpaque::next_block
//
// Values on list pages are the raw elements (float32, binary16 or packed
// bits; unit-normalized for cosine) without a varlena header: the metapage
// knows the dimensions, and the scan hands them straight to the kernels.
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
struct MetaPage {
  std::uint32_t magic;
  std::uint32_t version;
  std::uint32_t dimensions;
  std::uint32_t lists;
  std::uint8_t element_kind;  // ElementKind of stored values
  std::uint8_t reserved[3];
  std::uint32_t directory_start;    // first directory block (1)
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

// One list in the directory. The center (float32 x dimensions, or packed
// bits for bit_hamming_ops) follows.
struct ListEntry {
  std::uint32_t first_block;   // InvalidBlockNumber while the list is empty
  std::uint32_t insert_block;  // where appends start looking (a hint)
};
static_assert(sizeof(ListEntry) == 8);

// One row on a list page; the value's elements follow (4-byte aligned).
struct ListItemHeader {
  TupleRef heap;
  std::uint16_t reserved;
};
static_assert(sizeof(ListItemHeader) == 8);

constexpr std::size_t ListItemSize(std::size_t value_bytes) noexcept { return sizeof(ListItemHeader) + value_bytes; }
constexpr std::size_t ListEntrySize(std::size_t center_bytes) noexcept { return sizeof(ListEntry) + center_bytes; }

}  // namespace pgvec::core::ivf

#include "pgvec/core/no_postgres.hpp"
