#include "store/column/block_compression.h"

#include <fmt/format.h>
#include <lz4.h>
#include <zstd.h>

#include <limits>

namespace waggle::store {

struct BlockCompressor::State {
  ZSTD_CCtx* cctx = nullptr;
  ~State() { ZSTD_freeCCtx(cctx); }
};

BlockCompressor::BlockCompressor(Codec codec, int zstd_level)
    : codec_(codec), zstd_level_(zstd_level), state_(std::make_unique<State>()) {}

BlockCompressor::~BlockCompressor() = default;

absl::StatusOr<Codec> BlockCompressor::Compress(std::string_view raw, std::string* out) {
  out->clear();
  if (codec_ == Codec::kZstd) {
    if (state_->cctx == nullptr) state_->cctx = ZSTD_createCCtx();
    if (state_->cctx == nullptr) return absl::InternalError("ZSTD_createCCtx failed");
    out->resize(ZSTD_compressBound(raw.size()));
    size_t n = ZSTD_compressCCtx(state_->cctx, out->data(), out->size(), raw.data(), raw.size(),
                                 zstd_level_);
    if (ZSTD_isError(n)) {
      return absl::InternalError(fmt::format("zstd compress: {}", ZSTD_getErrorName(n)));
    }
    out->resize(n);
  } else if (codec_ == Codec::kLz4) {
    if (raw.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) {
      return absl::InvalidArgumentError("block too large for lz4");
    }
    out->resize(static_cast<size_t>(LZ4_compressBound(static_cast<int>(raw.size()))));
    int n = LZ4_compress_default(raw.data(), out->data(), static_cast<int>(raw.size()),
                                 static_cast<int>(out->size()));
    if (n <= 0) return absl::InternalError("lz4 compress failed");
    out->resize(static_cast<size_t>(n));
  }
  if (codec_ == Codec::kNone || out->size() >= raw.size()) {
    out->assign(raw);
    return Codec::kNone;
  }
  return codec_;
}

namespace {

absl::Status DecompressZstd(std::string_view stored, std::string* out) {
  // One context per thread: creating one costs more than decoding a small block.
  struct Context {
    ZSTD_DCtx* dctx = ZSTD_createDCtx();
    ~Context() { ZSTD_freeDCtx(dctx); }
  };
  thread_local Context context;
  if (context.dctx == nullptr) return absl::InternalError("ZSTD_createDCtx failed");
  size_t n =
      ZSTD_decompressDCtx(context.dctx, out->data(), out->size(), stored.data(), stored.size());
  if (ZSTD_isError(n)) {
    return absl::DataLossError(fmt::format("zstd block: {}", ZSTD_getErrorName(n)));
  }
  if (n != out->size()) return absl::DataLossError("zstd block: short output");
  return absl::OkStatus();
}

absl::Status DecompressLz4(std::string_view stored, std::string* out) {
  if (stored.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
      out->size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::DataLossError("lz4 block too large");
  }
  int n = LZ4_decompress_safe(stored.data(), out->data(), static_cast<int>(stored.size()),
                              static_cast<int>(out->size()));
  if (n < 0 || static_cast<size_t>(n) != out->size()) {
    return absl::DataLossError("lz4 block: corrupt");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status DecompressBlock(Codec codec, std::string_view stored, size_t raw_size,
                             std::string* out) {
  switch (codec) {
    case Codec::kNone:
      if (stored.size() != raw_size) return absl::DataLossError("raw block: size mismatch");
      out->assign(stored);
      return absl::OkStatus();
    case Codec::kZstd:
      out->resize(raw_size);
      return DecompressZstd(stored, out);
    case Codec::kLz4:
      out->resize(raw_size);
      return DecompressLz4(stored, out);
  }
  return absl::DataLossError("unknown block codec");
}

}  // namespace waggle::store
