// Rollbar's response envelopes (specs/rollbar.md §1.4, §3): success is
// `{"err": 0, "result": ...}`, failure `{"err": 1, "message": "..."}` with
// the documented HTTP status. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "net/http/request.h"

namespace waggle::api::rollbar {

// HTTP status for an error in Rollbar's API: api::HttpStatusFor except
// where Rollbar documents another code: FailedPrecondition (a valid JSON
// body that is not a valid item or patch) is 422, and ResourceExhausted
// (only ever a payload over the size limit here; the rate limit and a
// store that is behind are answered 429 and 503 explicitly) is 413.
int RollbarHttpStatus(const absl::Status& status);

// 200 `{"err":0,"result":<result_json>}`.
net::http::Response Ok(std::string_view result_json);
// `{"err":1,"message":...}` with RollbarHttpStatus(status).
net::http::Response Error(const absl::Status& status);
// `{"err":1,"message":...}` with an explicit HTTP status.
net::http::Response Error(int http_status, std::string_view message);
// Renders transport errors (404, 405, 413, ...) in the envelope.
net::http::Response RenderTransportError(const net::http::Request& request, int status,
                                         std::string_view message);

}  // namespace waggle::api::rollbar
