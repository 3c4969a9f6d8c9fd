// Binary send/recv form of `sparsevec` (COPY BINARY, libpq binary
// parameters and results), byte-compatible with pgvector.
#include "pgvec/core/sparse_vector.hpp"

#include "pgvec/core/vector_text.hpp"

namespace pgvec::core {

SparseBinaryHeader ReadSparseBinaryHeader(BinaryReader& reader, int typmod) {
  const auto dim = static_cast<std::int32_t>(reader.ReadUint32());
  const auto nnz = static_cast<std::int32_t>(reader.ReadUint32());
  const auto unused = static_cast<std::int32_t>(reader.ReadUint32());
  CheckDimensions(kSparsevecName, dim, kSparsevecMaxDim);
  CheckSparseNnz(nnz, dim);
  CheckTypmod(typmod, dim);
  if (unused != 0) ThrowUnusedNotZero(unused);
  return SparseBinaryHeader{dim, nnz};
}

void ReadSparseBinaryBody(BinaryReader& reader, const SparseBinaryHeader& header, SparseStorage out) {
  // Unlike the text form, binary input is not sorted for the sender: it must
  // already be in the stored form (ascending, no duplicates, no zeros).
  std::int64_t previous = -1;
  for (int i = 0; i < header.nnz; ++i) {
    out.indices[i] = static_cast<std::int32_t>(reader.ReadUint32());
    CheckSparseIndex(out.indices[i], previous, header.dim);
    previous = out.indices[i];
  }
  for (int i = 0; i < header.nnz; ++i) {
    out.values[i] = reader.ReadFloat4();
    CheckFiniteElement(kSparsevecName, out.values[i]);
    if (out.values[i] == 0.0f) {
      throw Error(ErrorCode::kDataException, "binary representation of sparsevec cannot contain zero values");
    }
  }
}

std::uint8_t* WriteSparseBinary(const SparseView& v, std::uint8_t* out) noexcept {
  out = WriteUint32(out, static_cast<std::uint32_t>(v.dim));
  out = WriteUint32(out, static_cast<std::uint32_t>(v.nnz));
  out = WriteUint32(out, 0);
  for (int i = 0; i < v.nnz; ++i) out = WriteUint32(out, static_cast<std::uint32_t>(v.indices[i]));
  for (int i = 0; i < v.nnz; ++i) out = WriteFloat4(out, v.values[i]);
  return out;
}

}  // namespace pgvec::core
