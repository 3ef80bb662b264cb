#include "net/udp/udp_listener.h"

#include <fmt/format.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>

namespace waggle::net::udp {

namespace asio = boost::asio;
using asio::ip::udp;

class UdpListener::Impl {
 public:
  Impl() : socket(io) {}
  asio::io_context io;
  udp::socket socket;
  udp::endpoint sender;
  // The largest UDP payload is 65,507 bytes (IPv4); one spare byte.
  std::array<char, 65536> buffer;
};

UdpListener::UdpListener(UdpListenerOptions options, DatagramHandler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {}

UdpListener::~UdpListener() { Stop(); }

absl::Status UdpListener::Start() {
  if (started_.exchange(true)) return absl::FailedPreconditionError("UDP listener already started");
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(options_.address, ec);
  if (ec) return absl::InvalidArgumentError(fmt::format("bad UDP address {}", options_.address));
  impl_ = std::make_unique<Impl>();
  udp::endpoint endpoint(address, options_.port);
  impl_->socket.open(endpoint.protocol(), ec);
  if (!ec) impl_->socket.bind(endpoint, ec);
  if (ec) {
    return absl::UnavailableError(
        fmt::format("cannot bind UDP {}:{}: {}", options_.address, options_.port, ec.message()));
  }
  // Best effort: a smaller buffer only means earlier drops under bursts.
  impl_->socket.set_option(asio::socket_base::receive_buffer_size(options_.receive_buffer_bytes),
                           ec);
  port_ = impl_->socket.local_endpoint().port();
  Receive();
  thread_ = std::thread([this] { impl_->io.run(); });
  return absl::OkStatus();
}

void UdpListener::Receive() {
  Impl* impl = impl_.get();
  impl->socket.async_receive_from(
      asio::buffer(impl->buffer), impl->sender,
      [this, impl](const boost::system::error_code& error, size_t n) {
        if (error == asio::error::operation_aborted || !impl->socket.is_open()) return;
        if (!error) {
          received_.fetch_add(1, std::memory_order_relaxed);
          handler_(std::string_view(impl->buffer.data(), n));
        }
        Receive();
      });
}

void UdpListener::Stop() {
  if (!impl_) return;
  if (thread_.joinable()) {
    asio::post(impl_->io, [impl = impl_.get()] {
      boost::system::error_code ec;
      impl->socket.close(ec);
      impl->io.stop();
    });
    thread_.join();
  }
}

}  // namespace waggle::net::udp
