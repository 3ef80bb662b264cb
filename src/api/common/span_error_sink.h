// File: api/common/span_error_sink.h
//
// Where the span front ends (OTLP, X-Ray) hand the spans they have just
// stored, so the exception events among them become error occurrences
// (api/rollbar). Called after the batch is durable and before the client
// is answered; the sink's own failures do not fail the export.
#pragma once

#include <string_view>

#include "model/event_batch.h"

namespace waggle::api {

class SpanErrorSink {
 public:
  virtual ~SpanErrorSink() = default;
  // Records the errors of `batch`, stored for `environment` by `source`
  // ("otlp", "xray"). Must be thread-safe.
  virtual void OnSpansStored(std::string_view environment, std::string_view source,
                             const model::EventBatch& batch) = 0;
};

}  // namespace waggle::api
