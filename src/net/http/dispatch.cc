#include "net/http/dispatch.h"

#include <exception>
#include <string>
#include <utility>

#include "core/log.h"
#include "net/http/decompress.h"

namespace waggle::net::http {
namespace {

int StatusForDecompressError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kResourceExhausted:
      return 413;
    case absl::StatusCode::kUnimplemented:
      return 415;
    case absl::StatusCode::kInvalidArgument:
      return 400;
    default:
      return 500;
  }
}

Response CallHandler(const Handler& handler, const ErrorRenderer& errors, const Request& request) {
  // Our code throws nothing, but a handler may call into a library that
  // does (std::bad_alloc); a worker thread must not die of it.
  try {
    return handler(request);
  } catch (const std::exception& e) {
    core::LogError("http handler for {} {} threw: {}", request.method, request.path, e.what());
  } catch (...) {
    core::LogError("http handler for {} {} threw", request.method, request.path);
  }
  return errors(request, 500, "internal error");
}

// Replaces the body with its decoded form; returns 0 or the error status.
int DecodeBody(size_t max_body_bytes, Request* request, std::string* message) {
  Encoding encoding = ParseContentEncoding(request->Header("content-encoding"));
  if (encoding == Encoding::kIdentity) {
    if (request->body.size() <= max_body_bytes) return 0;
    *message = "request body too large";
    return 413;
  }
  std::string decoded;
  absl::Status status = Decompress(encoding, request->body, max_body_bytes, &decoded);
  if (!status.ok()) {
    *message = std::string(status.message());
    return StatusForDecompressError(status);
  }
  request->encoded_body = std::move(request->body);
  request->body = std::move(decoded);
  return 0;
}

}  // namespace

Response RenderError(const Router& router, const CorsPolicy& cors, const Request& request,
                     int status, std::string_view message) {
  std::vector<std::pair<std::string, std::string>> params;
  Router::Match match = router.Find(request.method, request.path, &params);
  Response response = (*match.errors)(request, status, message);
  if (status == 405 && !match.allow.empty()) response.headers.emplace_back("Allow", match.allow);
  if (status == 503) response.headers.emplace_back("Retry-After", "1");
  cors.Decorate(request, &response);
  return response;
}

Response Dispatch(const Router& router, const CorsPolicy& cors, size_t max_body_bytes,
                  Request* request) {
  if (std::optional<Response> preflight = cors.Preflight(*request)) return *std::move(preflight);
  Router::Match match = router.Find(request->method, request->path, &request->params);
  Response response;
  if (match.handler == nullptr) {
    response = (*match.errors)(*request, match.status,
                               match.status == 405 ? "method not allowed" : "no such route");
    if (match.status == 405) response.headers.emplace_back("Allow", match.allow);
  } else {
    std::string message;
    int error = DecodeBody(max_body_bytes, request, &message);
    response = error != 0 ? (*match.errors)(*request, error, message)
                          : CallHandler(*match.handler, *match.errors, *request);
  }
  cors.Decorate(*request, &response);
  return response;
}

}  // namespace waggle::net::http
