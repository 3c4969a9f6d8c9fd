#include <cstring>

#include "pgvec/core/half.hpp"
#include "pgvec/core/ivf/scalar_codes.hpp"
#include "pgvec/core/kernels.hpp"

#include "pg/ivfflat/list_pages.hpp"

#include "pg/index/page_writer.hpp"

extern "C" {
#include "storage/lmgr.h"
#include "utils/memutils.h"
#include "utils/rel.h"
}

namespace pgvec::pg::ivfflat {

using core::ivf::MetaPage;
using core::ivf::PageOpaque;

core::ivf::PageOpaque* Opaque(Page page) { return reinterpret_cast<PageOpaque*>(PageGetSpecialPointer(page)); }

void InitPage(Page page, std::uint16_t flags) {
  PageInit(page, BLCKSZ, sizeof(PageOpaque));
  PageOpaque* opaque = Opaque(page);
  opaque->next_block = InvalidBlockNumber;
  opaque->flags = flags;
  opaque->page_id = core::ivf::kPageId;
}

void WriteMeta(Page page, const Meta& meta) {
  MetaPage m{};
  m.magic = core::ivf::kMetaMagic;
  m.version = core::ivf::kFormatVersion;
  m.dimensions = static_cast<std::uint32_t>(meta.dimensions);
  m.lists = static_cast<std::uint32_t>(meta.lists);
  m.element_kind = static_cast<std::uint8_t>(meta.kind);
  m.layout = meta.layout;
  m.directory_start = meta.directory_start;
  m.entries_per_page = static_cast<std::uint32_t>(meta.entries_per_page);
  m.center_bytes = static_cast<std::uint32_t>(meta.center_bytes);
  std::memcpy(PageGetContents(page), &m, sizeof m);
  reinterpret_cast<PageHeader>(page)->pd_lower =
      static_cast<LocationIndex>(PageGetContents(page) + sizeof(MetaPage) - static_cast<char*>(page));
}

Meta MetaOfPage(Page page) {
  MetaPage m;
  std::memcpy(&m, PageGetContents(page), sizeof m);
  if (PageIsNew(page) || Opaque(page)->page_id != core::ivf::kPageId || m.magic != core::ivf::kMetaMagic ||
      m.version != core::ivf::kFormatVersion || m.entries_per_page == 0) {
    ereport(ERROR, (errcode(ERRCODE_INDEX_CORRUPTED), errmsg("ivfflat index is not valid")));
  }
  return Meta{static_cast<int>(m.dimensions), static_cast<int>(m.lists), static_cast<ElementKind>(m.element_kind),
              m.layout, m.directory_start, static_cast<int>(m.entries_per_page), static_cast<int>(m.center_bytes)};
}

Meta ReadMeta(Relation index) {
  Buffer buffer = ReadBuffer(index, kMetaBlock);
  LockBuffer(buffer, BUFFER_LOCK_SHARE);
  const Meta meta = MetaOfPage(BufferGetPage(buffer));
  UnlockReleaseBuffer(buffer);
  return meta;
}

ListEntry* ListEntryAt(Page page, OffsetNumber offset) {
  if (offset > PageGetMaxOffsetNumber(page)) {
    ereport(ERROR, (errcode(ERRCODE_INDEX_CORRUPTED), errmsg("ivfflat index is not valid")));
  }
  return reinterpret_cast<ListEntry*>(PageGetItem(page, PageGetItemId(page, offset)));
}

ElementKind KindOf(ValueType type) {
  switch (type) {
    case ValueType::kHalfvec: return ElementKind::kHalf;
    case ValueType::kBit: return ElementKind::kBit;
    default: return ElementKind::kFloat;
  }
}

KMeansMetric ScanMetricOf(const IndexSpace& space) {
  switch (space.metric) {
    case Metric::kNegativeInnerProduct: return KMeansMetric::kSpherical;
    case Metric::kHamming: return KMeansMetric::kHamming;
    default: return KMeansMetric::kL2;
  }
}

const IndexCache& LoadIndexCache(Relation index) {
  if (index->rd_amcache != nullptr) return *static_cast<const IndexCache*>(index->rd_amcache);

  const Meta meta = ReadMeta(index);
  const IndexSpace space = ResolveIndexSpace(index, "ivfflat");
  const bool bits = meta.kind == ElementKind::kBit;
  const std::size_t dims = static_cast<std::size_t>(meta.dimensions);
  const std::size_t row_bytes = bits ? core::ivf::ElementRowBytes(ElementKind::kBit, dims) : dims * sizeof(float);
  const Size header = MAXALIGN(sizeof(IndexCache));
  const bool codes = meta.layout == core::ivf::kScalarCodes;
  const Size code_bytes = codes ? 2 * dims * sizeof(float) : 0;
  auto* memory = static_cast<char*>(MemoryContextAllocHuge(
      index->rd_indexcxt, header + static_cast<Size>(meta.lists) * row_bytes + code_bytes + 64));
  auto* centers = reinterpret_cast<std::byte*>(TYPEALIGN(64, memory + header));
  float* code_offset = nullptr;
  float* code_scale = nullptr;
  if (codes) {
    code_offset = reinterpret_cast<float*>(centers + static_cast<std::size_t>(meta.lists) * row_bytes);
    code_scale = code_offset + dims;
    const BlockNumber blocks[2] = {kCodeOffsetBlock, kCodeScaleBlock};
    float* outs[2] = {code_offset, code_scale};
    for (int i = 0; i < 2; ++i) {
      Buffer buffer = ReadBuffer(index, blocks[i]);
      LockBuffer(buffer, BUFFER_LOCK_SHARE);
      Page page = BufferGetPage(buffer);
      if (PageGetMaxOffsetNumber(page) < FirstOffsetNumber ||
          ItemIdGetLength(PageGetItemId(page, FirstOffsetNumber)) != dims * sizeof(float)) {
        ereport(ERROR, (errcode(ERRCODE_INDEX_CORRUPTED), errmsg("ivfflat index is not valid")));
      }
      std::memcpy(outs[i], PageGetItem(page, PageGetItemId(page, FirstOffsetNumber)), dims * sizeof(float));
      UnlockReleaseBuffer(buffer);
    }
  }

  for (int list = 0; list < meta.lists;) {
    Buffer buffer = ReadBuffer(index, DirectoryBlock(meta, list));
    LockBuffer(buffer, BUFFER_LOCK_SHARE);
    Page page = BufferGetPage(buffer);
    const OffsetNumber max = PageGetMaxOffsetNumber(page);
    for (OffsetNumber off = DirectoryOffset(meta, list); off <= max && list < meta.lists; ++off, ++list) {
      const auto* center = reinterpret_cast<const std::byte*>(ListEntryAt(page, off)) + sizeof(ListEntry);
      std::byte* out = centers + static_cast<std::size_t>(list) * row_bytes;
      if (meta.kind == ElementKind::kHalf) {
        core::ActiveHalfKernels().to_float(reinterpret_cast<const core::Half*>(center), reinterpret_cast<float*>(out),
                                           dims);
      } else {
        std::memcpy(out, center, row_bytes);
      }
    }
    UnlockReleaseBuffer(buffer);
  }

  auto* cache = new (memory) IndexCache{
      meta, space, ScanMetricOf(space), core::ivf::ElementRowBytes(meta.kind, dims),
      VectorRows{bits ? ElementKind::kBit : ElementKind::kFloat, centers, static_cast<std::size_t>(meta.lists), dims,
                 row_bytes},
      code_offset, code_scale};
  index->rd_amcache = cache;
  return *cache;
}

ListEntry ReadListEntry(Relation index, const Meta& meta, int list) {
  Buffer buffer = ReadBuffer(index, DirectoryBlock(meta, list));
  LockBuffer(buffer, BUFFER_LOCK_SHARE);
  const ListEntry entry = *ListEntryAt(BufferGetPage(buffer), DirectoryOffset(meta, list));
  UnlockReleaseBuffer(buffer);
  return entry;
}

void FillItem(std::byte* out, ItemPointer heap_tid, const std::byte* elements, std::size_t value_bytes) {
  ListItemHeader header{};
  header.heap = core::ivf::TupleRef::Make(ItemPointerGetBlockNumber(heap_tid), ItemPointerGetOffsetNumber(heap_tid));
  std::memcpy(out, &header, sizeof header);
  std::memcpy(out + sizeof header, elements, value_bytes);
}

void FillCodeItem(std::byte* out, ItemPointer heap_tid, ItemPointer vector, const std::uint8_t* code,
                  const core::ivf::CodeStats& stats, std::size_t dims) {
  CodeItemHeader header{};
  header.heap = core::ivf::TupleRef::Make(ItemPointerGetBlockNumber(heap_tid), ItemPointerGetOffsetNumber(heap_tid));
  header.vector = core::ivf::TupleRef::Make(ItemPointerGetBlockNumber(vector), ItemPointerGetOffsetNumber(vector));
  header.code_error = stats.error;
  header.norm = stats.norm;
  header.code_norm = stats.code_norm;
  std::memcpy(out, &header, sizeof header);
  if (code != reinterpret_cast<const std::uint8_t*>(out + sizeof header)) std::memcpy(out + sizeof header, code, dims);
}

void FillCodeItem(std::byte* out, ItemPointer heap_tid, ItemPointer vector, const float* elements, std::size_t dims,
                  const float* offset, const float* scale) {
  auto* code = reinterpret_cast<std::uint8_t*>(out + sizeof(CodeItemHeader));
  const core::ivf::CodeStats stats = core::ivf::EncodeScalar(elements, offset, scale, dims, code);
  FillCodeItem(out, heap_tid, vector, code, stats, dims);
}

namespace {

// A new, empty list page, exclusively locked. Extending the relation takes
// the relation extension lock (other backends may extend at the same time).
Buffer NewListPage(Relation index) {
  LockRelationForExtension(index, ExclusiveLock);
  Buffer buffer = ReadBuffer(index, P_NEW);
  LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
  UnlockRelationForExtension(index, ExclusiveLock);
  return buffer;
}

// Points the directory entry of `list` at `block` as the chain's insert
// page, if it still points at `expected`.
void UpdateInsertPage(Relation index, const Meta& meta, int list, Chain chain, BlockNumber expected,
                      BlockNumber block) {
  Buffer buffer = ReadBuffer(index, DirectoryBlock(meta, list));
  LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
  const ListEntry* current = ListEntryAt(BufferGetPage(buffer), DirectoryOffset(meta, list));
  if (current->insert_block[chain] == expected) {
    PageWriter writer(index, true);
    Page page = writer.Register(buffer);
    ListEntryAt(page, DirectoryOffset(meta, list))->insert_block[chain] = block;
    writer.Finish();
  }
  UnlockReleaseBuffer(buffer);
}

OffsetNumber AddItem(Relation index, Page page, const std::byte* item, Size item_size) {
  const OffsetNumber offset =
      PageAddItem(page, reinterpret_cast<Item>(const_cast<std::byte*>(item)), item_size, InvalidOffsetNumber, false,
                  false);
  if (offset == InvalidOffsetNumber) elog(ERROR, "failed to add index item to \"%s\"", RelationGetRelationName(index));
  return offset;
}

}  // namespace

// The insert page is a hint: appends start there and follow next_block
// while pages are full, so a stale hint (VACUUM moved it back, another
// insert moved it on) only costs a few page visits. Locks: at most one list
// page plus a page being added after it, then the directory page alone.
// This function raises PostgreSQL errors directly and keeps no object whose
// destructor a longjmp would skip.
ItemPointerData AppendItem(Relation index, const Meta& meta, int list, Chain chain, const std::byte* item,
                           Size item_size) {
  ItemPointerData where;
  ListEntry entry = ReadListEntry(index, meta, list);
  if (entry.first_block[chain] == InvalidBlockNumber) {
    // The chain's first page: created under the directory page's lock so
    // that two inserts do not both start it.
    Buffer dir = ReadBuffer(index, DirectoryBlock(meta, list));
    LockBuffer(dir, BUFFER_LOCK_EXCLUSIVE);
    ListEntry* current = ListEntryAt(BufferGetPage(dir), DirectoryOffset(meta, list));
    if (current->first_block[chain] == InvalidBlockNumber) {
      Buffer buffer = NewListPage(index);
      PageWriter writer(index, true);
      Page page = writer.Register(buffer, true);
      InitPage(page, core::ivf::kListPage);
      const OffsetNumber offset = AddItem(index, page, item, item_size);
      Page dir_page = writer.Register(dir);
      ListEntry* e = ListEntryAt(dir_page, DirectoryOffset(meta, list));
      e->first_block[chain] = BufferGetBlockNumber(buffer);
      e->insert_block[chain] = BufferGetBlockNumber(buffer);
      writer.Finish();
      ItemPointerSet(&where, BufferGetBlockNumber(buffer), offset);
      UnlockReleaseBuffer(buffer);
      UnlockReleaseBuffer(dir);
      return where;
    }
    entry = *current;
    UnlockReleaseBuffer(dir);
  }

  BlockNumber block = entry.insert_block[chain];
  for (;;) {
    Buffer buffer = ReadBuffer(index, block);
    LockBuffer(buffer, BUFFER_LOCK_EXCLUSIVE);
    Page page = BufferGetPage(buffer);
    if (PageGetFreeSpace(page) >= MAXALIGN(item_size)) {
      PageWriter writer(index, true);
      const OffsetNumber offset = AddItem(index, writer.Register(buffer), item, item_size);
      writer.Finish();
      UnlockReleaseBuffer(buffer);
      if (block != entry.insert_block[chain]) UpdateInsertPage(index, meta, list, chain, entry.insert_block[chain], block);
      ItemPointerSet(&where, block, offset);
      return where;
    }
    const BlockNumber next = Opaque(page)->next_block;
    if (next != InvalidBlockNumber) {
      UnlockReleaseBuffer(buffer);
      block = next;
      continue;
    }
    // Full last page: chain a new one after it.
    Buffer fresh = NewListPage(index);
    PageWriter writer(index, true);
    Page old_page = writer.Register(buffer);
    Page new_page = writer.Register(fresh, true);
    InitPage(new_page, core::ivf::kListPage);
    const OffsetNumber offset = AddItem(index, new_page, item, item_size);
    Opaque(old_page)->next_block = BufferGetBlockNumber(fresh);
    writer.Finish();
    const BlockNumber added = BufferGetBlockNumber(fresh);
    UnlockReleaseBuffer(fresh);
    UnlockReleaseBuffer(buffer);
    UpdateInsertPage(index, meta, list, chain, entry.insert_block[chain], added);
    ItemPointerSet(&where, added, offset);
    return where;
  }
}

}  // namespace pgvec::pg::ivfflat
