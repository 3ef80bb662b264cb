#include "net/http/cors.h"

#include "net/http/text.h"

namespace waggle::net::http {
namespace {

constexpr char kMaxAge[] = "7200";  // Chromium's cap; Firefox allows more.
constexpr char kAllowMethods[] = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

}  // namespace

std::vector<std::string> DefaultCorsAllowedHeaders() {
  return {"content-type",
          "content-encoding",
          "authorization",
          "x-honeycomb-team",
          "x-honeycomb-dataset",
          "x-amz-*",
          "x-amzn-*",
          "x-rollbar-access-token",
          "accept",
          "traceparent",
          "tracestate",
          "x-requested-with"};
}

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins,
                       std::vector<std::string> allowed_headers)
    : origins_(std::move(allowed_origins)), headers_(std::move(allowed_headers)) {
  if (headers_.empty()) headers_ = DefaultCorsAllowedHeaders();
  for (std::string& h : headers_) h = ToLowerAscii(h);
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Classic greedy matcher: remember the last '*' and retry from there. Runs
  // in O(|pattern| * |text|) at worst; both are short header values.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool CorsPolicy::OriginAllowed(std::string_view origin) const {
  if (origin.empty()) return false;
  for (const std::string& pattern : origins_) {
    if (GlobMatch(pattern, origin)) return true;
  }
  return false;
}

bool CorsPolicy::HeaderAllowed(std::string_view lower_name) const {
  for (const std::string& pattern : headers_) {
    if (GlobMatch(pattern, lower_name)) return true;
  }
  return false;
}

std::optional<Response> CorsPolicy::Preflight(const Request& request) const {
  if (request.method != "OPTIONS") return std::nullopt;
  std::string_view origin = request.Header("origin");
  if (request.Header("access-control-request-method").empty() || !OriginAllowed(origin)) {
    return std::nullopt;
  }
  // Echo the requested headers we allow; a browser refuses the request if
  // one it needs is missing, which is the intended outcome.
  std::string allow_headers;
  std::string_view requested = request.Header("access-control-request-headers");
  while (!requested.empty()) {
    size_t comma = requested.find(',');
    std::string lower = ToLowerAscii(TrimSpace(requested.substr(0, comma)));
    requested = comma == std::string_view::npos ? std::string_view() : requested.substr(comma + 1);
    if (lower.empty() || !HeaderAllowed(lower)) continue;
    if (!allow_headers.empty()) allow_headers += ", ";
    allow_headers += lower;
  }
  Response response;
  response.status = 204;
  response.headers = {{"Access-Control-Allow-Origin", std::string(origin)},
                      {"Access-Control-Allow-Methods", kAllowMethods},
                      {"Access-Control-Max-Age", kMaxAge},
                      {"Vary", "Origin"}};
  if (!allow_headers.empty()) {
    response.headers.emplace_back("Access-Control-Allow-Headers", std::move(allow_headers));
  }
  return response;
}

void CorsPolicy::Decorate(const Request& request, Response* response) const {
  if (origins_.empty()) return;
  std::string_view origin = request.Header("origin");
  if (!OriginAllowed(origin)) return;
  response->headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  response->headers.emplace_back("Vary", "Origin");
}

}  // namespace waggle::net::http
