#include "demo/cloudwatch_sender.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "core/json_writer.h"

namespace waggle::demo {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

// The request body naming just the group, and the stream when not empty.
std::string NamesBody(std::string_view stream) {
  core::JsonWriter w;
  w.BeginObject().Key("logGroupName").String(kCloudWatchLogGroup);
  if (!stream.empty()) w.Key("logStreamName").String(stream);
  return w.EndObject().Release();
}

bool AlreadyExists(const net::http::ClientResponse& r) {
  return r.status == 400 && r.body.find("ResourceAlreadyExistsException") != std::string::npos;
}

absl::Status Refused(std::string_view operation, const net::http::ClientResponse& r) {
  bool credentials = r.status == 403 || r.body.find("InvalidSignature") != std::string::npos ||
                     r.body.find("UnrecognizedClient") != std::string::npos;
  return absl::FailedPreconditionError(fmt::format(
      "the server refused CloudWatch Logs {} with HTTP {}{}: {}", operation, r.status,
      credentials ? " (check the AWS credentials: --aws-access-key-id and --aws-secret-access-key, "
                    "as 'waggle keys create' printed them)"
                  : "",
      r.body));
}

}  // namespace

CloudWatchSender::CloudWatchSender(const std::string& host, int port,
                                   auth::AwsCredentials credentials, std::string region,
                                   const core::Clock& clock)
    : http_(host, port),
      credentials_(std::move(credentials)),
      region_(std::move(region)),
      clock_(clock) {}

absl::StatusOr<net::http::ClientResponse> CloudWatchSender::Call(std::string_view operation,
                                                                 const std::string& body,
                                                                 const std::atomic<bool>& stop,
                                                                 uint64_t* retries) {
  HttpHeaders headers = {{"host", http_.authority()},
                         {"content-type", "application/x-amz-json-1.1"},
                         {"x-amz-target", fmt::format("Logs_20140328.{}", operation)}};
  auth::SignSigV4(credentials_, region_, "logs", clock_.NowNanos() / kNanosPerSecond, "POST", "/",
                  "", body, &headers);
  return http_.Post("/", headers, body, stop, retries);
}

absl::Status CloudWatchSender::EnsureStreams(const std::atomic<bool>& stop, uint64_t* retries) {
  if (streams_ready_) return absl::OkStatus();
  ASSIGN_OR_RETURN(net::http::ClientResponse group,
                   Call("CreateLogGroup", NamesBody(""), stop, retries));
  if (group.status != 200 && !AlreadyExists(group)) return Refused("CreateLogGroup", group);
  for (int s = 0; s < CloudWatchStreamCount(); ++s) {
    ASSIGN_OR_RETURN(net::http::ClientResponse stream,
                     Call("CreateLogStream", NamesBody(CloudWatchStreamName(s)), stop, retries));
    if (stream.status != 200 && !AlreadyExists(stream)) return Refused("CreateLogStream", stream);
  }
  streams_ready_ = true;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> CloudWatchSender::Send(std::vector<std::vector<LogEvent>>* by_stream,
                                                const std::atomic<bool>& stop, uint64_t* retries) {
  RETURN_IF_ERROR(EnsureStreams(stop, retries));
  uint64_t accepted = 0;
  for (size_t s = 0; s < by_stream->size(); ++s) {
    std::vector<LogEvent>& events = (*by_stream)[s];
    if (events.empty()) continue;
    std::string stream = CloudWatchStreamName(static_cast<int>(s));
    for (const PutLogEventsBody& body : PutLogEventsBodies(kCloudWatchLogGroup, stream, events)) {
      ASSIGN_OR_RETURN(net::http::ClientResponse r, Call("PutLogEvents", body.json, stop, retries));
      if (r.status != 200) return Refused("PutLogEvents", r);
      accepted += body.events - RejectedEvents(r.body, body.events);
    }
    events.clear();
  }
  return accepted;
}

uint64_t RejectedEvents(std::string_view response_body, uint64_t sent) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(response_body.data(), response_body.size()).get(doc) != simdjson::SUCCESS) {
    return 0;
  }
  simdjson::dom::object info;
  if (doc["rejectedLogEventsInfo"].get_object().get(info) != simdjson::SUCCESS) return 0;
  auto index = [&](const char* name, int64_t fallback) {
    int64_t value = fallback;
    if (info[name].get_int64().get(value) != simdjson::SUCCESS) value = fallback;
    return std::clamp<int64_t>(value, 0, static_cast<int64_t>(sent));
  };
  int64_t old_end =
      std::max(index("tooOldLogEventEndIndex", 0), index("expiredLogEventEndIndex", 0));
  int64_t new_start = index("tooNewLogEventStartIndex", static_cast<int64_t>(sent));
  return static_cast<uint64_t>(old_end) +
         (sent - static_cast<uint64_t>(std::max(new_start, old_end)));
}

}  // namespace waggle::demo
