#include "net/udp/udp_listener.h"

#include <fmt/format.h>
#include <sys/socket.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <vector>

namespace waggle::net::udp {

namespace asio = boost::asio;
using asio::ip::udp;

// Datagrams taken from the kernel per recvmmsg(2) call.
constexpr int kBatch = 32;
// The largest UDP payload is 65,507 bytes (IPv4); a spare byte.
constexpr size_t kSlotBytes = 65536;

class UdpListener::Impl {
 public:
  Impl() : socket(io), buffers(kBatch * kSlotBytes) {
    for (int i = 0; i < kBatch; ++i) {
      iov[i] = {buffers.data() + i * kSlotBytes, kSlotBytes};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
  }
  asio::io_context io;
  udp::socket socket;
  std::vector<char> buffers;
  std::array<iovec, kBatch> iov;
  std::array<mmsghdr, kBatch> msgs;
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
  impl->socket.async_wait(udp::socket::wait_read,
                          [this, impl](const boost::system::error_code& error) {
                            if (error == asio::error::operation_aborted || !impl->socket.is_open())
                              return;
                            if (!error) DrainReady();
                            Receive();
                          });
}

void UdpListener::DrainReady() {
  Impl* impl = impl_.get();
  // Everything queued, a batch per system call, until the kernel has no more.
  while (true) {
    int n =
        recvmmsg(impl->socket.native_handle(), impl->msgs.data(), kBatch, MSG_DONTWAIT, nullptr);
    if (n <= 0) return;
    received_.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
    for (int i = 0; i < n; ++i) {
      handler_(
          std::string_view(static_cast<const char*>(impl->iov[i].iov_base), impl->msgs[i].msg_len));
    }
    if (n < kBatch) return;
  }
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
