#include "store/column/plain_fixed.h"

#include <cstring>

namespace waggle::store {

void EncodeDoubles(const double* values, size_t n, std::string* dst) {
  // Both supported targets are little-endian, so the array is the encoding.
  dst->append(reinterpret_cast<const char*>(values), n * sizeof(double));
}

bool DecodeDoubles(core::Reader* reader, size_t n, double* out) {
  std::string_view in;
  if (!reader->GetBytes(n * sizeof(double), &in)) return false;
  if (n > 0) std::memcpy(out, in.data(), in.size());
  return true;
}

void EncodeFixed(std::string_view bytes, std::string* dst) { dst->append(bytes); }

bool DecodeFixed(core::Reader* reader, size_t n, size_t width, char* out) {
  std::string_view in;
  if (!reader->GetBytes(n * width, &in)) return false;
  if (!in.empty()) std::memcpy(out, in.data(), in.size());
  return true;
}

}  // namespace waggle::store
