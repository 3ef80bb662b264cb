#include "demo/cloudwatch_logs.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/json_writer.h"
#include "demo/request_logs.h"
#include "synth/cruddur.h"

namespace waggle::demo {
namespace {

// The largest message one call can hold with its overhead.
constexpr size_t kMaxMessageBytes = kMaxBytesPerPut - kEventOverheadBytes;

std::string BeginBody(std::string_view group, std::string_view stream) {
  std::string body = "{\"logGroupName\":";
  core::AppendJsonString(&body, group);
  body += ",\"logStreamName\":";
  core::AppendJsonString(&body, stream);
  body += ",\"logEvents\":[";
  return body;
}

}  // namespace

int CloudWatchStreamCount() { return synth::cruddur::kBackendResources; }

std::string CloudWatchStreamName(int stream) {
  const synth::cruddur::ResourceInfo& host =
      synth::cruddur::Resources()[synth::cruddur::kFirstBackendResource + stream];
  return fmt::format("{}/flask/app/{}", host.host_name, 7 + stream);
}

void CollectCloudWatchEvents(const std::vector<synth::TracePlan>& plans,
                             std::vector<std::vector<LogEvent>>* by_stream) {
  for (const synth::TracePlan& plan : plans) {
    const synth::PlannedSpan* server = ServerSpan(plan);
    if (server == nullptr) continue;
    int stream = std::clamp(server->resource - synth::cruddur::kFirstBackendResource, 0,
                            CloudWatchStreamCount() - 1);
    LogEvent event;
    event.timestamp_ms = server->end_ns / 1'000'000;
    event.message = AfterRequestLine(plan, server->end_ns);
    event.message += " trace_id=";
    event.message += LowerHex(plan.trace_id.data(), plan.trace_id.size());
    event.message += " span_id=";
    event.message += LowerHex(server->span_id.data(), server->span_id.size());
    (*by_stream)[static_cast<size_t>(stream)].push_back(std::move(event));
  }
}

std::vector<PutLogEventsBody> PutLogEventsBodies(std::string_view group, std::string_view stream,
                                                 std::span<LogEvent> events) {
  std::stable_sort(events.begin(), events.end(), [](const LogEvent& a, const LogEvent& b) {
    return a.timestamp_ms < b.timestamp_ms;
  });
  std::vector<PutLogEventsBody> bodies;
  std::string body;
  size_t count = 0;
  size_t bytes = 0;
  int64_t first_ms = 0;
  for (LogEvent& event : events) {
    if (event.message.size() > kMaxMessageBytes) event.message.resize(kMaxMessageBytes);
    size_t size = event.message.size() + kEventOverheadBytes;
    bool full = count == kMaxEventsPerPut || bytes + size > kMaxBytesPerPut ||
                (count > 0 && event.timestamp_ms - first_ms > kMaxPutSpanMs);
    if (count > 0 && full) {
      bodies.push_back({std::move(body += "]}"), count});
      count = 0;
      bytes = 0;
    }
    if (count == 0) {
      body = BeginBody(group, stream);
      first_ms = event.timestamp_ms;
    } else {
      body += ',';
    }
    body += fmt::format("{{\"timestamp\":{},\"message\":", event.timestamp_ms);
    core::AppendJsonString(&body, event.message);
    body += '}';
    ++count;
    bytes += size;
  }
  if (count > 0) bodies.push_back({std::move(body += "]}"), count});
  return bodies;
}

}  // namespace waggle::demo
