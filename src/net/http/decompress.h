// Content-Encoding support for request bodies: gzip, deflate (zlib or raw),
// zstd and identity, with a hard cap on the decompressed size.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace waggle::net::http {

enum class Encoding { kIdentity, kGzip, kDeflate, kZstd, kUnknown };

// Parses a Content-Encoding header value (case-insensitive; "" and "identity"
// are kIdentity; "x-gzip" is gzip). Lists ("gzip, zstd") are kUnknown.
Encoding ParseContentEncoding(std::string_view header);

// Decompresses `input` encoded as `encoding` into `*out` (replaced). Streams,
// so at most `max_bytes` + 1 output bytes are ever produced (the string may
// reserve up to twice that while growing): a decompression bomb stops at the
// cap. Returns ResourceExhausted when the output would exceed `max_bytes`,
// InvalidArgument for corrupt or truncated input, Unimplemented for
// kUnknown. kIdentity copies `input` (still capped). Thread-safe.
absl::Status Decompress(Encoding encoding, std::string_view input, size_t max_bytes,
                        std::string* out);

}  // namespace waggle::net::http
