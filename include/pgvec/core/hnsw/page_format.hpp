// On-disk tuple formats of the hnsw index access method (format version 1).
// The page-level essay (layout, locking, WAL) is at the top of
// src/pg/hnsw/handler.cpp; this header only fixes the bytes, so that the
// layouts can be checked without a server.
//
// Every index page is a standard PostgreSQL page (header, line pointers,
// tuples growing down, special space at the end). Tuples:
//
//   element tuple   ElementTupleHeader | value (the datum, 4-byte varlena
//                   header, uncompressed; unit-normalized for cosine)
//   neighbor tuple  NeighborTupleHeader | slots[(level + 2) * m] of NeighborSlot
//                   layer 0 first (2m slots), then layers 1..level (m each);
//                   each layer sorted by distance, unused slots invalid.
//                   A slot keeps the neighbour's distance from the element and
//                   whether the selection heuristic kept it on merit, so a
//                   reverse-link update re-runs the heuristic incrementally
//                   instead of re-reading and re-comparing every neighbour.
//
// An element and its neighbor tuple share a page whenever both fit, so one
// buffer access serves both. References to tuples are TupleRefs with
// exactly the layout of PostgreSQL's ItemPointerData (checked by the glue).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace pgvec::core::hnsw {

inline constexpr std::uint32_t kMetaMagic = 0x48505647;  // "GVPH"
inline constexpr std::uint32_t kFormatVersion = 1;
inline constexpr std::uint16_t kPageId = 0xFF91;       // in every page's special space
inline constexpr int kHeapRefsPerElement = 10;

// ItemPointerData's layout: block number as two uint16 halves, offset.
struct TupleRef {
  std::uint16_t block_hi;
  std::uint16_t block_lo;
  std::uint16_t offset;

  static constexpr TupleRef Make(std::uint32_t block, std::uint16_t offset) noexcept {
    return TupleRef{static_cast<std::uint16_t>(block >> 16), static_cast<std::uint16_t>(block & 0xFFFF), offset};
  }
  constexpr std::uint32_t block() const noexcept { return (std::uint32_t{block_hi} << 16) | block_lo; }
  constexpr bool valid() const noexcept { return offset != 0; }
  // A dense 64-bit key (visited sets, hash maps).
  constexpr std::uint64_t key() const noexcept { return (std::uint64_t{block()} << 16) | offset; }
  static constexpr TupleRef FromKey(std::uint64_t key) noexcept {
    return Make(static_cast<std::uint32_t>(key >> 16), static_cast<std::uint16_t>(key & 0xFFFF));
  }
  friend constexpr bool operator==(const TupleRef& a, const TupleRef& b) noexcept {
    return a.block_hi == b.block_hi && a.block_lo == b.block_lo && a.offset == b.offset;
  }
};
static_assert(sizeof(TupleRef) == 6);
inline constexpr TupleRef kInvalidRef{0xFFFF, 0xFFFF, 0};

// Contents of block 0, after the page header.
struct MetaPage {
  std::uint32_t magic;
  std::uint32_t version;
  std::uint32_t dimensions;
  std::uint16_t m;
  std::uint16_t ef_construction;
  std::uint32_t entry_block;       // InvalidBlockNumber when the graph is empty
  std::uint16_t entry_offset;
  std::int16_t entry_level;        // -1 when empty
  std::uint32_t insert_page;       // last page of the element chain: appends go here
  std::uint64_t element_count;     // elements ever written (statistics only)
};

// Special space of every page.
struct PageOpaque {
  std::uint32_t next_block;  // next page of the element chain
  std::uint16_t flags;
  std::uint16_t page_id;     // kPageId
};
static_assert(sizeof(PageOpaque) == 8);

inline constexpr std::uint8_t kElementTuple = 1;
inline constexpr std::uint8_t kNeighborTuple = 2;
inline constexpr std::uint8_t kElementDeleted = 0x01;

