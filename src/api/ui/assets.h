// The web UI's built files (ui/dist), embedded in the binary at build time by
// cmake/embed_assets.cmake. Immutable static data: thread-safe to read.
#pragma once

#include <cstddef>
#include <span>

namespace waggle::api::ui {

// One embedded file.
struct EmbeddedAsset {
  const char* path;          // URL path, e.g. "/assets/index-3f2a1b.js".
  const char* content_type;  // e.g. "text/javascript; charset=utf-8".
  const char* etag;          // Strong ETag of the identity bytes, quoted.
  const unsigned char* data;
  size_t size;
  const unsigned char* gzip;  // Precompressed form, or null when not smaller.
  size_t gzip_size;
};

// Every embedded file, sorted by path; empty when the UI was not built
// before the binary (the server then answers "UI not built").
std::span<const EmbeddedAsset> EmbeddedAssets();

}  // namespace waggle::api::ui
