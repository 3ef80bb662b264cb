// Internal to net/http: one accepted TCP connection and the state every
// connection of a server shares. Include only from server.cc and tests.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "core/thread_pool.h"
#include "net/http/cors.h"
#include "net/http/router.h"
#include "net/http/server.h"

namespace waggle::net::http {

class Connection;

// Bytes of request bodies held across all connections, against a limit.
class InflightBudget {
 public:
  explicit InflightBudget(size_t limit) : limit_(limit) {}
  // Takes `n` bytes if they fit (a lone request always fits, so a limit below
  // max_body_bytes cannot wedge the server). Thread-safe.
  bool TryAcquire(size_t n);
  // Returns `n` bytes taken by TryAcquire. Thread-safe.
  void Release(size_t n);
  size_t used() const { return used_.load(std::memory_order_relaxed); }

 private:
  std::atomic<size_t> used_{0};
  const size_t limit_;
};

// What all connections of one server share. Owned by the server and
// outlives every Connection (the server drains the pool and the io_context
// before destroying it).
struct ServerShared {
  ServerShared(ServerOptions opts, std::shared_ptr<const Router> r)
      : options(std::move(opts)),
        router(std::move(r)),
        cors(options.cors_allowed_origins, options.cors_allowed_headers),
        pool(options.worker_threads),
        budget(options.max_inflight_body_bytes) {}

  // Adds `connection` to the registry; false when stopping or full (the
  // caller then drops it). Thread-safe.
  bool Register(const std::shared_ptr<Connection>& connection, uint64_t* id);
  // Removes connection `id`; wakes Stop() when the last one goes.
  void Unregister(uint64_t id);
  // Marks the server stopping and returns the live connections.
  std::vector<std::shared_ptr<Connection>> BeginStop();
  // Waits until no connection is left or `timeout` passes.
  void WaitDrained(std::chrono::seconds timeout);

  const ServerOptions options;
  const std::shared_ptr<const Router> router;
  const CorsPolicy cors;
  core::ThreadPool pool;
  InflightBudget budget;

 private:
  std::mutex mu_;
  std::condition_variable drained_;
  std::unordered_map<uint64_t, std::weak_ptr<Connection>> connections_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

// Serves requests on one socket, one at a time: read a header on the strand,
// read the body, hand the request to the worker pool, write the response
// back on the strand, repeat while keep-alive. Every member is touched only
// on the strand, except the immutable ones read by the worker task.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Socket = boost::asio::ip::tcp::socket;

  // `socket` must use a strand executor. `shared` must outlive this object.
  Connection(Socket socket, ServerShared& shared);
  ~Connection();

  // Registers with `shared` and starts reading; closes the socket if the
  // server is stopping or full. Call once, from any thread.
  void Start();
  // Asks the connection to finish: idle or reading connections close now,
  // one with a request in progress closes after writing its response.
  // Thread-safe (posts to the strand).
  void RequestStop();

 private:
  enum class State { kReading, kProcessing, kWriting, kClosed };

  void ReadHeader();
  void OnHeader(boost::beast::error_code ec, size_t bytes);
  void ReadBody();
  void OnBody(boost::beast::error_code ec, size_t bytes);
  void FailRead(boost::beast::error_code ec);
  Request TakeRequest(bool with_body);
  void Submit(Request request);
  void Reply(Response response, bool keep_alive);
  void OnWrite(bool keep_alive, boost::beast::error_code ec, size_t bytes);
  // Renders `status` here on the strand, writes it, and closes.
  void ReplyErrorAndClose(int status, std::string_view message);
  // Half-closes; with `drain`, reads and discards (bounded) what the client
  // is still sending so it sees our response rather than a reset.
  void Close(bool drain);
  void DrainSome();
  void OnStopRequested();

  boost::beast::tcp_stream stream_;
  const boost::asio::any_io_executor strand_;  // The socket's strand.
  ServerShared& shared_;
  const std::string remote_address_;
  uint64_t id_ = 0;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  State state_ = State::kReading;
  bool stopping_ = false;
  bool head_request_ = false;  // The request being served is a HEAD.
  bool keep_alive_ = false;    // The request being served allows keep-alive.
  size_t reserved_ = 0;        // Budget bytes held for the request being read.
  size_t drained_ = 0;
};

}  // namespace waggle::net::http
