// A C++ object whose lifetime follows a PostgreSQL memory context.
//
// Index scans and builds keep C++ state (containers, thread pools) between
// calls that PostgreSQL may abandon with an error at any point. Placing the
// object in the current memory context and registering a reset callback
// makes the context's reset or deletion - which PostgreSQL performs after an
// error too - run the destructor; Destroy() runs it earlier (amendscan), at
// most once either way.
#pragma once

#include <new>
#include <utility>

#include "pg/fence.hpp"

namespace pgvec::pg {

template <class T>
class ContextOwned {
 public:
  // Constructs a T in CurrentMemoryContext. The constructor runs inside
  // Fenced: an exception becomes a PostgreSQL error (and nothing leaks).
  template <class... Args>
  static T* New(Args&&... args) {
    auto* header = static_cast<Header*>(palloc(kObjectOffset + sizeof(T)));
    header->destroyed = true;  // until constructed
    header->callback.func = &DestroyCallback;
    header->callback.arg = header;
    MemoryContextRegisterResetCallback(CurrentMemoryContext, &header->callback);
    T* object = Fenced([&] { return new (ObjectOf(header)) T(std::forward<Args>(args)...); });
    header->destroyed = false;
    return object;
  }

  // Runs the destructor now; the memory stays with the context.
  static void Destroy(T* object) noexcept {
    DestroyCallback(reinterpret_cast<char*>(object) - kObjectOffset);
  }

 private:
  struct Header {
    MemoryContextCallback callback;
    bool destroyed;
  };
  static constexpr std::size_t kObjectOffset =
      (sizeof(Header) + alignof(T) - 1) / alignof(T) * alignof(T);

  static void* ObjectOf(Header* header) noexcept { return reinterpret_cast<char*>(header) + kObjectOffset; }

  static void DestroyCallback(void* arg) noexcept {
    auto* header = static_cast<Header*>(arg);
    if (header->destroyed) return;
    header->destroyed = true;
    static_cast<T*>(ObjectOf(header))->~T();
  }
};

}  // namespace pgvec::pg
