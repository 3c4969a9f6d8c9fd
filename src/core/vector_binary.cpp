#include "pgvec/core/vector_binary.hpp"

#include <string>

namespace pgvec::core {

std::uint64_t BinaryReader::ReadBigEndian(std::size_t n) {
  if (size_ - offset_ < n) throw Error(ErrorCode::kProtocolViolation, "insufficient data left in message");
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | data_[offset_ + i];
  offset_ += n;
  return v;
}

void ThrowUnusedNotZero(int unused) {
  throw Error(ErrorCode::kDataException, "expected unused to be 0, not " + std::to_string(unused));
}

std::uint8_t* WriteDenseBinary(const float* values, int dim, std::uint8_t* out) noexcept {
  out = WriteUint16(out, static_cast<std::uint16_t>(dim));
  out = WriteUint16(out, 0);
  for (int i = 0; i < dim; ++i) out = WriteFloat4(out, values[i]);
  return out;
}

}  // namespace pgvec::core
