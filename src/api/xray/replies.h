// File: api/xray/replies.h
//
// Replies shared by the X-Ray API's handlers (internal to api/xray): the
// 200 JSON reply and X-Ray's errors (x-amzn-ErrorType + {"message"}).
#pragma once

#include <string>

#include "api/aws/aws.h"
#include "core/json_writer.h"
#include "core/status.h"
#include "net/http/request.h"

namespace waggle::api::xray {

// 200 with the JSON `w` holds.
inline net::http::Response Reply(core::JsonWriter& w) {
  return aws::JsonReply(w.Release(), "application/json");
}

// 400 InvalidRequestException.
inline net::http::Response Invalid(std::string message) {
  return aws::RestJsonError({400, "InvalidRequestException", std::move(message)});
}

// An error of the store or the control plane: 429 ThrottledException when
// it is behind (the SDKs retry), else 500 ServiceException.
inline net::http::Response StoreError(const absl::Status& st) {
  if (absl::IsResourceExhausted(st) || absl::IsUnavailable(st)) {
    return aws::RestJsonError({429, "ThrottledException", std::string(st.message())});
  }
  return aws::RestJsonError({500, "ServiceException", std::string(st.message())});
}

// A status from a handler's own checks: InvalidArgument and NotFound (X-Ray
// answers a missing group or rule with InvalidRequestException) are 400
// InvalidRequestException, anything else StoreError.
inline net::http::Response StatusError(const absl::Status& st) {
  if (absl::IsInvalidArgument(st) || absl::IsNotFound(st) || absl::IsAlreadyExists(st)) {
    return Invalid(std::string(st.message()));
  }
  return StoreError(st);
}

}  // namespace waggle::api::xray
