// A minimal protobuf wire-format writer: enough to encode OTLP requests by
// hand, without libprotobuf, at generator speed. Fields are appended to a
// caller-owned std::string in the order written; nothing is validated
// (writing a well-formed message is the caller's job).
//
// Nested messages whose size is not known up front are written with
// BeginMessage()/EndMessage(): Begin reserves room for the length varint,
// sized from a hint, and End backpatches it, shifting the body only when the
// real length needs a different number of bytes than was reserved. Lengths
// are always written in canonical (shortest) form.
//
// Example:
//   std::string out;
//   ProtoWriter w(&out);
//   w.PutString(1, "key");
//   ProtoWriter::Mark m = w.BeginMessage(2);
//   w.PutVarint(3, 42);
//   w.EndMessage(m);
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace waggle::synth {

enum class WireType : uint32_t { kVarint = 0, kI64 = 1, kLen = 2, kI32 = 5 };

// Bytes needed to encode `v` as a varint (1 to 10).
inline size_t VarintSize(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Bytes taken by a field key for `field` (all OTLP keys fit in 1 or 2).
inline size_t TagSize(uint32_t field) { return VarintSize(uint64_t{field} << 3); }

// Bytes taken by a whole LEN field carrying `payload_size` bytes.
inline size_t LenFieldSize(uint32_t field, size_t payload_size) {
  return TagSize(field) + VarintSize(payload_size) + payload_size;
}

// Writes `v` as a varint at `p` (room for 10 bytes needed); returns the end.
inline char* EncodeVarint(char* p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<char>(v);
  return p;
}

// Writes a field key at `p`; returns the end.
inline char* EncodeTag(char* p, uint32_t field, WireType type) {
  return EncodeVarint(p, (uint64_t{field} << 3) | static_cast<uint32_t>(type));
}

// Writes a LEN field's key, length and `bytes` at `p`; returns the end.
inline char* EncodeBytes(char* p, uint32_t field, std::string_view bytes) {
  p = EncodeTag(p, field, WireType::kLen);
  p = EncodeVarint(p, bytes.size());
  std::memcpy(p, bytes.data(), bytes.size());
  return p + bytes.size();
}

// Not thread-safe; the writer borrows `out`, which must outlive it.
class ProtoWriter {
 public:
  // Where a nested message's length goes; returned by BeginMessage.
  struct Mark {
    size_t length_pos;  // offset of the reserved length bytes
    size_t reserved;    // how many bytes were reserved
  };

  explicit ProtoWriter(std::string* out) : out_(out) {}

  std::string* out() const { return out_; }

  // Grows the output by `n` bytes and returns where they start, for callers
  // that encode a field of known size with the Encode* functions in one go
  // (one append instead of one per piece). The caller must fill all n.
  char* AppendUninitialized(size_t n) {
    size_t old = out_->size();
    out_->resize(old + n);
    return out_->data() + old;
  }

  // Appends a raw varint (no key).
  void PutRawVarint(uint64_t v) {
    char buf[10];
    size_t n = 0;
    while (v >= 0x80) {
      buf[n++] = static_cast<char>(v | 0x80);
      v >>= 7;
    }
    buf[n++] = static_cast<char>(v);
    out_->append(buf, n);
  }
  void PutTag(uint32_t field, WireType type) {
    PutRawVarint((uint64_t{field} << 3) | static_cast<uint32_t>(type));
  }

  // VARINT field: uint32/64, bool, enum. A negative int64 must be passed as
  // static_cast<uint64_t>(v) and takes 10 bytes, as protobuf requires.
  void PutVarint(uint32_t field, uint64_t v) {
    PutTag(field, WireType::kVarint);
    PutRawVarint(v);
  }
  void PutFixed64(uint32_t field, uint64_t v) {
    PutTag(field, WireType::kI64);
    char buf[8];
    std::memcpy(buf, &v, 8);  // x86-64 and aarch64 are little-endian
    out_->append(buf, 8);
  }
  void PutFixed32(uint32_t field, uint32_t v) {
    PutTag(field, WireType::kI32);
    char buf[4];
    std::memcpy(buf, &v, 4);
    out_->append(buf, 4);
  }
  void PutDouble(uint32_t field, double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    PutFixed64(field, bits);
  }
  // LEN field holding string or bytes (or an already-encoded message).
  void PutBytes(uint32_t field, std::string_view v) {
    PutLenHeader(field, v.size());
    out_->append(v.data(), v.size());
  }
  void PutString(uint32_t field, std::string_view v) { PutBytes(field, v); }
  // Key and length of a LEN field whose `size` payload bytes the caller
  // appends next (for payloads whose size is computed in advance).
  void PutLenHeader(uint32_t field, size_t size) {
    PutTag(field, WireType::kLen);
    PutRawVarint(size);
  }

  // Starts a nested message in `field`. `size_hint` is the expected body
  // size; a good hint avoids shifting the body in EndMessage. Every Begin
  // must be closed by EndMessage, innermost first.
  Mark BeginMessage(uint32_t field, size_t size_hint = 0) {
    PutTag(field, WireType::kLen);
    Mark mark{out_->size(), VarintSize(size_hint)};
    out_->append(mark.reserved, '\0');
    return mark;
  }
  // Writes the length of the message started at `mark`.
  void EndMessage(const Mark& mark) {
    size_t body_pos = mark.length_pos + mark.reserved;
    size_t length = out_->size() - body_pos;
    size_t needed = VarintSize(length);
    if (needed > mark.reserved) {
      out_->insert(body_pos, needed - mark.reserved, '\0');
    } else if (needed < mark.reserved) {
      out_->erase(mark.length_pos, mark.reserved - needed);
    }
    char* p = out_->data() + mark.length_pos;
    while (length >= 0x80) {
      *p++ = static_cast<char>(length | 0x80);
      length >>= 7;
    }
    *p = static_cast<char>(length);
  }

 private:
  std::string* out_;
};

}  // namespace waggle::synth
