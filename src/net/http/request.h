// The transport-neutral shape of one HTTP exchange: what a route handler
// receives and what it returns. No protocol meaning lives here.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace waggle::net::http {

// One request, fully read. The body is already decompressed (Content-Encoding
// gzip/deflate/zstd) and bounded by ServerOptions::max_body_bytes.
struct Request {
  std::string method;  // As sent, e.g. "POST".
  std::string path;    // Origin-form path, not percent-decoded, e.g. "/v1/traces".
  std::string query;   // Raw query string after '?', without it; "" if none.
  // Header fields in arrival order; names lower-cased, values untouched.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The body as received when a Content-Encoding was undone into `body`
  // (signatures such as AWS SigV4 cover these bytes); "" otherwise.
  std::string encoded_body;
  std::string remote_address;  // "ip:port" of the peer.
  // Values of the route pattern's `{name}` segments (percent-decoded), and
  // "*" for the remainder of a prefix route ("/api/*").
  std::vector<std::pair<std::string, std::string>> params;

  // Value of the first header named `lower_name` (lower-case), "" if absent.
  std::string_view Header(std::string_view lower_name) const;
  // First query parameter `name`, percent-decoded ('+' is a space), "" if absent.
  std::string QueryParam(std::string_view name) const;
  // Path parameter `name` from the route pattern, "" if absent.
  std::string_view Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type;  // Omitted from the reply when empty.
  std::string body;
  // Extra header fields. Content-Length and Connection are set by the server.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Serves one routed request. Called on a worker thread, never an io thread,
// and may block (e.g. waiting for a WAL fsync). Must be thread-safe: many
// requests run at once. Should not throw; an exception becomes a 500.
using Handler = std::function<Response(const Request&)>;

// Renders a transport-level error (404 no route, 405, 413, 400 bad body
// encoding, 415 unknown content-encoding, 431, 503 overloaded) in the route's
// protocol format (OTLP google.rpc.Status, AWS JSON, ...). May be called on an
// io thread or a worker thread and on a request whose body is empty (not yet
// read); must be thread-safe, fast, and must not block.
using ErrorRenderer =
    std::function<Response(const Request& request, int status, std::string_view message)>;

// The renderer used when a route has none: JSON `{"error": "<message>"}`.
Response DefaultErrorResponse(const Request& request, int status, std::string_view message);

}  // namespace waggle::net::http
