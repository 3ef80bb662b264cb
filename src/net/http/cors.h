// Cross-origin resource sharing for browser clients (the UI on another port,
// OTLP/HTTP from browser SDKs). Preflights are answered before routing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http/request.h"

namespace waggle::net::http {

// Request headers a browser may send when no list is configured.
std::vector<std::string> DefaultCorsAllowedHeaders();

class CorsPolicy {
 public:
  // `allowed_origins` are patterns where '*' matches any run of characters:
  // "*", "http://localhost:*", "https://*.example.com". Empty allows none.
  // `allowed_headers` are request header names (case-insensitive, '*'
  // patterns allowed, e.g. "x-amz-*"); empty means DefaultCorsAllowedHeaders().
  CorsPolicy(std::vector<std::string> allowed_origins, std::vector<std::string> allowed_headers);

  // True when `origin` (the Origin header) matches an allowed pattern.
  bool OriginAllowed(std::string_view origin) const;

  // For an OPTIONS request with Origin and Access-Control-Request-Method from
  // an allowed origin: the 204 preflight answer. Otherwise nullopt (route the
  // request normally). Thread-safe.
  std::optional<Response> Preflight(const Request& request) const;

  // Adds Access-Control-Allow-Origin and Vary to `response` when the
  // request's Origin is allowed. Thread-safe.
  void Decorate(const Request& request, Response* response) const;

 private:
  bool HeaderAllowed(std::string_view lower_name) const;

  std::vector<std::string> origins_;
  std::vector<std::string> headers_;  // Lower-cased.
};

// Glob match where '*' in `pattern` matches any (possibly empty) run of
// characters; case-sensitive. Linear-ish backtracking on one star at a time.
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace waggle::net::http
