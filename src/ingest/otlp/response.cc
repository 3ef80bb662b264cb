#include "ingest/otlp/response.h"

#include <fmt/format.h>

#include "core/json_writer.h"
#include "ingest/otlp/wire.h"

namespace waggle::ingest::otlp {
namespace {

constexpr std::string_view kRetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";

std::string_view RejectedKey(Signal signal) {
  switch (signal) {
    case Signal::kTraces:
      return "rejectedSpans";
    case Signal::kLogs:
      return "rejectedLogRecords";
    case Signal::kMetrics:
      return "rejectedDataPoints";
  }
  return "rejectedSpans";
}

}  // namespace

std::string EncodeExportResponseProto(Signal, uint64_t rejected, std::string_view message) {
  std::string out;
  if (rejected == 0 && message.empty()) return out;
  // Every Export*PartialSuccess has the count in field 1 and the message in 2.
  std::string partial;
  if (rejected != 0) PutVarintField(&partial, 1, rejected);
  if (!message.empty()) PutLenField(&partial, 2, message);
  PutLenField(&out, 1, partial);
  return out;
}

std::string EncodeExportResponseJson(Signal signal, uint64_t rejected, std::string_view message) {
  if (rejected == 0 && message.empty()) return "{}";
  std::string out = "{\"partialSuccess\":{";
  // proto3 JSON writes int64 as a decimal string.
  fmt::format_to(std::back_inserter(out), "\"{}\":\"{}\"", RejectedKey(signal), rejected);
  if (!message.empty()) {
    out.append(",\"errorMessage\":");
    core::AppendJsonString(&out, message);
  }
  out.append("}}");
  return out;
}

std::string EncodeStatusProto(int grpc_code, std::string_view message, int retry_after_seconds) {
  std::string out;
  if (grpc_code != 0)
    PutVarintField(&out, 1, static_cast<uint64_t>(static_cast<int64_t>(grpc_code)));
  if (!message.empty()) PutLenField(&out, 2, message);
  if (retry_after_seconds > 0) {
    std::string duration;
    PutVarintField(&duration, 1, static_cast<uint64_t>(retry_after_seconds));
    std::string retry_info;
    PutLenField(&retry_info, 1, duration);
    std::string any;
    PutLenField(&any, 1, kRetryInfoType);
    PutLenField(&any, 2, retry_info);
    PutLenField(&out, 3, any);
  }
  return out;
}

std::string EncodeStatusJson(int grpc_code, std::string_view message) {
  std::string out = fmt::format("{{\"code\":{},\"message\":", grpc_code);
  core::AppendJsonString(&out, message);
  out.push_back('}');
  return out;
}

}  // namespace waggle::ingest::otlp
