// The protobuf wire format, by hand: a bounds-checked field walker for the
// decoders and a few append helpers for the encoders and tests. No
// libprotobuf, no generated code (see specs/otlp.md §3 for the primer).
//
// WireReader never reads past its input; every failure leaves a short
// English reason in error() and makes the reader unusable. Not thread-safe;
// one reader per message being walked.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/coding.h"

namespace waggle::ingest::otlp {

enum class WireType : uint8_t { kVarint = 0, kI64 = 1, kLen = 2, kI32 = 5 };

class WireReader {
 public:
  explicit WireReader(std::string_view data) : p_(data.data()), end_(data.data() + data.size()) {}

  // True when the whole input has been consumed.
  bool done() const { return p_ == end_; }
  // Short reason for the last failure ("" if none).
  const char* error() const { return error_; }

  // Reads a field key. Fails on a bad varint, field number 0 or a wire type
  // other than 0, 1, 2 and 5 (groups 3/4 and the unused 6/7).
  bool ReadTag(uint32_t* field, WireType* type) {
    uint64_t key;
    if (!ReadVarint(&key)) return false;
    uint32_t wt = static_cast<uint32_t>(key & 7);
    if (wt == 3 || wt == 4 || wt > 5) return Fail("invalid wire type");
    if ((key >> 3) == 0 || (key >> 3) > 0x1FFFFFFF) return Fail("invalid field number");
    *field = static_cast<uint32_t>(key >> 3);
    *type = static_cast<WireType>(wt);
    return true;
  }

  // Reads a base-128 varint of at most 10 bytes.
  bool ReadVarint(uint64_t* v) {
    if (p_ < end_ && static_cast<uint8_t>(*p_) < 0x80) {  // fast path: one byte
      *v = static_cast<uint8_t>(*p_++);
      return true;
    }
    uint64_t result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (p_ == end_) return Fail("truncated varint");
      uint64_t byte = static_cast<uint8_t>(*p_++);
      result |= (byte & 0x7F) << shift;
      if (byte < 0x80) {
        *v = result;
        return true;
      }
    }
    return Fail("varint longer than 10 bytes");
  }

  bool ReadFixed64(uint64_t* v) {
    if (end_ - p_ < 8) return Fail("truncated fixed64");
    *v = core::DecodeFixed64(p_);
    p_ += 8;
    return true;
  }

  bool ReadFixed32(uint32_t* v) {
    if (end_ - p_ < 4) return Fail("truncated fixed32");
    *v = core::DecodeFixed32(p_);
    p_ += 4;
    return true;
  }

  // Reads a length-delimited payload as a view into the input.
  bool ReadLen(std::string_view* out) {
    uint64_t n;
    if (!ReadVarint(&n)) return false;
    if (n > static_cast<uint64_t>(end_ - p_)) return Fail("length exceeds remaining input");
    *out = std::string_view(p_, static_cast<size_t>(n));
    p_ += n;
    return true;
  }

  // Skips the value of a field of wire type `type`.
  bool Skip(WireType type) {
    uint64_t v;
    std::string_view s;
    switch (type) {
      case WireType::kVarint:
        return ReadVarint(&v);
      case WireType::kI64:
        return ReadFixed64(&v);
      case WireType::kLen:
        return ReadLen(&s);
      case WireType::kI32: {
        uint32_t u;
        return ReadFixed32(&u);
      }
    }
    return Fail("invalid wire type");
  }

 private:
  bool Fail(const char* why) {
    error_ = why;
    p_ = end_;
    return false;
  }
  const char* p_;
  const char* end_;
  const char* error_ = "";
};

// ---- Encoding helpers (responses and tests) ----

// Appends the key of field `field` with wire type `type`.
inline void PutTag(std::string* out, uint32_t field, WireType type) {
  core::PutVarint64(out, (static_cast<uint64_t>(field) << 3) | static_cast<uint32_t>(type));
}
// Appends a varint field (negative int64 values take 10 bytes, as in proto).
inline void PutVarintField(std::string* out, uint32_t field, uint64_t v) {
  PutTag(out, field, WireType::kVarint);
  core::PutVarint64(out, v);
}
// Appends a length-delimited field (string, bytes or sub-message).
inline void PutLenField(std::string* out, uint32_t field, std::string_view payload) {
  PutTag(out, field, WireType::kLen);
  core::PutLengthPrefixed(out, payload);
}
inline void PutFixed64Field(std::string* out, uint32_t field, uint64_t v) {
  PutTag(out, field, WireType::kI64);
  core::PutFixed64(out, v);
}
inline void PutFixed32Field(std::string* out, uint32_t field, uint32_t v) {
  PutTag(out, field, WireType::kI32);
  core::PutFixed32(out, v);
}
inline void PutDoubleField(std::string* out, uint32_t field, double d) {
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  PutFixed64Field(out, field, bits);
}

}  // namespace waggle::ingest::otlp
