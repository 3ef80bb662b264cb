#include "store/column/plain_string.h"

#include <limits>

namespace waggle::store {

void EncodePlainStrings(const std::string_view* values, size_t n, std::string* dst) {
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    core::PutVarint64(dst, values[i].size());
    total += values[i].size();
  }
  dst->reserve(dst->size() + total);
  for (size_t i = 0; i < n; ++i) dst->append(values[i]);
}

bool DecodePlainStrings(core::Reader* reader, size_t n, std::string* bytes, uint32_t* ends) {
  uint64_t end = bytes->size();
  for (size_t i = 0; i < n; ++i) {
    uint64_t len;
    if (!reader->GetVarint64(&len) || len > reader->remaining()) return false;
    end += len;
    if (end > std::numeric_limits<uint32_t>::max()) return false;
    ends[i] = static_cast<uint32_t>(end);
  }
  std::string_view data;
  if (!reader->GetBytes(end - bytes->size(), &data)) return false;
  bytes->append(data);
  return true;
}

}  // namespace waggle::store
