#include "demo/request_logs.h"

#include <fmt/format.h>

#include <ctime>

#include "synth/cruddur.h"
#include "synth/otlp_fields.h"
#include "synth/proto_writer.h"

namespace waggle::demo {
namespace {

using synth::ProtoWriter;

// OTLP logs field numbers (shared/specs/otlp.md §3).
constexpr uint32_t kResourceLogs = 1;
constexpr uint32_t kResource = 1;
constexpr uint32_t kScopeLogs = 2;
constexpr uint32_t kResourceAttributes = 1;
constexpr uint32_t kScope = 1;
constexpr uint32_t kLogRecords = 2;
constexpr uint32_t kScopeName = 1;
constexpr uint32_t kTime = 1;
constexpr uint32_t kSeverityNumber = 2;
constexpr uint32_t kSeverityText = 3;
constexpr uint32_t kBody = 5;
constexpr uint32_t kAttributes = 6;
constexpr uint32_t kTraceId = 9;
constexpr uint32_t kSpanId = 10;
constexpr uint32_t kObservedTime = 11;
constexpr uint32_t kStringValue = 1;
constexpr int kSeverityInfo = 9;
constexpr int kSeverityError = 17;

std::string_view StatusText(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 404:
      return "NOT FOUND";
    case 500:
      return "INTERNAL SERVER ERROR";
    default:
      return "";
  }
}

void PutRecord(const synth::TracePlan& plan, const synth::PlannedSpan& server, ProtoWriter* w) {
  auto record = w->BeginMessage(kLogRecords, 200);
  w->PutFixed64(kTime, static_cast<uint64_t>(server.end_ns));
  w->PutFixed64(kObservedTime, static_cast<uint64_t>(server.end_ns));
  bool failed = plan.http_status >= 500;
  w->PutVarint(kSeverityNumber, failed ? kSeverityError : kSeverityInfo);
  w->PutString(kSeverityText, failed ? "ERROR" : "INFO");
  std::string line = AfterRequestLine(plan, server.end_ns);
  auto body = w->BeginMessage(kBody, line.size() + 2);
  w->PutString(kStringValue, line);
  w->EndMessage(body);
  const synth::cruddur::RouteInfo& route = synth::cruddur::Routes()[plan.route];
  synth::PutStringAttr(w, kAttributes, "http.route", route.route);
  synth::PutIntAttr(w, kAttributes, "http.response.status_code", plan.http_status);
  synth::PutStringAttr(w, kAttributes, "user.id", synth::cruddur::UserId(plan.user_rank));
  w->PutBytes(kTraceId, std::string_view(reinterpret_cast<const char*>(plan.trace_id.data()),
                                         plan.trace_id.size()));
  w->PutBytes(kSpanId, std::string_view(reinterpret_cast<const char*>(server.span_id.data()),
                                        server.span_id.size()));
  w->EndMessage(record);
}

}  // namespace

const synth::PlannedSpan* ServerSpan(const synth::TracePlan& plan) {
  for (const synth::PlannedSpan& span : plan.spans) {
    if (span.role == synth::SpanRole::kServer) return &span;
  }
  return nullptr;
}

std::string RequestPath(const synth::TracePlan& plan) {
  const synth::cruddur::RouteInfo& route = synth::cruddur::Routes()[plan.route];
  std::string path(route.path_prefix);
  if (route.has_handle) synth::cruddur::AppendHandle(plan.handle_rank, &path);
  return path;
}

std::string LowerHex(const uint8_t* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return out;
}

bool IsBackendRequest(const synth::TracePlan& plan) { return ServerSpan(plan) != nullptr; }

std::string AfterRequestLine(const synth::TracePlan& plan, int64_t unix_ns) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  time_t seconds = static_cast<time_t>(unix_ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("[{:04}-{}-{:02} {:02}:{:02}] 172.17.0.1 GET http {}? {} {}",
                     tm.tm_year + 1900, kMonths[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min,
                     RequestPath(plan), plan.http_status, StatusText(plan.http_status));
}

size_t EncodeRequestLogs(const std::vector<synth::TracePlan>& plans, std::string* out) {
  out->clear();
  ProtoWriter w(out);
  auto resource_logs = w.BeginMessage(kResourceLogs, 1 << 16);
  auto resource = w.BeginMessage(kResource, 64);
  synth::PutStringAttr(&w, kResourceAttributes, "service.name", "backend-flask");
  synth::PutStringAttr(&w, kResourceAttributes, "deployment.environment.name",
                       synth::cruddur::kEnvironment);
  w.EndMessage(resource);
  auto scope_logs = w.BeginMessage(kScopeLogs, 1 << 16);
  auto scope = w.BeginMessage(kScope, 16);
  w.PutString(kScopeName, "cruddur.app");
  w.EndMessage(scope);
  size_t records = 0;
  for (const synth::TracePlan& plan : plans) {
    const synth::PlannedSpan* server = ServerSpan(plan);
    if (server == nullptr) continue;
    PutRecord(plan, *server, &w);
    ++records;
  }
  w.EndMessage(scope_logs);
  w.EndMessage(resource_logs);
  return records;
}

}  // namespace waggle::demo
