// Bit packing: n unsigned values of `width` bits each (0..64), packed
// little-endian, least significant bit first, into ceil(n*width/8) bytes.
// Used for dictionary codes and frame-of-reference integers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace waggle::store {

// Smallest width (0..64) that holds `max_value`; 0 for max_value == 0.
int BitWidth(uint64_t max_value);

// Bytes that PackBits writes for `n` values of `width` bits.
size_t PackedSize(size_t n, int width);

// Appends `n` values of `values` packed at `width` bits to `dst`. Bits above
// `width` in a value are dropped (callers pass values that fit).
void PackBits(const uint64_t* values, size_t n, int width, std::string* dst);
void PackBits32(const uint32_t* values, size_t n, int width, std::string* dst);

// Unpacks `n` values of `width` bits from the start of `src` into `out`.
// Returns false (writing nothing useful) if `src` is shorter than
// PackedSize(n, width) or width > 64.
bool UnpackBits(std::string_view src, size_t n, int width, uint64_t* out);
bool UnpackBits32(std::string_view src, size_t n, int width, uint32_t* out);

}  // namespace waggle::store
