// A gRPC server that carries raw bytes: it receives a unary call's request
// message for a method path and answers with the handler's response bytes,
// with no generated code and no libprotobuf (protocol decoding lives in
// ingest/). Built on grpc++'s CallbackGenericService.
//
// Threads: grpc's own threads read and write; handlers run on a worker pool
// and may block (an OTLP export waits for the WAL's group-commit fsync).
//
//   GrpcServer server(GrpcServerOptions{.port = 4317});
//   server.Register("/opentelemetry.proto.collector.trace.v1.TraceService/Export",
//                   [](const Call& call) { return Reply{.body = Encode(...)}; });
//   RETURN_IF_ERROR(server.Start());
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace waggle::net::grpc {

// One unary call as received.
struct Call {
  std::string method;  // "/package.Service/Method".
  // Request metadata (keys lower-case as gRPC sends them); binary "-bin"
  // values already base64-decoded by gRPC.
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string message;  // Request message bytes, decompressed by gRPC.
  std::string peer;     // e.g. "ipv4:127.0.0.1:53422".

  // Value of the first metadata entry `lower_key`, "" if absent.
  std::string_view Metadata(std::string_view lower_key) const;
};

struct Reply {
  int code = 0;         // gRPC status code; 0 = OK.
  std::string message;  // Status message when code != 0.
  std::string body;     // Response message bytes, sent only when code == 0.
  // Serialized google.rpc.Status for grpc-status-details-bin; optional, sent
  // only when code != 0.
  std::string details;
};

// Serves one call. Runs on a worker thread and may block; must be
// thread-safe. Should not throw; an exception becomes INTERNAL.
using Handler = std::function<Reply(const Call&)>;

struct GrpcServerOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal, or a host name.
  uint16_t port = 0;                  // 0 picks a free port; see port().
  // Largest request message after decompression; larger calls fail with
  // RESOURCE_EXHAUSTED (enforced by gRPC).
  size_t max_message_bytes = 20 << 20;
  int worker_threads = 64;
  // How long Stop() lets in-flight calls finish before cancelling them.
  int shutdown_grace_seconds = 10;
};

class GrpcServer {
 public:
  explicit GrpcServer(GrpcServerOptions options);
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;
  // Calls Stop().
  ~GrpcServer();

  // Routes unary calls of `method` ("/package.Service/Method") to `handler`;
  // a later registration of the same method replaces the earlier. Calls to
  // unregistered methods get UNIMPLEMENTED. Call before Start(); not
  // thread-safe.
  void Register(std::string method, Handler handler);

  // Binds and starts serving (gzip and deflate request compression
  // accepted). Returns Unavailable if the port cannot be bound,
  // FailedPrecondition if called twice.
  absl::Status Start();

  // The bound port once Start() has returned OK; 0 before.
  uint16_t port() const;

  // Stops accepting calls, lets in-flight ones finish (cancelling them after
  // shutdown_grace_seconds), then joins the workers. Idempotent;
  // thread-safe; must not be called from a handler.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace waggle::net::grpc
