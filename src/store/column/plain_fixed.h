// Raw fixed-width values: doubles as 8 little-endian bytes (kRawDouble) and
// trace/span ids as their bytes (kRawFixed). Random bytes do not compress,
// so the plainest layout is also the fastest to decode.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/coding.h"

namespace waggle::store {

// Appends `n` doubles as 8 little-endian bytes each.
void EncodeDoubles(const double* values, size_t n, std::string* dst);

// Reads `n` doubles into `out`; false if `reader` holds fewer than 8*n bytes.
bool DecodeDoubles(core::Reader* reader, size_t n, double* out);

// Appends `bytes` (n values of a fixed width, already contiguous).
void EncodeFixed(std::string_view bytes, std::string* dst);

// Reads `n` values of `width` bytes into `out` (which has room for n*width
// bytes); false if the input is short.
bool DecodeFixed(core::Reader* reader, size_t n, size_t width, char* out);

}  // namespace waggle::store
