#include "store/column/bit_packing.h"

#include <algorithm>
#include <cstring>

namespace waggle::store {
namespace {

uint64_t Mask(int width) { return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

template <typename T>
void Pack(const T* values, size_t n, int width, std::string* dst) {
  if (width == 0 || n == 0) return;
  const uint64_t mask = Mask(width);
  size_t start = dst->size();
  dst->resize(start + PackedSize(n, width));
  char* out = dst->data() + start;
  // A 128-bit accumulator never overflows: it holds < 8 pending bits plus
  // one value of at most 64 bits.
  unsigned __int128 acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    acc |= static_cast<unsigned __int128>(static_cast<uint64_t>(values[i]) & mask) << bits;
    bits += width;
    while (bits >= 8) {
      *out++ = static_cast<char>(static_cast<uint8_t>(acc));
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) *out = static_cast<char>(static_cast<uint8_t>(acc));
}

// Reads the value at bit `bit` when fewer than 8 bytes may follow it.
uint64_t LoadTail(const uint8_t* p, size_t size, size_t bit, uint64_t mask) {
  size_t byte = bit >> 3;
  uint8_t buf[8] = {0};
  std::memcpy(buf, p + byte, std::min<size_t>(8, size - byte));
  uint64_t w;
  std::memcpy(&w, buf, 8);
  return (w >> (bit & 7)) & mask;
}

template <typename T>
void UnpackNarrow(const uint8_t* p, size_t size, size_t n, int width, T* out) {
  const uint64_t mask = Mask(width);
  size_t i = 0;
  // Fast path: one unaligned 8-byte load per value (width <= 56 means the
  // value never spans more than 8 bytes from its first byte).
  for (; i < n; ++i) {
    size_t bit = i * static_cast<size_t>(width);
    size_t byte = bit >> 3;
    if (byte + 8 > size) break;
    uint64_t w;
    std::memcpy(&w, p + byte, 8);
    out[i] = static_cast<T>((w >> (bit & 7)) & mask);
  }
  for (; i < n; ++i) out[i] = static_cast<T>(LoadTail(p, size, i * width, mask));
}

template <typename T>
void UnpackWide(const uint8_t* p, size_t n, int width, T* out) {
  const uint64_t mask = Mask(width);
  unsigned __int128 acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    while (bits < width) {
      acc |= static_cast<unsigned __int128>(*p++) << bits;
      bits += 8;
    }
    out[i] = static_cast<T>(static_cast<uint64_t>(acc) & mask);
    acc >>= width;
    bits -= width;
  }
}

template <typename T>
bool Unpack(std::string_view src, size_t n, int width, T* out) {
  if (width < 0 || width > 64) return false;
  size_t size = PackedSize(n, width);
  if (src.size() < size) return false;
  if (width == 0) {
    std::fill(out, out + n, T{0});
    return true;
  }
  const auto* p = reinterpret_cast<const uint8_t*>(src.data());
  if (width <= 56) {
    UnpackNarrow(p, size, n, width, out);
  } else {
    UnpackWide(p, n, width, out);
  }
  return true;
}

}  // namespace

int BitWidth(uint64_t max_value) { return max_value == 0 ? 0 : 64 - __builtin_clzll(max_value); }

size_t PackedSize(size_t n, int width) {
  // n * width cannot overflow for any n that fits in memory (width <= 64).
  return (n * static_cast<size_t>(width) + 7) / 8;
}

void PackBits(const uint64_t* values, size_t n, int width, std::string* dst) {
  Pack(values, n, width, dst);
}

void PackBits32(const uint32_t* values, size_t n, int width, std::string* dst) {
  Pack(values, n, width, dst);
}

bool UnpackBits(std::string_view src, size_t n, int width, uint64_t* out) {
  return Unpack(src, n, width, out);
}

bool UnpackBits32(std::string_view src, size_t n, int width, uint32_t* out) {
  if (width > 32) return false;
  return Unpack(src, n, width, out);
}

}  // namespace waggle::store
