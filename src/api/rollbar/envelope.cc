#include "api/rollbar/envelope.h"

#include "core/json_writer.h"

namespace waggle::api::rollbar {

int HttpStatusFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kResourceExhausted:
      return 413;
    case absl::StatusCode::kFailedPrecondition:
      return 422;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

net::http::Response Ok(std::string_view result_json) {
  net::http::Response r;
  r.content_type = "application/json";
  r.body.reserve(result_json.size() + 20);
  r.body.append("{\"err\":0,\"result\":").append(result_json).append("}");
  return r;
}

net::http::Response Error(int http_status, std::string_view message) {
  core::JsonWriter w;
  w.BeginObject().Key("err").Int(1).Key("message").String(message).EndObject();
  net::http::Response r;
  r.status = http_status;
  r.content_type = "application/json";
  r.body = w.Release();
  if (http_status == 503 || http_status == 429) r.headers.emplace_back("Retry-After", "1");
  return r;
}

net::http::Response Error(const absl::Status& status) {
  return Error(HttpStatusFor(status), core::ToStd(status.message()));
}

net::http::Response RenderTransportError(const net::http::Request&, int status,
                                         std::string_view message) {
  if (status == 413) return Error(413, "request entity too large");
  return Error(status, message);
}

}  // namespace waggle::api::rollbar
