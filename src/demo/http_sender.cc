#include "demo/http_sender.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace waggle::demo {
namespace {

constexpr int kMaxAttempts = 30;

}  // namespace

absl::StatusOr<net::http::ClientResponse> HttpSender::Post(std::string_view path,
                                                           const HttpHeaders& headers,
                                                           std::string_view body,
                                                           const std::atomic<bool>& stop,
                                                           uint64_t* retries) {
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<net::http::ClientResponse> r = client_.Send("POST", path, headers, body);
    bool transient = !r.ok() || r->status == 503 || (r->status == 429 && retry_rate_limited_);
    if (!transient) return r;
    if (attempt == kMaxAttempts || stop.load()) {
      return absl::UnavailableError(fmt::format(
          "gave up sending {} to http://{} after {} attempts: {}", path, client_.authority(),
          attempt, r.ok() ? fmt::format("HTTP {}", r->status) : std::string(r.status().message())));
    }
    ++*retries;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(100 * attempt, 2000)));
  }
}

}  // namespace waggle::demo
