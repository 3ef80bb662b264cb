// Rollbar's response envelopes (specs/rollbar.md §1.4, §3): success is
// `{"err": 0, "result": ...}`, failure `{"err": 1, "message": "..."}` with
// the documented HTTP status. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "net/http/request.h"

namespace waggle::api::rollbar {

// HTTP status for an error: InvalidArgument 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, ResourceExhausted 413 (payload too
// large), FailedPrecondition 422, Unavailable 503 (store behind, with
// Retry-After), anything else 500.
int HttpStatusFor(const absl::Status& status);

// 200 `{"err":0,"result":<result_json>}`.
net::http::Response Ok(std::string_view result_json);
// `{"err":1,"message":...}` with HttpStatusFor(status).
net::http::Response Error(const absl::Status& status);
// `{"err":1,"message":...}` with an explicit HTTP status.
net::http::Response Error(int http_status, std::string_view message);
// Renders transport errors (404, 405, 413, ...) in the envelope.
net::http::Response RenderTransportError(const net::http::Request& request, int status,
                                         std::string_view message);

}  // namespace waggle::api::rollbar
