// Ships request-log events to CloudWatch Logs' API on a Waggle edge port as
// watchtower does through boto3: CreateLogGroup and CreateLogStream once
// (an existing one is fine), then PutLogEvents per stream, every call AWS
// JSON 1.1 and SigV4-signed. Not thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "auth/sigv4_signer.h"
#include "core/clock.h"
#include "core/status.h"
#include "demo/cloudwatch_logs.h"
#include "demo/http_sender.h"

namespace waggle::demo {

class CloudWatchSender {
 public:
  CloudWatchSender(const std::string& host, int port, auth::AwsCredentials credentials,
                   std::string region, const core::Clock& clock);

  // Sends every event of `by_stream` (indexed like CloudWatchStreamName)
  // and clears the lists. Returns the number of events the server took
  // (PutLogEvents' rejectedLogEventsInfo subtracted). Fails if the server
  // refuses a call (bad credentials, a malformed request) or stays away.
  absl::StatusOr<uint64_t> Send(std::vector<std::vector<LogEvent>>* by_stream,
                                const std::atomic<bool>& stop, uint64_t* retries);

 private:
  // One signed call of `operation` (e.g. "PutLogEvents"); its answer.
  absl::StatusOr<net::http::ClientResponse> Call(std::string_view operation,
                                                 const std::string& body,
                                                 const std::atomic<bool>& stop, uint64_t* retries);
  // Creates the group and the streams unless done before.
  absl::Status EnsureStreams(const std::atomic<bool>& stop, uint64_t* retries);

  HttpSender http_;
  auth::AwsCredentials credentials_;
  std::string region_;
  const core::Clock& clock_;
  bool streams_ready_ = false;
};

// How many of `sent` events a PutLogEvents answer says were rejected.
uint64_t RejectedEvents(std::string_view response_body, uint64_t sent);

}  // namespace waggle::demo
