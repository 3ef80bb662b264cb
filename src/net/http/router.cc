#include "net/http/router.h"

#include <algorithm>

#include "core/strings.h"

namespace waggle::net::http {
namespace {

std::vector<std::string> SplitSegments(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, ErrorRenderer errors) {
  Route route{Kind::kExact, std::move(method),  std::move(pattern),
              {},           std::move(handler), std::move(errors)};
  if (route.pattern.size() >= 2 && route.pattern.ends_with("/*")) {
    route.kind = Kind::kPrefix;
    route.pattern.pop_back();
  } else if (route.pattern.find('{') != std::string::npos) {
    route.kind = Kind::kPattern;
    route.segments = SplitSegments(route.pattern);
  }
  routes_.push_back(std::move(route));
  // Stable: among equals, the first added stays first.
  std::stable_sort(routes_.begin(), routes_.end(), [](const Route& a, const Route& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.kind == Kind::kPrefix) return a.pattern.size() > b.pattern.size();
    return false;
  });
}

void Router::SetDefaultErrorRenderer(ErrorRenderer errors) {
  default_errors_ = errors ? std::move(errors) : ErrorRenderer(DefaultErrorResponse);
}

bool Router::MatchPattern(const Route& route, std::string_view path,
                          std::vector<std::pair<std::string, std::string>>* params) {
  size_t start = 0;
  for (size_t i = 0; i < route.segments.size(); ++i) {
    if (start > path.size()) return false;
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    const std::string& want = route.segments[i];
    if (want.size() >= 2 && want.front() == '{' && want.back() == '}') {
      if (segment.empty()) return false;
      params->emplace_back(want.substr(1, want.size() - 2),
                           core::PercentDecode(segment, /*plus_is_space=*/false));
    } else if (segment != want) {
      return false;
    }
    start = slash + 1;
  }
  return start == path.size() + 1;  // Every path segment consumed.
}

bool Router::PathMatches(const Route& route, std::string_view path,
                         std::vector<std::pair<std::string, std::string>>* params) {
  switch (route.kind) {
    case Kind::kExact:
      return path == route.pattern;
    case Kind::kPattern:
      params->clear();
      return MatchPattern(route, path, params);
    case Kind::kPrefix:
      // "/ui/*" also serves "/ui" itself.
      if (path.starts_with(route.pattern)) {
        params->clear();
        params->emplace_back("*", core::PercentDecode(path.substr(route.pattern.size()), false));
        return true;
      }
      if (path.size() + 1 == route.pattern.size() && route.pattern.starts_with(path)) {
        params->clear();
        params->emplace_back("*", "");
        return true;
      }
      return false;
  }
  return false;
}

Router::Match Router::Find(std::string_view method, std::string_view path,
                           std::vector<std::pair<std::string, std::string>>* params) const {
  Match match;
  match.errors = &default_errors_;
  params->clear();
  for (const Route& route : routes_) {
    if (!PathMatches(route, path, params)) continue;
    // HEAD is served by the GET route (the server drops the body).
    if (route.method == method || route.method == "*" ||
        (method == "HEAD" && route.method == "GET")) {
      match.handler = &route.handler;
      match.status = 200;
      if (route.errors) match.errors = &route.errors;
      match.allow.clear();
      return match;
    }
    // The path exists under another method: remember it for a 405.
    if (match.status == 404 && route.errors) match.errors = &route.errors;
    match.status = 405;
    if (match.allow.find(route.method) == std::string::npos) {
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += route.method;
    }
  }
  params->clear();
  return match;
}

}  // namespace waggle::net::http
