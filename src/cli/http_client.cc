#include "cli/http_client.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "net/http/client.h"

namespace waggle::cli {
namespace {

// A query over a large time range may scan for a while.
constexpr int kTimeoutSeconds = 60;

}  // namespace

absl::StatusOr<HttpResult> HttpRequest(const std::string& server, std::string_view method,
                                       const std::string& target, const std::string& key,
                                       std::string_view body) {
  absl::StatusOr<std::pair<std::string, int>> address = net::http::ParseHttpAddress(server);
  if (!address.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("--server wants http://HOST:PORT, not '{}'", server));
  }
  net::http::Client client(address->first, address->second, kTimeoutSeconds);
  std::vector<std::pair<std::string, std::string>> headers;
  if (!body.empty()) headers.emplace_back("content-type", "application/json");
  if (!key.empty()) headers.emplace_back("authorization", "Bearer " + key);
  absl::StatusOr<net::http::ClientResponse> r = client.Send(method, target, headers, body);
  if (!r.ok()) {
    return absl::UnavailableError(
        fmt::format("cannot reach the Waggle server at {} ({}); is 'waggle serve' running?", server,
                    r.status().message()));
  }
  return HttpResult{r->status, std::move(r->body)};
}

}  // namespace waggle::cli
