// `waggle demo`: Cruddur's traffic (shared/SCENARIOS.md) sent over the wire
// to a Waggle server exactly as the real SDKs send it, so every byte takes
// the real ingest path: OTLP/HTTP protobuf traces, the backend's request
// log as OTLP logs and as CloudWatch Logs PutLogEvents calls (SigV4-signed),
// the backend's sampled X-Ray segments as daemon UDP datagrams, and its
// errors as Rollbar item POSTs.
//
//   demo::Demo demo(options, core::SystemClock::Get());
//   RETURN_IF_ERROR(demo.Run(stop, [](const demo::DemoStats& s) { ... }));
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "auth/sigv4_signer.h"
#include "core/clock.h"
#include "core/status.h"
#include "demo/cloudwatch_sender.h"
#include "demo/http_sender.h"
#include "synth/generator.h"

namespace waggle::demo {

// Where the server listens.
struct DemoTarget {
  std::string host = "127.0.0.1";
  int http_port = 8080;
  int otlp_http_port = 4318;
  int xray_port = 2000;
  std::string key;  // sent as x-honeycomb-team and as the Rollbar token when not empty
  // What CloudWatch Logs calls are signed with; any values do while the
  // server has no keys.
  auth::AwsCredentials aws{"waggle-demo", "waggle-demo-secret"};
  std::string aws_region = "us-east-1";
};

struct DemoOptions {
  DemoTarget target;
  // Backend requests per second at the daily peak (the load follows
  // LoadFactor over the day).
  double rate = 20;
  // Live traffic stops after this long; 0 = until stopped.
  int64_t duration_ns = 0;
  uint64_t seed = 1;
  // History to write before live traffic, as fast as the server takes it.
  int64_t backfill_ns = 0;
  // Requests per second of simulated time during the backfill.
  double backfill_rate = 2;
};

struct DemoStats {
  uint64_t traces = 0;
  uint64_t spans = 0;
  uint64_t log_records = 0;
  uint64_t cloudwatch_events = 0;  // PutLogEvents events the server took
  uint64_t rollbar_items = 0;      // Rollbar occurrences the server took
  uint64_t rollbar_rate_limited =
      0;                       // items the server refused with 429 (dropped, as pyrollbar does)
  uint64_t xray_segments = 0;  // X-Ray datagrams sent (UDP: no acknowledgement)
  uint64_t xray_spans = 0;     // the segments and subsegments in them
  uint64_t requests = 0;       // HTTP requests the server accepted
  uint64_t retries = 0;        // requests repeated after a 503/429 or a broken connection
  int64_t simulated_ns = 0;    // the newest trace start sent so far
  bool backfilling = false;
};

using ProgressFn = std::function<void(const DemoStats&)>;

// Datagrams to one UDP port on the target host. Not thread-safe.
class UdpSender {
 public:
  UdpSender(const std::string& host, int port);
  ~UdpSender();
  UdpSender(const UdpSender&) = delete;
  UdpSender& operator=(const UdpSender&) = delete;
  // Sends one datagram; false if it could not be handed to the kernel.
  bool Send(std::string_view datagram);

 private:
  int fd_ = -1;
  std::vector<uint8_t> address_;  // a sockaddr_in
};

class Demo {
 public:
  Demo(DemoOptions options, const core::Clock& clock);

  // Sends the backfill, then live traffic until the duration passes or
  // `stop` becomes true. `progress` (may be empty) is called after every
  // batch. Fails if the server refuses data (bad key, wrong port) or stays
  // unreachable.
  absl::Status Run(const std::atomic<bool>& stop, const ProgressFn& progress);
  const DemoStats& stats() const { return stats_; }

 private:
  // Sends the traffic of the simulated window [from_ns, to_ns) at `rate`,
  // in requests of a bounded number of traces (the SDKs batch too).
  absl::Status SendWindow(int64_t from_ns, int64_t to_ns, double rate);
  // POSTs an OTLP body, retrying while the server sheds load.
  absl::Status PostOtlp(std::string_view path, const std::string& body);
  // Reports the failed requests of plans_ to Rollbar's item endpoint.
  absl::Status SendRollbarItems();
  std::vector<int64_t> StartTimes(int64_t from_ns, int64_t to_ns, double rate);
  // Sends the sampled backend requests of plans_ to the X-Ray daemon port.
  void SendXraySegments();

  DemoOptions options_;
  const core::Clock& clock_;
  synth::Generator generator_;
  synth::Prng rng_;
  HttpSender otlp_;
  HttpSender edge_;
  CloudWatchSender cloudwatch_;
  const std::atomic<bool>* stop_ = nullptr;
  DemoStats stats_;
  std::string traces_body_;
  std::string logs_body_;
  std::vector<synth::TracePlan> plans_;
  UdpSender xray_;
  std::string datagram_;
  std::vector<std::vector<LogEvent>> cloudwatch_events_;
  std::string rollbar_item_;
};

}  // namespace waggle::demo
