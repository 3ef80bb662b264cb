#include "api/common/http_errors.h"

#include "core/json_writer.h"

namespace waggle::api {

int HttpStatusFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

net::http::Response JsonError(const absl::Status& status) {
  core::JsonWriter w;
  w.BeginObject().Key("error").String(core::ToStd(status.message())).EndObject();
  net::http::Response r{HttpStatusFor(status), "application/json", w.Release(), {}};
  if (r.status == 429 || r.status == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

net::http::Response JsonOk(std::string body) {
  return {200, "application/json", std::move(body), {}};
}

}  // namespace waggle::api
