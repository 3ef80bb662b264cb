#include "core/hash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace waggle::core {

uint64_t Hash64(std::string_view data, uint64_t seed) {
  return XXH3_64bits_withSeed(data.data(), data.size(), seed);
}

uint32_t Checksum32(std::string_view data) {
  constexpr uint64_t kChecksumSeed = 0x57a6'61e0'c4ec'5e11ULL;
  return static_cast<uint32_t>(XXH3_64bits_withSeed(data.data(), data.size(), kChecksumSeed));
}

}  // namespace waggle::core
