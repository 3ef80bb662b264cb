#include "net/http/server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <future>
#include <thread>

#include "core/log.h"
#include "net/http/connection.h"

namespace waggle::net::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Server::Impl {
 public:
  Impl(ServerOptions options, std::shared_ptr<const Router> router)
      : shared_(std::move(options), std::move(router)),
        io_(std::max(1, shared_.options.io_threads)),
        work_(asio::make_work_guard(io_)),
        accept_strand_(asio::make_strand(io_)),
        acceptor_(accept_strand_),
        backoff_(accept_strand_) {}

  absl::Status Start();
  void Stop();
  uint16_t port() const { return port_; }

 private:
  absl::Status Listen();
  void Accept();
  void OnAccept(boost::system::error_code ec, tcp::socket socket);
  void CloseAcceptor();

  // Declared first so it is destroyed last: connections still queued in the
  // io_context refer to it while that is destroyed.
  ServerShared shared_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  asio::strand<asio::io_context::executor_type> accept_strand_;
  tcp::acceptor acceptor_;
  asio::steady_timer backoff_;  // Pauses accepting after e.g. EMFILE.
  std::vector<std::thread> io_threads_;
  uint16_t port_ = 0;
  std::mutex lifecycle_mu_;  // Serializes Start() and Stop().
  bool started_ = false;
  bool stopped_ = false;
};

absl::Status Server::Impl::Listen() {
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(shared_.options.address, ec);
  if (ec) return absl::InvalidArgumentError("bad listen address: " + shared_.options.address);
  tcp::endpoint endpoint(address, shared_.options.port);
  std::string where = shared_.options.address + ":" + std::to_string(shared_.options.port);
  if (acceptor_.open(endpoint.protocol(), ec); ec) {
    return absl::UnavailableError("socket for " + where + ": " + ec.message());
  }
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor_.bind(endpoint, ec); ec) {
    return absl::UnavailableError("bind " + where + ": " + ec.message());
  }
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return absl::UnavailableError("listen " + where + ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint(ec).port();
  return absl::OkStatus();
}

absl::Status Server::Impl::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (started_) return absl::FailedPreconditionError("http server already started");
  started_ = true;
  if (absl::Status status = Listen(); !status.ok()) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    return status;
  }
  asio::post(accept_strand_, [this] { Accept(); });
  for (int i = 0; i < std::max(1, shared_.options.io_threads); ++i) {
    io_threads_.emplace_back([this] { io_.run(); });
  }
  return absl::OkStatus();
}

void Server::Impl::Accept() {
  // Each connection gets its own strand so its handlers never overlap.
  acceptor_.async_accept(asio::make_strand(io_),
                         [this](boost::system::error_code ec, tcp::socket socket) {
                           OnAccept(ec, std::move(socket));
                         });
}

void Server::Impl::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Usually out of file descriptors: back off instead of spinning.
    core::LogWarn("http accept on port {}: {}", port_, ec.message());
    backoff_.expires_after(std::chrono::milliseconds(100));
    backoff_.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && acceptor_.is_open()) Accept();
    });
    return;
  }
  std::make_shared<Connection>(std::move(socket), shared_)->Start();
  Accept();
}

void Server::Impl::CloseAcceptor() {
  std::promise<void> closed;
  asio::post(accept_strand_, [this, &closed] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    backoff_.cancel();
    closed.set_value();
  });
  closed.get_future().wait();
}

void Server::Impl::Stop() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (stopped_) return;
  stopped_ = true;
  if (started_ && acceptor_.is_open()) CloseAcceptor();
  for (const std::shared_ptr<Connection>& connection : shared_.BeginStop()) {
    connection->RequestStop();
  }
  shared_.WaitDrained(shared_.options.shutdown_grace);
  // Handlers still running past the grace period finish here; their
  // responses are dropped with the io_context.
  shared_.pool.Shutdown();
  work_.reset();
  io_.stop();
  for (std::thread& thread : io_threads_) thread.join();
  io_threads_.clear();
}

Server::Server(ServerOptions options, std::shared_ptr<const Router> router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::Server(ServerOptions options, Router router)
    : Server(std::move(options), std::make_shared<const Router>(std::move(router))) {}

Server::~Server() { Stop(); }

absl::Status Server::Start() { return impl_->Start(); }

uint16_t Server::port() const { return impl_->port(); }

void Server::Stop() { impl_->Stop(); }

}  // namespace waggle::net::http
