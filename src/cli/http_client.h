// A minimal blocking HTTP/1.1 client for CLI verbs that talk to a running
// server over the edge port.
#pragma once

#include <string>

#include "core/status.h"

namespace waggle::cli {

struct HttpResult {
  int status = 0;
  std::string body;
};

// GETs `target` (path and query) from `server` ("http://host:port"),
// sending `key` as a bearer token when not empty. Unavailable if the
// server cannot be reached.
absl::StatusOr<HttpResult> HttpGet(const std::string& server, const std::string& target,
                                   const std::string& key);

}  // namespace waggle::cli
