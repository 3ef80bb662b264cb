// Requests from CLI verbs to a running server over the edge port, with the
// key as a bearer token and errors that say what to do next.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace waggle::cli {

struct HttpResult {
  int status = 0;
  std::string body;
};

// Sends `method` `target` (path and query) to `server` ("http://host:port")
// with `body` as JSON when not empty, and `key` as a bearer token when not
// empty. InvalidArgument for a malformed server address, Unavailable if
// the server cannot be reached.
absl::StatusOr<HttpResult> HttpRequest(const std::string& server, std::string_view method,
                                       const std::string& target, const std::string& key,
                                       std::string_view body = {});

// HttpRequest with GET and no body.
inline absl::StatusOr<HttpResult> HttpGet(const std::string& server, const std::string& target,
                                          const std::string& key) {
  return HttpRequest(server, "GET", target, key);
}

}  // namespace waggle::cli
