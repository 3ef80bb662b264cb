#include "demo/demo.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <span>
#include <thread>

#include "demo/load_shape.h"
#include "demo/request_logs.h"
#include "demo/rollbar_items.h"
#include "demo/xray_segments.h"

namespace waggle::demo {
namespace {

constexpr int64_t kSecond = 1'000'000'000;
// Live traffic goes out once a second; the backfill in five-minute windows.
constexpr int64_t kLiveWindowNs = kSecond;
constexpr int64_t kBackfillWindowNs = 300 * kSecond;
// Traces per OTLP request: at most 50 spans each, so a request stays a few
// MiB whatever --rate asks for, well under the server's body limit.
constexpr size_t kMaxTracesPerRequest = 256;

void SleepMs(int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

}  // namespace

UdpSender::UdpSender(const std::string& host, int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::string ip = host == "localhost" ? "127.0.0.1" : host;
  if (port <= 0 || inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1) return;
  fd_ = socket(AF_INET, SOCK_DGRAM, 0);
  address_.resize(sizeof addr);
  std::memcpy(address_.data(), &addr, sizeof addr);
}

UdpSender::~UdpSender() {
  if (fd_ >= 0) close(fd_);
}

bool UdpSender::Send(std::string_view datagram) {
  if (fd_ < 0) return false;
  return sendto(fd_, datagram.data(), datagram.size(), 0,
                reinterpret_cast<const sockaddr*>(address_.data()),
                static_cast<socklen_t>(address_.size())) == static_cast<ssize_t>(datagram.size());
}

Demo::Demo(DemoOptions options, const core::Clock& clock)
    : options_(std::move(options)),
      clock_(clock),
      generator_(synth::Options{.seed = options_.seed}),
      rng_(options_.seed ^ 0x6a09e667f3bcc909ULL),
      otlp_(options_.target.host, options_.target.otlp_http_port),
      edge_(options_.target.host, options_.target.http_port, /*retry_rate_limited=*/false),
      cloudwatch_(options_.target.host, options_.target.http_port, options_.target.aws,
                  options_.target.aws_region, clock),
      xray_(options_.target.host, options_.target.xray_port),
      cloudwatch_events_(static_cast<size_t>(CloudWatchStreamCount())) {}

void Demo::SendXraySegments() {
  for (const synth::TracePlan& plan : plans_) {
    if (!XraySampled(plan)) continue;
    size_t spans = EncodeXrayDatagram(plan, &datagram_);
    if (spans == 0 || !xray_.Send(datagram_)) continue;
    ++stats_.xray_segments;
    stats_.xray_spans += spans;
  }
}

std::vector<int64_t> Demo::StartTimes(int64_t from_ns, int64_t to_ns, double rate) {
  double expected = rate * LoadFactor(from_ns) * static_cast<double>(to_ns - from_ns) / kSecond;
  // Round stochastically so low rates still average out right.
  auto count = static_cast<size_t>(expected);
  if (rng_.Bernoulli(expected - static_cast<double>(count))) ++count;
  std::vector<int64_t> starts(count);
  for (int64_t& start : starts) {
    start = from_ns + static_cast<int64_t>(rng_.Uniform(static_cast<uint64_t>(to_ns - from_ns)));
  }
  std::sort(starts.begin(), starts.end());
  return starts;
}

absl::Status Demo::PostOtlp(std::string_view path, const std::string& body) {
  HttpHeaders headers = {{"content-type", "application/x-protobuf"}};
  if (!options_.target.key.empty()) headers.emplace_back("x-honeycomb-team", options_.target.key);
  ASSIGN_OR_RETURN(net::http::ClientResponse r,
                   otlp_.Post(path, headers, body, *stop_, &stats_.retries));
  if (r.status != 200) {
    return absl::FailedPreconditionError(
        fmt::format("the server refused {} with HTTP {}: {}", path, r.status, r.body));
  }
  ++stats_.requests;
  return absl::OkStatus();
}

absl::Status Demo::SendRollbarItems() {
  // Without keys any token is accepted; pyrollbar refuses to start without one.
  const std::string token = options_.target.key.empty() ? "waggle-demo" : options_.target.key;
  HttpHeaders headers = {{"content-type", "application/json"}, {"x-rollbar-access-token", token}};
  for (const synth::TracePlan& plan : plans_) {
    if (!RollbarReported(plan)) continue;
    // A day of /rollbar/test calls (~6 % of requests) sent in one minute
    // would spend the server's per-token rate limit (5,000 a minute) and
    // crowd out the errors: history reports only the failures.
    if (stats_.backfilling && plan.http_status < 500) continue;
    EncodeRollbarItem(plan, token, &rollbar_item_);
    ASSIGN_OR_RETURN(net::http::ClientResponse r,
                     edge_.Post("/api/1/item/", headers, rollbar_item_, *stop_, &stats_.retries));
    if (r.status == 429) {
      ++stats_.rollbar_rate_limited;
      continue;
    }
    if (r.status != 200) {
      return absl::FailedPreconditionError(
          fmt::format("the server refused a Rollbar item with HTTP {}: {}", r.status, r.body));
    }
    ++stats_.rollbar_items;
  }
  return absl::OkStatus();
}

absl::Status Demo::SendWindow(int64_t from_ns, int64_t to_ns, double rate) {
  std::vector<int64_t> all = StartTimes(from_ns, to_ns, rate);
  for (size_t i = 0; i < all.size(); i += kMaxTracesPerRequest) {
    std::span<const int64_t> starts =
        std::span<const int64_t>(all).subspan(i, std::min(kMaxTracesPerRequest, all.size() - i));
    plans_.clear();
    size_t spans = generator_.NextTraces(starts, &traces_body_, &plans_);
    RETURN_IF_ERROR(PostOtlp("/v1/traces", traces_body_));
    size_t records = EncodeRequestLogs(plans_, &logs_body_);
    if (records > 0) RETURN_IF_ERROR(PostOtlp("/v1/logs", logs_body_));
    SendXraySegments();
    CollectCloudWatchEvents(plans_, &cloudwatch_events_);
    ASSIGN_OR_RETURN(uint64_t events,
                     cloudwatch_.Send(&cloudwatch_events_, *stop_, &stats_.retries));
    stats_.cloudwatch_events += events;
    RETURN_IF_ERROR(SendRollbarItems());
    stats_.traces += starts.size();
    stats_.spans += spans;
    stats_.log_records += records;
    stats_.simulated_ns = starts.back();
  }
  return absl::OkStatus();
}

absl::Status Demo::Run(const std::atomic<bool>& stop, const ProgressFn& progress) {
  stop_ = &stop;
  int64_t now = clock_.NowNanos();
  // Backfill: simulated time runs as fast as the server accepts it.
  stats_.backfilling = options_.backfill_ns > 0;
  for (int64_t t = now - options_.backfill_ns; t < now && !stop.load(); t += kBackfillWindowNs) {
    RETURN_IF_ERROR(SendWindow(t, std::min(t + kBackfillWindowNs, now), options_.backfill_rate));
    if (progress) progress(stats_);
  }
  stats_.backfilling = false;
  // Live: each second of wall time sends that second's traffic.
  int64_t start = clock_.NowNanos();
  int64_t window = std::max(now, start - kLiveWindowNs);
  while (!stop.load()) {
    int64_t wall = clock_.NowNanos();
    if (options_.duration_ns > 0 && wall - start >= options_.duration_ns) break;
    if (window + kLiveWindowNs > wall) {
      SleepMs(std::min<int64_t>(100, (window + kLiveWindowNs - wall) / 1'000'000 + 1));
      continue;
    }
    RETURN_IF_ERROR(SendWindow(window, window + kLiveWindowNs, options_.rate));
    window += kLiveWindowNs;
    if (progress) progress(stats_);
  }
  return absl::OkStatus();
}

}  // namespace waggle::demo
