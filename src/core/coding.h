// Little-endian fixed-width and LEB128 varint encodings shared by every
// on-disk format (docs/formats/). Readers bound-check; writers append.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace waggle::core {

// Appends `v` as 4 little-endian bytes.
inline void PutFixed32(std::string* dst, uint32_t v) {
  char buf[4];
  std::memcpy(buf, &v, 4);  // x86-64 and aarch64 are little-endian.
  dst->append(buf, 4);
}

// Appends `v` as 8 little-endian bytes.
inline void PutFixed64(std::string* dst, uint64_t v) {
  char buf[8];
  std::memcpy(buf, &v, 8);
  dst->append(buf, 8);
}

// Reads 4 little-endian bytes at `p` (caller guarantees they exist).
inline uint32_t DecodeFixed32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Reads 8 little-endian bytes at `p` (caller guarantees they exist).
inline uint64_t DecodeFixed64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Appends `v` as an unsigned LEB128 varint (1 to 10 bytes).
inline void PutVarint64(std::string* dst, uint64_t v) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}

// Appends a varint length followed by the bytes of `s`.
inline void PutLengthPrefixed(std::string* dst, std::string_view s) {
  PutVarint64(dst, s.size());
  dst->append(s.data(), s.size());
}

// Zigzag maps signed to unsigned so small magnitudes stay small varints.
inline uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t ZigZagDecode(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

// A bounds-checked cursor over a byte range. Every Get* returns false,
// consuming nothing, when the input is short or malformed.
class Reader {
 public:
  explicit Reader(std::string_view data) : p_(data.data()), end_(data.data() + data.size()) {}

  bool GetVarint64(uint64_t* v) {
    uint64_t result = 0;
    const char* p = p_;
    for (int shift = 0; shift <= 63 && p < end_; shift += 7) {
      uint64_t byte = static_cast<uint8_t>(*p++);
      result |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        *v = result;
        p_ = p;
        return true;
      }
    }
    return false;
  }
  bool GetFixed32(uint32_t* v) {
    if (end_ - p_ < 4) return false;
    *v = DecodeFixed32(p_);
    p_ += 4;
    return true;
  }
  bool GetFixed64(uint64_t* v) {
    if (end_ - p_ < 8) return false;
    *v = DecodeFixed64(p_);
    p_ += 8;
    return true;
  }
  bool GetBytes(size_t n, std::string_view* out) {
    if (static_cast<size_t>(end_ - p_) < n) return false;
    *out = std::string_view(p_, n);
    p_ += n;
    return true;
  }
  bool GetLengthPrefixed(std::string_view* out) {
    const char* save = p_;
    uint64_t n;
    if (!GetVarint64(&n) || !GetBytes(n, out)) {
      p_ = save;
      return false;
    }
    return true;
  }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool empty() const { return p_ == end_; }
  const char* position() const { return p_; }

 private:
  const char* p_;
  const char* end_;
};

}  // namespace waggle::core
