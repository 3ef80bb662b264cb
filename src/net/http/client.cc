#include "net/http/client.h"

#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/strings.h"

namespace waggle::net::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr uint64_t kMaxResponseBytes = 256ull << 20;

void SetTimeouts(tcp::socket& socket, int seconds) {
  timeval timeout{seconds, 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

}  // namespace

struct Client::Connection {
  boost::asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
};

Client::Client(std::string host, int port, int timeout_seconds)
    : host_(std::move(host)),
      port_(port),
      timeout_seconds_(timeout_seconds),
      authority_(fmt::format("{}:{}", host_, port_)) {}

Client::~Client() = default;

absl::Status Client::Connect() {
  auto c = std::make_unique<Connection>();
  tcp::resolver resolver(c->io);
  beast::error_code ec;
  auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
  if (!ec) c->stream.connect(endpoints, ec);
  if (ec) {
    return absl::UnavailableError(
        fmt::format("cannot reach http://{} ({})", authority_, ec.message()));
  }
  c->stream.socket().set_option(tcp::no_delay(true), ec);
  SetTimeouts(c->stream.socket(), timeout_seconds_);
  connection_ = std::move(c);
  return absl::OkStatus();
}

absl::StatusOr<ClientResponse> Client::Send(
    std::string_view method, std::string_view target,
    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body) {
  // A kept-alive connection the server has since closed fails on first use:
  // retry once on a fresh connection.
  bool reused = connection_ != nullptr;
  absl::StatusOr<ClientResponse> result = Exchange(method, target, headers, body);
  if (!result.ok() && reused) result = Exchange(method, target, headers, body);
  return result;
}

absl::StatusOr<ClientResponse> Client::Exchange(
    std::string_view method, std::string_view target,
    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body) {
  if (!connection_) RETURN_IF_ERROR(Connect());
  bhttp::request<bhttp::string_body> req;
  req.method_string(beast::string_view(method.data(), method.size()));
  req.target(beast::string_view(target.data(), target.size()));
  req.version(11);
  req.set(bhttp::field::host, authority_);
  req.set(bhttp::field::user_agent, "waggle");
  for (const auto& [name, value] : headers) req.set(beast::string_view(name), value);
  req.body().assign(body.data(), body.size());
  req.prepare_payload();
  beast::error_code ec;
  bhttp::write(connection_->stream, req, ec);
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  if (!ec) bhttp::read(connection_->stream, connection_->buffer, parser, ec);
  if (ec) {
    connection_.reset();
    return absl::UnavailableError(
        fmt::format("{} http://{}{} failed: {}", method, authority_, target, ec.message()));
  }
  bhttp::response<bhttp::string_body> res = parser.release();
  ClientResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    out.headers.emplace_back(
        core::AsciiLower(std::string_view(field.name_string().data(), field.name_string().size())),
        std::string(field.value()));
  }
  out.body = std::move(res.body());
  if (!res.keep_alive()) connection_.reset();
  return out;
}

absl::StatusOr<std::pair<std::string, int>> ParseHttpAddress(std::string_view address) {
  if (address.starts_with("http://")) address.remove_prefix(7);
  while (!address.empty() && address.back() == '/') address.remove_suffix(1);
  size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string_view::npos || colon == 0 ||
      !core::ParseNumber(address.substr(colon + 1), &port) || port <= 0 || port > 65535) {
    return absl::InvalidArgumentError(fmt::format("expected http://HOST:PORT, not '{}'", address));
  }
  return std::make_pair(std::string(address.substr(0, colon)), port);
}

}  // namespace waggle::net::http
