#include "cli/http_client.h"

#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace waggle::cli {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr int kTimeoutSeconds = 30;
// Largest answer the CLI reads (a trace of many thousand spans fits).
constexpr uint64_t kMaxResponseBytes = 256ull << 20;

struct HostPort {
  std::string host, port;
};

absl::StatusOr<HostPort> ParseServer(std::string_view server) {
  if (server.starts_with("http://")) server.remove_prefix(7);
  while (!server.empty() && server.back() == '/') server.remove_suffix(1);
  size_t colon = server.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(
        fmt::format("--server wants http://HOST:PORT, not '{}'", server));
  }
  return HostPort{std::string(server.substr(0, colon)), std::string(server.substr(colon + 1))};
}

}  // namespace

absl::StatusOr<HttpResult> HttpGet(const std::string& server, const std::string& target,
                                   const std::string& key) {
  ASSIGN_OR_RETURN(HostPort hp, ParseServer(server));
  boost::asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  beast::error_code ec;
  auto endpoints = resolver.resolve(hp.host, hp.port, ec);
  if (!ec) stream.connect(endpoints, ec);
  if (!ec) {
    // A server that accepts but never answers must not hang the CLI.
    timeval timeout{kTimeoutSeconds, 0};
    ::setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout,
                 sizeof timeout);
    ::setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout,
                 sizeof timeout);
  }
  if (ec) {
    return absl::UnavailableError(
        fmt::format("cannot reach the Waggle server at {} ({}); is 'waggle serve' running?", server,
                    ec.message()));
  }
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, hp.host);
  req.set(http::field::user_agent, "waggle-cli");
  if (!key.empty()) req.set(http::field::authorization, "Bearer " + key);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  if (!ec) http::write(stream, req, ec);
  if (!ec) http::read(stream, buffer, parser, ec);
  if (ec)
    return absl::UnavailableError(fmt::format("request to {} failed: {}", server, ec.message()));
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  http::response<http::string_body> res = parser.release();
  return HttpResult{static_cast<int>(res.result_int()), std::move(res.body())};
}

}  // namespace waggle::cli
