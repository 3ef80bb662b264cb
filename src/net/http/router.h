// Maps (method, path) to a handler and its error renderer. Built once before
// the server starts, then read concurrently without locks.
//
//   Router router;
//   router.Add("POST", "/v1/traces", HandleTraces, RenderOtlpError);
//   router.Add("GET", "/api/v1/traces/{trace_id}", GetTrace);
//   router.Add("GET", "/ui/*", ServeAsset);
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http/request.h"

namespace waggle::net::http {

class Router {
 public:
  // The outcome of Match(): a route, or the status to render (404 no path
  // matched, 405 the path matched under other methods).
  struct Match {
    const Handler* handler = nullptr;       // Null unless a route matched.
    const ErrorRenderer* errors = nullptr;  // Never null: route's or default.
    int status = 404;                       // 200 when handler is set.
    std::string allow;                      // For 405: "GET, POST".
  };

  // Registers `handler` for `method` ("*" matches any method; a "GET" route
  // also answers HEAD) and `pattern`:
  // an exact path ("/v1/traces"), a pattern with `{name}` segments
  // ("/api/v1/traces/{id}"), or a prefix ending in "/*" ("/ui/*"). Exact
  // routes win over patterns, patterns over prefixes, longer prefixes over
  // shorter; otherwise the first added wins. `errors` renders this route's
  // transport errors; null means the default renderer. Not thread-safe: call
  // before serving.
  void Add(std::string method, std::string pattern, Handler handler,
           ErrorRenderer errors = nullptr);

  // Replaces the renderer used for unrouted requests and routes without one.
  // Default: JSON {"error": "..."}. Not thread-safe: call before serving.
  void SetDefaultErrorRenderer(ErrorRenderer errors);

  // Finds the route for `method` and `path`; fills `params` (cleared first)
  // with the pattern's values. Thread-safe (const).
  Match Find(std::string_view method, std::string_view path,
             std::vector<std::pair<std::string, std::string>>* params) const;

  // The renderer for errors that happen before or without routing.
  const ErrorRenderer& default_errors() const { return default_errors_; }

 private:
  enum class Kind { kExact, kPattern, kPrefix };
  struct Route {
    Kind kind;
    std::string method;
    std::string pattern;                // For kPrefix: without the trailing '*'.
    std::vector<std::string> segments;  // For kPattern: split at '/'.
    Handler handler;
    ErrorRenderer errors;
  };

  static bool MatchPattern(const Route& route, std::string_view path,
                           std::vector<std::pair<std::string, std::string>>* params);
  static bool PathMatches(const Route& route, std::string_view path,
                          std::vector<std::pair<std::string, std::string>>* params);

  // Sorted by precedence (see Add()).
  std::vector<Route> routes_;
  ErrorRenderer default_errors_ = DefaultErrorResponse;
};

}  // namespace waggle::net::http
