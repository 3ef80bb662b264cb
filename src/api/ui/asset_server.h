// Serves the embedded web UI on the edge port.
//
//   GET /                 index.html (Cache-Control: no-cache)
//   GET /assets/*         content-hashed files (cached for a year, immutable)
//   GET /<file>           other top-level files of ui/dist (favicon, ...)
//   GET /ui/*             the single-page app's fallback: index.html
//
// Every answer carries a strong ETag; If-None-Match answers 304. Files the
// build precompressed are sent gzip-encoded to clients that accept it. When
// the binary was built without the UI, "/" explains how to build it.
#pragma once

#include <span>
#include <string_view>
#include <unordered_map>

#include "api/ui/assets.h"
#include "net/http/request.h"
#include "net/http/router.h"

namespace waggle::api::ui {

class AssetServer {
 public:
  // Indexes `assets`, which must outlive this object (static data in
  // practice).
  explicit AssetServer(std::span<const EmbeddedAsset> assets);

  AssetServer(const AssetServer&) = delete;
  AssetServer& operator=(const AssetServer&) = delete;

  // Adds the UI's GET routes to `router`. API routes keep precedence since
  // these are "/", exact file paths and prefixes. This object must outlive
  // the router's use.
  void AddRoutes(net::http::Router& router) const;

  // Answers one GET/HEAD for a UI path (see the file comment); 404 for an
  // unknown file. Thread-safe.
  net::http::Response Serve(const net::http::Request& request) const;

 private:
  const EmbeddedAsset* Find(std::string_view path) const;

  std::span<const EmbeddedAsset> assets_;
  std::unordered_map<std::string_view, const EmbeddedAsset*> by_path_;
  const EmbeddedAsset* index_ = nullptr;  // "/index.html", if embedded.
};

// True when the Accept-Encoding header value accepts gzip (q > 0).
bool AcceptsGzip(std::string_view accept_encoding);

// True when an If-None-Match header value matches the strong ETag `etag`
// ("*", or one of the listed tags, weak or strong).
bool EtagMatches(std::string_view if_none_match, std::string_view etag);

}  // namespace waggle::api::ui
