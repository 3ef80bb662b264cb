// Status -> HTTP for Waggle's own JSON API: {"error": "..."} bodies.
#pragma once

#include "core/status.h"
#include "net/http/request.h"

namespace waggle::api {

// The HTTP status for an absl status code (InvalidArgument 400, NotFound
// 404, Unauthenticated 401, PermissionDenied 403, ResourceExhausted 429,
// Unavailable 503, others 500).
int HttpStatusFor(const absl::Status& status);
// A JSON error response {"error": message} for `status`.
net::http::Response JsonError(const absl::Status& status);
// A 200 JSON response with `body`.
net::http::Response JsonOk(std::string body);

}  // namespace waggle::api
