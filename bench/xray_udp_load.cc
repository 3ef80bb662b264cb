// waggle_xray_udp_load: sends X-Ray segment documents to a daemon port on
// this machine, one per datagram as the SDKs do, at a fixed rate (or as
// fast as the socket takes them) for a fixed time, and prints one line of
// JSON:
//
//   {"sent":..,"seconds":..,"datagrams_per_second":..}
//
// Every document is a complete backend-flask segment with its own segment
// and trace id (about 330 bytes). Datagrams go out in batches with
// sendmmsg(2), paced per batch. Loopback targets only. See bench/README.md.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "core/json_writer.h"

namespace waggle::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kBatch = 64;
constexpr size_t kMaxDatagram = 1024;

// Writes the n-th segment (header line included) into `out`; returns its size.
size_t FormatSegment(uint64_t n, double now_s, char* out) {
  auto epoch = static_cast<uint32_t>(now_s);
  double start = now_s - 0.05;
  int len = std::snprintf(
      out, kMaxDatagram,
      "{\"format\":\"json\",\"version\":1}\n"
      "{\"name\":\"backend-flask\",\"id\":\"%016llx\",\"trace_id\":\"1-%08x-%024llx\","
      "\"start_time\":%.6f,\"end_time\":%.6f,"
      "\"http\":{\"request\":{\"method\":\"GET\",\"url\":\"http://localhost:4567/api/activities/"
      "home\"},\"response\":{\"status\":%d}},"
      "\"annotations\":{\"user_id\":\"user-%llu\"},\"origin\":\"AWS::EC2::Instance\"}",
      static_cast<unsigned long long>(n * 0x9e3779b97f4a7c15ULL | 1), epoch,
      static_cast<unsigned long long>(n + 1), start, start + 0.001 * static_cast<double>(n % 97),
      n % 50 == 0 ? 500 : 200, static_cast<unsigned long long>(n % 1000));
  return len < 0 ? 0 : static_cast<size_t>(len);
}

int Run(const std::string& host, int port, double rate, double seconds) {
  if (host != "127.0.0.1" && host != "localhost") {
    std::fprintf(stderr, "waggle_xray_udp_load: loopback targets only\n");
    return 2;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return 1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  std::vector<char> buffers(kBatch * kMaxDatagram);
  std::vector<iovec> iov(kBatch);
  std::vector<mmsghdr> msgs(kBatch);
  uint64_t sent = 0;
  Clock::time_point start = Clock::now();
  auto deadline = start + std::chrono::duration<double>(seconds);
  while (Clock::now() < deadline) {
    double now_s =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    for (int i = 0; i < kBatch; ++i) {
      char* buf = buffers.data() + i * kMaxDatagram;
      iov[i] = {buf, FormatSegment(sent + static_cast<uint64_t>(i), now_s, buf)};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_name = &addr;
      msgs[i].msg_hdr.msg_namelen = sizeof addr;
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int n = sendmmsg(fd, msgs.data(), kBatch, 0);
    if (n > 0) sent += static_cast<uint64_t>(n);
    if (rate > 0) {
      auto due = start + std::chrono::duration<double>(static_cast<double>(sent) / rate);
      std::this_thread::sleep_until(due);
    }
  }
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  close(fd);
  core::JsonWriter w;
  w.BeginObject().Key("sent").Int(static_cast<int64_t>(sent)).Key("seconds").Double(elapsed);
  w.Key("datagrams_per_second").Double(static_cast<double>(sent) / elapsed).EndObject();
  std::printf("%s\n", w.Release().c_str());
  return 0;
}

}  // namespace
}  // namespace waggle::bench

int main(int argc, char** argv) {
  CLI::App app{"Sends X-Ray segment datagrams to a local daemon port"};
  std::string host = "127.0.0.1";
  int port = 2000;
  double rate = 0, seconds = 5;
  app.add_option("--host", host, "Target host (loopback only)");
  app.add_option("--port", port, "Daemon UDP port");
  app.add_option("--rate", rate, "Datagrams per second (0 = as fast as the socket takes them)");
  app.add_option("--seconds", seconds, "How long to send");
  CLI11_PARSE(app, argc, argv);
  return waggle::bench::Run(host, port, rate, seconds);
}
