#include "core/hash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace waggle::core {

uint64_t Hash64(std::string_view data, uint64_t seed) {
  return XXH3_64bits_withSeed(data.data(), data.size(), seed);
}

namespace {
constexpr uint64_t kChecksumSeed = 0x57a6'61e0'c4ec'5e11ULL;
}  // namespace

uint32_t Checksum32(std::string_view data) {
  return static_cast<uint32_t>(XXH3_64bits_withSeed(data.data(), data.size(), kChecksumSeed));
}

uint32_t Checksum32Concat(std::span<const std::string_view> pieces) {
  XXH3_state_t state;  // ~600 bytes on the stack: no allocation per record.
  XXH3_INITSTATE(&state);
  XXH3_64bits_reset_withSeed(&state, kChecksumSeed);
  for (std::string_view piece : pieces) XXH3_64bits_update(&state, piece.data(), piece.size());
  return static_cast<uint32_t>(XXH3_64bits_digest(&state));
}

}  // namespace waggle::core
