#include "store/column/bitmap_encoding.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "core/check.h"

namespace waggle::store {

size_t CountPresent(const Bitmap& bitmap, size_t rows) {
  const std::vector<uint64_t>& words = bitmap.words();
  size_t full = rows / 64;
  size_t count = 0;
  for (size_t w = 0; w < full && w < words.size(); ++w) count += __builtin_popcountll(words[w]);
  if (rows % 64 != 0 && full < words.size()) {
    uint64_t mask = (uint64_t{1} << (rows % 64)) - 1;
    count += __builtin_popcountll(words[full] & mask);
  }
  return count;
}

void EncodeBitmapRange(const Bitmap& bitmap, size_t begin, size_t n, std::string* dst) {
  DCHECK(begin % 64 == 0);
  const uint64_t* words = bitmap.words().data() + begin / 64;
  size_t bytes = (n + 7) / 8;
  size_t start = dst->size();
  dst->resize(start + bytes);
  char* out = dst->data() + start;
  for (size_t i = 0; i < bytes; i += 8) {
    uint64_t w = words[i / 8];
    size_t left = n - i * 8;  // rows still to write, > 0
    if (left < 64) w &= (uint64_t{1} << left) - 1;
    std::memcpy(out + i, &w, std::min<size_t>(8, bytes - i));
  }
}

bool DecodeBitmapRange(core::Reader* reader, size_t begin, size_t n, Bitmap* bitmap,
                       size_t* present) {
  DCHECK(begin % 64 == 0);
  size_t bytes = (n + 7) / 8;
  std::string_view in;
  if (!reader->GetBytes(bytes, &in)) return false;
  uint64_t* words = bitmap->words().data() + begin / 64;
  size_t count = 0;
  for (size_t i = 0; i < bytes; i += 8) {
    uint64_t w = 0;
    std::memcpy(&w, in.data() + i, std::min<size_t>(8, bytes - i));
    size_t left = n - i * 8;
    if (left < 64 && (w >> left) != 0) return false;
    words[i / 8] = w;
    count += __builtin_popcountll(w);
  }
  *present = count;
  return true;
}

}  // namespace waggle::store
