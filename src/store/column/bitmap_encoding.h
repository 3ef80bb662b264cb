// Presence bitmaps on disk: the bits of a run of rows, least significant bit
// first, in ceil(n/8) bytes. Runs start at a multiple of 64 rows (blocks
// are a multiple of 64 rows), so whole words copy without shifting.
#pragma once

#include <cstddef>
#include <string>

#include "core/coding.h"
#include "store/column/column.h"

namespace waggle::store {

// Number of set bits among rows [0, rows) of `bitmap`.
size_t CountPresent(const Bitmap& bitmap, size_t rows);

// Appends the bits of rows [begin, begin + n) of `bitmap` (which covers
// them) to `dst`. Requires begin % 64 == 0.
void EncodeBitmapRange(const Bitmap& bitmap, size_t begin, size_t n, std::string* dst);

// Reads the bits of rows [begin, begin + n) from `reader` into `bitmap`
// (already Resize()d to cover them; begin % 64 == 0) and stores the number
// of set bits in `*present`. Returns false if the input is short or sets a
// bit past row begin + n - 1.
bool DecodeBitmapRange(core::Reader* reader, size_t begin, size_t n, Bitmap* bitmap,
                       size_t* present);

}  // namespace waggle::store
