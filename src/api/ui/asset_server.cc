#include "api/ui/asset_server.h"

#include <string>

#include "core/strings.h"
#include "core/trim.h"

namespace waggle::api::ui {
namespace {

using net::http::Request;
using net::http::Response;

constexpr char kImmutable[] = "public, max-age=31536000, immutable";
constexpr char kRevalidate[] = "no-cache";
// The app loads only its own files and calls only this server's API.
constexpr char kIndexPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

constexpr char kNotBuiltPage[] =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Waggle</title></head>"
    "<body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\">"
    "<h1>Waggle</h1><p><b>UI not built:</b> run <code>make build</code> (it runs "
    "<code>npm ci --prefix ui &amp;&amp; npm run build --prefix ui</code> before compiling), "
    "then restart <code>waggle serve</code>.</p><p>The API works without it: "
    "<a href=\"/api/v1/datasets\">/api/v1/datasets</a>.</p></body></html>";

// Calls fn(item) for each comma-separated, trimmed, non-empty item.
template <typename Fn>
void ForEachItem(std::string_view list, Fn fn) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = core::TrimBlanks(list.substr(0, comma));
    if (!item.empty() && fn(item)) return;
    if (comma == std::string_view::npos) return;
    list.remove_prefix(comma + 1);
  }
}

bool IsSpaPath(std::string_view path) {
  return path == "/" || path == "/index.html" || path == "/ui" || path.starts_with("/ui/");
}

Response NotFound() { return Response{404, "text/plain; charset=utf-8", "not found\n", {}}; }

// The ETag of the gzip representation: a strong ETag must differ per
// representation, so "abc" becomes "abc-gzip".
std::string GzipEtag(std::string_view etag) {
  std::string out(etag.substr(0, etag.size() - 1));
  out += "-gzip\"";
  return out;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  bool accepted = false;
  ForEachItem(accept_encoding, [&](std::string_view item) {
    size_t semi = item.find(';');
    std::string_view coding = core::TrimBlanks(item.substr(0, semi));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") return false;
    double q = 1;
    if (semi != std::string_view::npos) {
      std::string_view params = core::TrimBlanks(item.substr(semi + 1));
      // A malformed weight refuses the coding rather than guessing.
      if (params.starts_with("q=") && !core::ParseNumber(params.substr(2), &q)) q = 0;
    }
    accepted = q > 0;
    return coding != "*";  // An explicit gzip entry outranks a wildcard.
  });
  return accepted;
}

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  bool matched = false;
  ForEachItem(if_none_match, [&](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    matched = tag == "*" || tag == etag;
    return matched;
  });
  return matched;
}

AssetServer::AssetServer(std::span<const EmbeddedAsset> assets) : assets_(assets) {
  for (const EmbeddedAsset& asset : assets_) by_path_[asset.path] = &asset;
  index_ = Find("/index.html");
}

const EmbeddedAsset* AssetServer::Find(std::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : it->second;
}

void AssetServer::AddRoutes(net::http::Router& router) const {
  auto serve = [this](const Request& request) { return Serve(request); };
  router.Add("GET", "/", serve);
  router.Add("GET", "/ui", serve);
  router.Add("GET", "/ui/*", serve);
  router.Add("GET", "/assets/*", serve);
  for (const EmbeddedAsset& asset : assets_) {
    std::string_view path = asset.path;
    // Top-level files only; nested ones are under a prefix route already.
    if (path.find('/', 1) == std::string_view::npos) router.Add("GET", asset.path, serve);
  }
}

Response AssetServer::Serve(const Request& request) const {
  std::string_view path = request.path;
  const EmbeddedAsset* asset = IsSpaPath(path) ? index_ : Find(path);
  if (asset == nullptr) {
    if (index_ == nullptr && IsSpaPath(path)) {
      return Response{
          200, "text/html; charset=utf-8", kNotBuiltPage, {{"Cache-Control", kRevalidate}}};
    }
    return NotFound();
  }
  bool gzip = asset->gzip != nullptr && AcceptsGzip(request.Header("accept-encoding"));
  std::string etag = gzip ? GzipEtag(asset->etag) : std::string(asset->etag);
  Response response;
  response.headers = {{"ETag", etag},
                      {"Cache-Control", path.starts_with("/assets/") ? kImmutable : kRevalidate},
                      {"X-Content-Type-Options", "nosniff"}};
  if (asset->gzip != nullptr) response.headers.emplace_back("Vary", "Accept-Encoding");
  if (asset == index_) response.headers.emplace_back("Content-Security-Policy", kIndexPolicy);
  if (EtagMatches(request.Header("if-none-match"), etag)) {
    response.status = 304;
    return response;
  }
  response.content_type = asset->content_type;
  if (gzip) {
    response.headers.emplace_back("Content-Encoding", "gzip");
    response.body.assign(reinterpret_cast<const char*>(asset->gzip), asset->gzip_size);
  } else {
    response.body.assign(reinterpret_cast<const char*>(asset->data), asset->size);
  }
  return response;
}

}  // namespace waggle::api::ui
