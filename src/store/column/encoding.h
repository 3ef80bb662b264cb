// On-disk identifiers of the column encodings. These numbers are part of the
// segment file format (docs/formats/segment.md): never renumber them.
#pragma once

#include <cstdint>

namespace waggle::store {

// How a column's values are laid out inside its blocks.
enum class Encoding : uint8_t {
  kInt = 1,          // kInt64/kBool: per-block IntMode (int_encoding.h)
  kRawDouble = 2,    // kDouble: 8 little-endian bytes per value
  kPlainString = 3,  // kString: varint lengths, then the bytes
  kDict = 4,         // kString/kFixed*: bit-packed codes into a sorted dictionary
  kRawFixed = 5,     // kFixed16/kFixed8: width bytes per value
};

// True if `value` names a known Encoding.
inline bool IsKnownEncoding(uint8_t value) { return value >= 1 && value <= 5; }

// Sub-layout of one block of a kInt column (its first byte).
enum class IntMode : uint8_t {
  kVarint = 0,       // zigzag varint per value
  kDeltaVarint = 1,  // zigzag varint of each value minus the previous one
  kFor = 2,          // frame of reference: base, divisor, bit-packed (v-base)/divisor
  kDeltaFor = 3,     // first value, then kFor over the deltas
};

}  // namespace waggle::store
