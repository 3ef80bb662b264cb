// OTLP request decoding: Export{Trace,Logs,Metrics}ServiceRequest bodies,
// protobuf or JSON, straight into a model::EventBatch (specs/otlp.md §3-4).
//
// Example:
//   model::EventBatch batch;
//   ASSIGN_OR_RETURN(DecodeResult r, DecodeTracesProto(body, &batch));
//   // r.rejected spans were dropped; answer a partial success if non-zero.
//
// Malformed input (bad wire format, bad JSON, wrong JSON types, nesting too
// deep) gives InvalidArgument whose message names the failing field path;
// on error the batch holds an unspecified partial decode and should be
// Clear()ed. Invalid items (bad span ids) are not errors: they are dropped
// and counted in DecodeResult. The decoders never crash on any input.
//
// Ownership: protobuf strings and bytes stay views into `body`, so the batch
// must not outlive it; JSON strings and array/kvlist JSON text live in
// batch->arena. Items are appended: a batch may collect several requests.
// All functions are thread-safe for distinct batches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "model/event_batch.h"

namespace waggle::ingest::otlp {

struct DecodeOptions {
  // String values (attributes and log bodies) longer than this are cut at a
  // UTF-8 boundary and counted in DecodeResult::truncated_values.
  size_t max_value_bytes = 64 * 1024;
  // Deepest AnyValue array/kvlist nesting accepted (a scalar is depth 1).
  int max_depth = 32;
};

struct DecodeResult {
  uint64_t accepted = 0;          // items appended to the batch
  uint64_t rejected = 0;          // items dropped as invalid
  uint64_t truncated_values = 0;  // string values cut to max_value_bytes
  std::string error_message;      // English reason for the first rejection
};

// Decodes an ExportTraceServiceRequest in protobuf form into batch->spans.
absl::StatusOr<DecodeResult> DecodeTracesProto(std::string_view body, model::EventBatch* batch,
                                               const DecodeOptions& options = {});
// Decodes an ExportLogsServiceRequest in protobuf form into batch->logs.
absl::StatusOr<DecodeResult> DecodeLogsProto(std::string_view body, model::EventBatch* batch,
                                             const DecodeOptions& options = {});
// Decodes an ExportTraceServiceRequest in OTLP/JSON form into batch->spans.
absl::StatusOr<DecodeResult> DecodeTracesJson(std::string_view body, model::EventBatch* batch,
                                              const DecodeOptions& options = {});
// Decodes an ExportLogsServiceRequest in OTLP/JSON form into batch->logs.
absl::StatusOr<DecodeResult> DecodeLogsJson(std::string_view body, model::EventBatch* batch,
                                            const DecodeOptions& options = {});

// Metrics are not stored yet: these walk an ExportMetricsServiceRequest and
// return how many data points it carries (for rejected_data_points), or
// InvalidArgument if it is malformed.
absl::StatusOr<uint64_t> CountMetricDataPointsProto(std::string_view body);
absl::StatusOr<uint64_t> CountMetricDataPointsJson(std::string_view body);

}  // namespace waggle::ingest::otlp
