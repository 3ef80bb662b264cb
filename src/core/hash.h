// Hashing and checksums: XXH3 (xxhash) for everything that is not a
// cryptographic concern. Secrets use OpenSSL SHA-256 in auth/.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace waggle::core {

// 64-bit XXH3 hash of `data` with `seed`.
uint64_t Hash64(std::string_view data, uint64_t seed = 0);

// 32-bit checksum for on-disk records: the low half of XXH3-64 with a fixed
// seed, so a checksum of all zeros or of a zero-filled page is unlikely.
uint32_t Checksum32(std::string_view data);

// Checksum32 of the concatenation of `pieces`, computed without joining them:
// equal to Checksum32 of the joined bytes (so a record can be checksummed
// straight from its caller's buffers).
uint32_t Checksum32Concat(std::span<const std::string_view> pieces);

}  // namespace waggle::core
