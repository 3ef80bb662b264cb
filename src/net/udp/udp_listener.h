// File: net/udp/udp_listener.h
//
// Receives UDP datagrams on one socket and hands each to a handler, on the
// listener's own thread, in arrival order. It knows no protocol.
//
//   UdpListener udp({.port = 2000}, [&](std::string_view d) { queue.Push(d); });
//   RETURN_IF_ERROR(udp.Start());
//   ...
//   udp.Stop();
//
// The handler runs on the receive thread and must be quick (copy the bytes
// and return): while it runs, further datagrams wait in the kernel buffer,
// and the kernel drops them once that is full.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "absl/status/status.h"

namespace waggle::net::udp {

struct UdpListenerOptions {
  // IPv4 or IPv6 literal to bind.
  std::string address = "127.0.0.1";
  // 0 picks a free port; read it back with port().
  uint16_t port = 0;
  // SO_RCVBUF requested (the kernel may cap it): absorbs bursts.
  int receive_buffer_bytes = 8 << 20;
};

// Called with each datagram (valid only during the call). Must not throw.
using DatagramHandler = std::function<void(std::string_view datagram)>;

class UdpListener {
 public:
  UdpListener(UdpListenerOptions options, DatagramHandler handler);
  UdpListener(const UdpListener&) = delete;
  UdpListener& operator=(const UdpListener&) = delete;
  // Calls Stop().
  ~UdpListener();

  // Binds and starts the receive thread. InvalidArgument for a bad address,
  // Unavailable if the bind fails, FailedPrecondition if called twice.
  absl::Status Start();
  // The bound port once Start() returned OK; 0 before.
  uint16_t port() const { return port_.load(); }
  // Datagrams handed to the handler so far. Thread-safe.
  uint64_t received() const { return received_.load(std::memory_order_relaxed); }
  // Closes the socket and joins the thread; idempotent; thread-safe; must not
  // be called from the handler.
  void Stop();

 private:
  class Impl;
  // Posts the next receive; runs on the receive thread (and once in Start).
  void Receive();
  // Reads every datagram the kernel holds, in batches, into the handler.
  void DrainReady();
  const UdpListenerOptions options_;
  const DatagramHandler handler_;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
  std::atomic<uint16_t> port_{0};
  std::atomic<uint64_t> received_{0};
  std::atomic<bool> started_{false};
};

}  // namespace waggle::net::udp
