// The CloudWatch Logs API on the edge port: AWS JSON 1.1 (`POST /` with
// `X-Amz-Target: Logs_20140328.<Operation>`), SigV4 through the shared
// AwsAuthenticator (service "logs"), errors as {"__type","message"} with
// AWS's exception names (specs/cloudwatch-logs.md §1-3). Operations are in
// operations.h; events go to the store (one dataset per log group), groups
// and streams to the control plane (meta/log_groups_table.h).
//
//   ASSIGN_OR_RETURN(auto logs, CloudWatchLogsApi::Create(store, meta, aws_auth, clock));
//   logs->AddRoutes(edge_router);
//
// Thread-safe: requests are handled concurrently on the server's workers.
#pragma once

#include <memory>
#include <string_view>

#include "api/aws/aws.h"
#include "api/cloudwatch/call.h"
#include "net/http/router.h"

namespace waggle::api::cloudwatch {

struct LogsApiOptions {
  // Largest request body accepted. PutLogEvents carries up to 1 MiB of
  // messages, which JSON escaping can inflate up to six times.
  size_t max_request_bytes = 8 << 20;
};

class CloudWatchLogsApi {
 public:
  // Every reference must outlive the API. Reads the highest sequence number
  // recorded so numbering continues above it; errors are the meta store's.
  static absl::StatusOr<std::unique_ptr<CloudWatchLogsApi>> Create(
      store::Store& store, meta::MetaStore& meta, const aws::AwsAuthenticator& auth,
      const core::Clock& clock, LogsApiOptions options = {});

  // Registers POST / on `router` (requests without a Logs_20140328 target
  // get UnknownOperationException).
  void AddRoutes(net::http::Router& router);

  // Serves one request (exposed for tests).
  net::http::Response Handle(const net::http::Request& request);

  // Renders a transport error (404, 413, 503, ...) in the JSON 1.1 shape.
  static net::http::Response RenderTransportError(const net::http::Request& request, int status,
                                                  std::string_view message);

 private:
  CloudWatchLogsApi(store::Store& store, meta::MetaStore& meta, const aws::AwsAuthenticator& auth,
                    const core::Clock& clock, LogsApiOptions options, int64_t first_sequence);

  const aws::AwsAuthenticator& auth_;
  const core::Clock& clock_;
  const LogsApiOptions options_;
  SequenceAllocator sequences_;
  InsightsQueries queries_;
  LogsContext ctx_;
};

}  // namespace waggle::api::cloudwatch
