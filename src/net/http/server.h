// An HTTP/1.1 server (Boost.Beast over Asio) that turns bytes into Request
// values and hands them to a Router. It knows no protocol: routes and error
// renderers come from the caller.
//
// Threads: `io_threads` run Asio (accept, parse, write) and never run a
// handler; `worker_threads` run handlers, which may block (an ingest handler
// waits for the WAL's group-commit fsync), so many requests can wait on one
// fsync together. Each connection serves one request at a time (pipelined
// requests wait in the socket), with keep-alive, chunked request bodies and
// Expect: 100-continue.
//
//   auto router = std::make_shared<Router>();
//   router->Add("POST", "/v1/traces", HandleTraces);
//   Server server(ServerOptions{.port = 4318}, router);
//   RETURN_IF_ERROR(server.Start());
//   ...
//   server.Stop();
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "net/http/request.h"
#include "net/http/router.h"

namespace waggle::net::http {

struct ServerOptions {
  // IPv4 or IPv6 literal to bind ("0.0.0.0" for all interfaces).
  std::string address = "127.0.0.1";
  // 0 picks a free port; read it back with Server::port().
  uint16_t port = 0;
  // Largest body accepted, both as received and after decompression; larger
  // gets 413. A body declared larger by Content-Length is refused before it
  // is read, and the connection is closed.
  size_t max_body_bytes = 20 << 20;
  // Largest request line plus header fields; larger gets 431 and a close.
  size_t max_header_bytes = 64 << 10;
  // Received request bodies held at once (queued or being handled) across
  // all connections; a request that would exceed it gets 503 with
  // Retry-After: 1. Decompressed copies exist only on workers, so they add at
  // most worker_threads * max_body_bytes on top.
  size_t max_inflight_body_bytes = 512 << 20;
  // Open connections; further accepted sockets are closed at once.
  size_t max_connections = 10000;
  int io_threads = 1;
  int worker_threads = 64;
  // A connection idle this long (between requests, or stalled mid-request
  // or mid-write) is closed.
  std::chrono::seconds idle_timeout{60};
  // How long Stop() waits for in-flight requests before closing anyway.
  std::chrono::seconds shutdown_grace{10};
  // Origins allowed by CORS: "*", "http://localhost:*", "https://*.example.com".
  // Empty disables CORS headers.
  std::vector<std::string> cors_allowed_origins;
  // Request headers allowed in preflights (patterns like "x-amz-*"); empty
  // means DefaultCorsAllowedHeaders() (content-type, authorization,
  // x-honeycomb-team, x-amz-*, x-rollbar-access-token, ...).
  std::vector<std::string> cors_allowed_headers;
};

class Server {
 public:
  // `router` is shared, not owned, because one route table often serves
  // several listeners (the OTLP port and the edge port both serve
  // /v1/traces). It must not change once any server using it has started.
  Server(ServerOptions options, std::shared_ptr<const Router> router);
  Server(ServerOptions options, Router router);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  // Calls Stop().
  ~Server();

  // Binds, listens and starts the io and worker threads. Returns
  // InvalidArgument for a bad address, Unavailable if the bind or listen
  // fails, FailedPrecondition if called twice. Not thread-safe with Stop().
  absl::Status Start();

  // The bound port once Start() has returned OK; 0 before.
  uint16_t port() const;

  // Stops accepting, closes idle connections, lets in-flight requests finish
  // and write their responses (waiting at most shutdown_grace), closes the
  // rest, then joins all threads. Idempotent; thread-safe; must not be
  // called from a handler.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace waggle::net::http
