#include "api/rollbar/envelope.h"

#include "api/common/http_errors.h"
#include "core/json_writer.h"

namespace waggle::api::rollbar {

int RollbarHttpStatus(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kFailedPrecondition:
      return 422;
    case absl::StatusCode::kResourceExhausted:
      return 413;
    default:
      return api::HttpStatusFor(status);
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
  return Error(RollbarHttpStatus(status), core::ToStd(status.message()));
}

net::http::Response RenderTransportError(const net::http::Request&, int status,
                                         std::string_view message) {
  if (status == 413) return Error(413, "request entity too large");
  return Error(status, message);
}

}  // namespace waggle::api::rollbar
