// OTLP responses: Export*ServiceResponse bodies (success and partial
// success) and google.rpc.Status error bodies, in protobuf or JSON
// (specs/otlp.md §1, §3.1, §4 rule 7). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace waggle::ingest::otlp {

enum class Signal { kTraces, kLogs, kMetrics };

// Export<Signal>ServiceResponse. Empty (zero bytes / "{}") when `rejected`
// is 0 and `message` is empty; otherwise partial_success with
// rejected_spans / rejected_log_records / rejected_data_points and
// error_message.
std::string EncodeExportResponseProto(Signal signal, uint64_t rejected, std::string_view message);
std::string EncodeExportResponseJson(Signal signal, uint64_t rejected, std::string_view message);

// google.rpc.Status {code, message}; with a google.rpc.RetryInfo detail
// (retry_delay = retry_after_seconds) when retry_after_seconds > 0.
std::string EncodeStatusProto(int grpc_code, std::string_view message, int retry_after_seconds = 0);
// The JSON form {"code":3,"message":".."}.
std::string EncodeStatusJson(int grpc_code, std::string_view message);

}  // namespace waggle::ingest::otlp
