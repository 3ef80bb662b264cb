#include "net/http/decompress.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>

#include "net/http/text.h"

namespace waggle::net::http {
namespace {

constexpr size_t kMinGrowth = 64 << 10;
// zstd frames may ask for a window up to 2^31; bound the decoder's memory.
constexpr int kZstdMaxWindowLog = 24;

// Makes room for more output: doubles up to `limit` (the cap + 1). Returns
// false when `out` already holds `limit` bytes.
bool Grow(std::string* out, size_t used, size_t limit) {
  if (used >= limit) return false;
  size_t want = std::max(used * 2, used + kMinGrowth);
  out->resize(std::min(want, limit));
  return true;
}

absl::Status TooLarge(size_t max_bytes) {
  return absl::ResourceExhaustedError("decompressed body exceeds " + std::to_string(max_bytes) +
                                      " bytes");
}

// Deflate flavours: windowBits 15+32 auto-detects gzip and zlib headers; -15
// is raw deflate (what some clients send as "deflate").
absl::Status Inflate(std::string_view input, int window_bits, size_t max_bytes, std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) return absl::InternalError("inflateInit2 failed");
  const size_t limit = max_bytes + 1;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  zs.avail_in = static_cast<uInt>(input.size());  // Bodies are capped far below 4 GiB.
  size_t used = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (used == out->size() && !Grow(out, used, limit)) break;
    zs.next_out = reinterpret_cast<Bytef*>(out->data() + used);
    zs.avail_out = static_cast<uInt>(out->size() - used);
    rc = inflate(&zs, Z_NO_FLUSH);
    used = out->size() - zs.avail_out;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // Truncated input.
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) break;
  }
  inflateEnd(&zs);
  out->resize(used);
  if (used > max_bytes) return TooLarge(max_bytes);
  if (rc != Z_STREAM_END) return absl::InvalidArgumentError("invalid compressed body");
  return absl::OkStatus();
}

absl::Status Unzstd(std::string_view input, size_t max_bytes, std::string* out) {
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  if (ctx == nullptr) return absl::InternalError("ZSTD_createDCtx failed");
  ZSTD_DCtx_setParameter(ctx, ZSTD_d_windowLogMax, kZstdMaxWindowLog);
  const size_t limit = max_bytes + 1;
  ZSTD_inBuffer in{input.data(), input.size(), 0};
  size_t used = 0;
  size_t rc = 1;  // Nonzero: a frame is still open.
  bool error = false;
  while (in.pos < in.size || rc != 0) {
    if (used == out->size() && !Grow(out, used, limit)) break;
    ZSTD_outBuffer ob{out->data(), out->size(), used};
    size_t before_in = in.pos;
    rc = ZSTD_decompressStream(ctx, &ob, &in);
    bool progressed = in.pos != before_in || ob.pos != used;
    used = ob.pos;
    // An error, no progress at all, or all input consumed and flushed with
    // the frame still open (truncated input).
    if (ZSTD_isError(rc) || !progressed || (rc != 0 && in.pos == in.size && ob.pos < ob.size)) {
      error = true;
      break;
    }
  }
  ZSTD_freeDCtx(ctx);
  out->resize(used);
  if (used > max_bytes) return TooLarge(max_bytes);
  if (error || rc != 0) return absl::InvalidArgumentError("invalid zstd body");
  return absl::OkStatus();
}

}  // namespace

Encoding ParseContentEncoding(std::string_view header) {
  header = TrimSpace(header);
  if (header.empty() || EqualsIgnoreCase(header, "identity")) return Encoding::kIdentity;
  if (EqualsIgnoreCase(header, "gzip") || EqualsIgnoreCase(header, "x-gzip")) {
    return Encoding::kGzip;
  }
  if (EqualsIgnoreCase(header, "deflate")) return Encoding::kDeflate;
  if (EqualsIgnoreCase(header, "zstd")) return Encoding::kZstd;
  return Encoding::kUnknown;
}

absl::Status Decompress(Encoding encoding, std::string_view input, size_t max_bytes,
                        std::string* out) {
  out->clear();
  switch (encoding) {
    case Encoding::kIdentity:
      if (input.size() > max_bytes) return TooLarge(max_bytes);
      out->assign(input);
      return absl::OkStatus();
    case Encoding::kGzip:
      return Inflate(input, 15 + 32, max_bytes, out);
    case Encoding::kDeflate: {
      // RFC 9110 "deflate" is zlib-wrapped, but some clients send raw
      // deflate; a zlib header's first two bytes are a multiple of 31.
      bool zlib =
          input.size() >= 2 && (static_cast<uint8_t>(input[0]) & 0x0f) == 8 &&
          ((static_cast<uint8_t>(input[0]) << 8) | static_cast<uint8_t>(input[1])) % 31 == 0;
      return Inflate(input, zlib ? 15 : -15, max_bytes, out);
    }
    case Encoding::kZstd:
      return Unzstd(input, max_bytes, out);
    case Encoding::kUnknown:
      break;
  }
  return absl::UnimplementedError("unsupported content-encoding");
}

}  // namespace waggle::net::http