struct ElementTupleHeader {
  std::uint8_t type;    // kElementTuple
  std::uint8_t level;
  std::uint8_t flags;   // kElementDeleted
  std::uint8_t heap_count;
  TupleRef heap[kHeapRefsPerElement];  // heap rows with this exact value
  TupleRef neighbors;                  // the element's neighbor tuple
  std::uint16_t value_size;            // bytes of value that follow
};
static_assert(sizeof(ElementTupleHeader) == 4 + 6 * kHeapRefsPerElement + 6 + 2);
static_assert(alignof(ElementTupleHeader) == 2);

struct NeighborTupleHeader {
  std::uint8_t type;  // kNeighborTuple
  std::uint8_t level;
  std::uint16_t slot_count;  // (level + 2) * m
  // TupleRef slots[slot_count] follow
};
static_assert(sizeof(NeighborTupleHeader) == 4);

// One neighbour: where it is, its distance from the list's owner, and the
// heuristic's verdict (top bit of the offset; offsets never exceed 2^11).
struct NeighborSlot {
  TupleRef where;
  std::uint16_t distance_bits[2];  // a float, stored unaligned

  static constexpr std::uint16_t kKeptBit = 0x8000;
  static NeighborSlot Make(TupleRef ref, float distance, bool kept) noexcept {
    NeighborSlot slot;
    slot.where = ref;
    if (kept) slot.where.offset = static_cast<std::uint16_t>(slot.where.offset | kKeptBit);
    std::memcpy(slot.distance_bits, &distance, sizeof distance);
    return slot;
  }
  static NeighborSlot Empty() noexcept { return Make(kInvalidRef, 0.0f, false); }
  TupleRef ref() const noexcept {
    TupleRef r = where;
    r.offset = static_cast<std::uint16_t>(r.offset & ~kKeptBit);
    return r;
  }
  bool valid() const noexcept { return ref().valid(); }
  bool kept() const noexcept { return (where.offset & kKeptBit) != 0; }
  float distance() const noexcept {
    float d;
    std::memcpy(&d, distance_bits, sizeof d);
    return d;
  }
};
static_assert(sizeof(NeighborSlot) == 10);

inline std::size_t NeighborSlots(int level, int m) noexcept {
  return static_cast<std::size_t>(level + 2) * static_cast<std::size_t>(m);
}
inline std::size_t NeighborTupleSize(int level, int m) noexcept {
  return sizeof(NeighborTupleHeader) + NeighborSlots(level, m) * sizeof(NeighborSlot);
}
inline std::size_t ElementTupleSize(std::size_t value_size) noexcept { return sizeof(ElementTupleHeader) + value_size; }

// First slot and capacity of one layer inside a neighbor tuple.
inline std::size_t LayerStart(int layer, int m) noexcept {
  return layer == 0 ? 0 : static_cast<std::size_t>(2 * m + (layer - 1) * m);
}
inline int LayerCapacity(int layer, int m) noexcept { return layer == 0 ? 2 * m : m; }

inline const NeighborSlot* NeighborSlotsOf(const NeighborTupleHeader* t) noexcept {
  return reinterpret_cast<const NeighborSlot*>(reinterpret_cast<const std::byte*>(t) + sizeof(NeighborTupleHeader));
}
inline NeighborSlot* NeighborSlotsOf(NeighborTupleHeader* t) noexcept {
  return reinterpret_cast<NeighborSlot*>(reinterpret_cast<std::byte*>(t) + sizeof(NeighborTupleHeader));
}
inline const std::byte* ElementValue(const ElementTupleHeader* t) noexcept {
  return reinterpret_cast<const std::byte*>(t) + sizeof(ElementTupleHeader);
}

// Highest level whose neighbor tuple still fits one page's free space, so
// the graph never needs a neighbor tuple larger than a page.
inline int MaxLevelForPage(int m, std::size_t page_free_space) noexcept {
  int level = 0;
  while (level < 63 && NeighborTupleSize(level + 1, m) <= page_free_space) ++level;
  return level;
}

}  // namespace pgvec::core::hnsw

#include "pgvec/core/no_postgres.hpp"
