// POSTs to one server the way the SDKs' exporters do: keep-alive, and a
// request the server shed (503, 429) or a broken connection is sent again
// after a growing pause. Not thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "net/http/client.h"

namespace waggle::demo {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpSender {
 public:
  // `retry_rate_limited` false: a 429 is returned like any answer (as
  // pyrollbar drops an item the API rate-limits) instead of sent again.
  HttpSender(const std::string& host, int port, bool retry_rate_limited = true)
      : client_(host, port), retry_rate_limited_(retry_rate_limited) {}

  // Sends `body` until the server answers with something other than 503 or
  // 429, and returns that answer (any status). Unavailable after 30 tries
  // or once `stop` is set while retrying. Counts repeats in *retries.
  absl::StatusOr<net::http::ClientResponse> Post(std::string_view path, const HttpHeaders& headers,
                                                 std::string_view body,
                                                 const std::atomic<bool>& stop, uint64_t* retries);
  // "host:port", the Host header the request carries.
  const std::string& authority() const { return client_.authority(); }

 private:
  net::http::Client client_;
  bool retry_rate_limited_;
};

}  // namespace waggle::demo
