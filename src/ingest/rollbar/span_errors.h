// File: ingest/rollbar/span_errors.h
//
// Errors from every signal: the exception events of spans (OTLP's
// `exception` events, and X-Ray's cause.exceptions, which the X-Ray
// decoder stores the same way) as Rollbar occurrences. Each becomes the
// `data` object a Rollbar SDK would have sent: a `trace` body with the
// exception's class and message and the frames parsed from its stack
// trace (Python, JavaScript/X-Ray and Java forms; a `message` body when no
// frame is recognized), the span's trace and span ids in `custom` (so the
// occurrence links to its trace), and a uuid derived from the trace, span
// and event, so a retried export adds nothing. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/event_batch.h"

namespace waggle::ingest::rollbar {

// Most occurrences taken from one batch (the rest are not turned into
// errors; their spans are stored as usual).
inline constexpr size_t kMaxSpanErrorsPerBatch = 100;

// True if some span of `batch` has an `exception` event (cheap; the hot
// path asks this first).
bool HasSpanErrors(const model::EventBatch& batch);

// One Rollbar `data` JSON object per exception event of `batch`'s spans,
// at most kMaxSpanErrorsPerBatch. `environment` is used when the span's
// resource names no deployment.environment(.name); `source` ("otlp",
// "xray") is recorded in custom.source.
std::vector<std::string> SpanErrorOccurrences(const model::EventBatch& batch,
                                              std::string_view environment,
                                              std::string_view source);

// A stack-trace frame as Rollbar stores it.
struct StackFrame {
  std::string filename;
  int64_t lineno = 0;
  std::string method;
};

// Frames parsed from a stack trace's text, oldest call first (as Rollbar
// orders them): Python tracebacks ('File "f.py", line 3, in fn'),
// JavaScript and X-Ray ('at fn (file.js:3:7)', 'at file.js:3:7') and Java
// ('at pkg.Cls.fn(Cls.java:3)'). Unrecognized lines are skipped.
std::vector<StackFrame> ParseStackFrames(std::string_view stacktrace);

}  // namespace waggle::ingest::rollbar
