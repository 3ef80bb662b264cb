// Trace and span identifiers: raw bytes as on the OTLP wire (16 and 8),
// with hex conversion for APIs. An all-zero id means "absent".
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace waggle::model {

using TraceId = std::array<uint8_t, 16>;
using SpanId = std::array<uint8_t, 8>;

// Equality and hash for trace ids as hash-map keys: two 64-bit words each,
// where std::equal_to would call memcmp for every probe.
struct TraceIdEq {
  bool operator()(const TraceId& a, const TraceId& b) const {
    uint64_t x[2], y[2];
    std::memcpy(x, a.data(), 16);
    std::memcpy(y, b.data(), 16);
    return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
  }
};
struct TraceIdHash {
  size_t operator()(const TraceId& id) const {
    uint64_t x[2];
    std::memcpy(x, id.data(), 16);
    // Ids are random (or time-prefixed): one multiply mixes both halves.
    unsigned __int128 m = static_cast<unsigned __int128>(x[0] ^ 0x9e3779b97f4a7c15ULL) *
                          (x[1] ^ 0xbf58476d1ce4e5b9ULL);
    return static_cast<size_t>(m ^ (m >> 64));
  }
};

// True if every byte is zero (the OTLP "absent/invalid" id).
template <size_t N>
bool IsZeroId(const std::array<uint8_t, N>& id) {
  for (uint8_t b : id) {
    if (b != 0) return false;
  }
  return true;
}

// Lower-case hex of an id (32 or 16 characters).
template <size_t N>
std::string IdToHex(const std::array<uint8_t, N>& id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * N, '0');
  for (size_t i = 0; i < N; ++i) {
    out[2 * i] = kDigits[id[i] >> 4];
    out[2 * i + 1] = kDigits[id[i] & 0xF];
  }
  return out;
}

// Parses exactly 2*N hex digits (either case); nullopt otherwise.
template <size_t N>
std::optional<std::array<uint8_t, N>> IdFromHex(std::string_view hex) {
  if (hex.size() != 2 * N) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::array<uint8_t, N> id{};
  for (size_t i = 0; i < N; ++i) {
    int hi = nibble(hex[2 * i]);
    int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return id;
}

// Copies `bytes` into an id if it has exactly N bytes.
template <size_t N>
std::optional<std::array<uint8_t, N>> IdFromBytes(std::string_view bytes) {
  if (bytes.size() != N) return std::nullopt;
  std::array<uint8_t, N> id;
  for (size_t i = 0; i < N; ++i) id[i] = static_cast<uint8_t>(bytes[i]);
  return id;
}

}  // namespace waggle::model
