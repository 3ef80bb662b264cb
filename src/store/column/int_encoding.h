// Int64 block encoding. Each block picks the smallest of four layouts
// (IntMode in encoding.h), so sorted timestamps become small deltas,
// small enums a few bits each, and millisecond-rounded values lose their
// common factor:
//
//   ints       := mode:u8 body
//   kVarint    := zigzag-varint*n
//   kDeltaVarint := zigzag-varint(v[i] - v[i-1], v[-1] = 0)*n
//   kFor       := for(n)
//   kDeltaFor  := (n == 0 ? "" : zigzag-varint(v[0]) for(n - 1 deltas))
//   for(m)     := zigzag-varint(base) varint(divisor >= 1) width:u8
//                 bitpacked((x - base) / divisor, width)*m
//
// All arithmetic wraps modulo 2^64, so INT64_MIN/INT64_MAX round-trip.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/coding.h"
#include "store/column/encoding.h"

namespace waggle::store {

// Appends `n` values with the mode that gives the fewest bytes.
void EncodeInts(const int64_t* values, size_t n, std::string* dst);

// Appends `n` values with a given `mode` (tests and benchmarks).
void EncodeIntsWithMode(const int64_t* values, size_t n, IntMode mode, std::string* dst);

// Decodes exactly `n` values from `reader` into `out`. Returns false if the
// input is short or malformed (unknown mode, width > 64, divisor 0).
bool DecodeInts(core::Reader* reader, size_t n, int64_t* out);

}  // namespace waggle::store
