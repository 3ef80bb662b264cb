// A blocking HTTP/1.1 client that keeps its connection alive between
// requests and reconnects once when the server closed it. For senders that
// talk to one server over and over (the demo, the CLI). Not thread-safe:
// one Client per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace waggle::net::http {

struct ClientResponse {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
};

class Client {
 public:
  // A client for http://host:port; nothing is connected until a request.
  Client(std::string host, int port, int timeout_seconds = 30);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request and reads the whole answer (at most 256 MiB).
  // Unavailable when the server cannot be reached or the exchange fails.
  absl::StatusOr<ClientResponse> Send(
      std::string_view method, std::string_view target,
      const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body);
  // "host:port", as sent in the Host header.
  const std::string& authority() const { return authority_; }

 private:
  struct Connection;
  absl::Status Connect();
  absl::StatusOr<ClientResponse> Exchange(
      std::string_view method, std::string_view target,
      const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body);

  std::string host_;
  int port_;
  int timeout_seconds_;
  std::string authority_;
  std::unique_ptr<Connection> connection_;
};

// Parses "http://host:port" (or "host:port") into host and port.
absl::StatusOr<std::pair<std::string, int>> ParseHttpAddress(std::string_view address);

}  // namespace waggle::net::http
