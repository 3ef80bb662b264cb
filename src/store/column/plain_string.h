// Plain strings, for columns whose values rarely repeat (messages, unique
// ids): all lengths first, then all bytes, so zstd sees like next to like.
//
//   plain := varint(length)*n bytes(sum of lengths)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/coding.h"

namespace waggle::store {

// Appends `n` values in plain layout.
void EncodePlainStrings(const std::string_view* values, size_t n, std::string* dst);

// Reads `n` values and appends them to `bytes`, writing the offset just past
// each one to `ends[0..n)`. Returns false if the input is short or the
// column would exceed 4 GiB (uint32 offsets).
bool DecodePlainStrings(core::Reader* reader, size_t n, std::string* bytes, uint32_t* ends);

}  // namespace waggle::store
