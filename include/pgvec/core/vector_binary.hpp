// Binary send/recv form of `vector` (COPY BINARY, libpq binary parameters and
// results), pgvector's layout in network byte order:
//   uint16 dim, uint16 unused (must be 0), dim x float4 (IEEE-754 bits).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "pgvec/core/error.hpp"
#include "pgvec/core/vector_text.hpp"

namespace pgvec::core {

// A read cursor over a received message with PostgreSQL's error for short
// input ("insufficient data left in message", protocol_violation).
class BinaryReader {
 public:
  BinaryReader(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}

  std::uint16_t ReadUint16() { return static_cast<std::uint16_t>(ReadBigEndian(2)); }
  std::uint32_t ReadUint32() { return static_cast<std::uint32_t>(ReadBigEndian(4)); }
  float ReadFloat4() {
    const std::uint32_t bits = ReadUint32();
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  std::size_t consumed() const noexcept { return offset_; }

 private:
  std::uint64_t ReadBigEndian(std::size_t n);

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t offset_ = 0;
};

// Big-endian writers; the caller provides room.
inline std::uint8_t* WriteUint16(std::uint8_t* out, std::uint16_t v) noexcept {
  out[0] = static_cast<std::uint8_t>(v >> 8);
  out[1] = static_cast<std::uint8_t>(v);
  return out + 2;
}
inline std::uint8_t* WriteUint32(std::uint8_t* out, std::uint32_t v) noexcept {
  for (int i = 3; i >= 0; --i) *out++ = static_cast<std::uint8_t>(v >> (8 * i));
  return out;
}
inline std::uint8_t* WriteFloat4(std::uint8_t* out, float v) noexcept {
  std::uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return WriteUint32(out, bits);
}

[[noreturn]] void ThrowUnusedNotZero(int unused);

// Reads a dense binary value. `allocate(dim)` returns storage for dim floats
// (the glue hands out the payload of a freshly allocated datum); checks run
// in pgvector's order: dimensions, typmod, unused, then each element.
template <class Allocate>
float* ReadDenseBinary(BinaryReader& reader, std::string_view type_name, int max_dim, int typmod,
                       Allocate&& allocate, int* dim_out) {
  const int dim = reader.ReadUint16();
  const int unused = reader.ReadUint16();
  CheckDimensions(type_name, dim, max_dim);
  CheckTypmod(typmod, dim);
  if (unused != 0) ThrowUnusedNotZero(unused);
  float* values = allocate(dim);
  for (int i = 0; i < dim; ++i) {
    values[i] = reader.ReadFloat4();
    CheckFiniteElement(type_name, values[i]);
  }
  *dim_out = dim;
  return values;
}

// Size in bytes of the binary form of a dense float vector.
inline std::size_t DenseBinarySize(std::size_t dim) noexcept { return 4 + 4 * dim; }

// Writes the binary form; `out` must hold DenseBinarySize(dim) bytes.
std::uint8_t* WriteDenseBinary(const float* values, int dim, std::uint8_t* out) noexcept;

}  // namespace pgvec::core

#include "pgvec/core/no_postgres.hpp"
