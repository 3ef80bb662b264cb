// Block compression: every block of a segment file is stored with one codec.
// zstd at a low level is the default (see WriteOptions for why); lz4 trades
// size for decode speed; kNone keeps blocks that do not shrink.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace waggle::store {

// On-disk codec ids (docs/formats/segment.md); never renumber.
enum class Codec : uint8_t {
  kNone = 0,
  kZstd = 1,
  kLz4 = 2,
};

// True if `value` names a known Codec.
inline bool IsKnownCodec(uint8_t value) { return value <= 2; }

// Compresses blocks, reusing one zstd context. Not thread-safe: use one per
// writing thread.
class BlockCompressor {
 public:
  // `codec` is kZstd (at `zstd_level`), kLz4 or kNone.
  BlockCompressor(Codec codec, int zstd_level);
  ~BlockCompressor();
  BlockCompressor(const BlockCompressor&) = delete;
  BlockCompressor& operator=(const BlockCompressor&) = delete;

  // Replaces `*out` with the stored form of `raw` and returns the codec
  // actually used: kNone when compression would not save a byte.
  // Fails (Internal) only if the compression library does.
  absl::StatusOr<Codec> Compress(std::string_view raw, std::string* out);

 private:
  struct State;
  Codec codec_;
  int zstd_level_;
  std::unique_ptr<State> state_;
};

// Decompresses `stored` (written with `codec`) into `*out`, which must come
// out exactly `raw_size` bytes. Returns DataLoss for corrupt input or a size
// mismatch. Thread-safe (each thread reuses its own zstd context).
absl::Status DecompressBlock(Codec codec, std::string_view stored, size_t raw_size,
                             std::string* out);

}  // namespace waggle::store
