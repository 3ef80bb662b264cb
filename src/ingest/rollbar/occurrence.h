// One Rollbar occurrence, read out of a payload's `data` object
// (specs/rollbar.md §1.3): the fields grouping, titles, the items table and
// the stored row need, copied out of the JSON document. Pure functions;
// thread-safe.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "model/ids.h"

namespace waggle::ingest::rollbar {

// Bounds applied while reading (more frames or chained traces are ignored).
inline constexpr size_t kMaxFramesPerTrace = 1000;
inline constexpr size_t kMaxChainedTraces = 50;
inline constexpr size_t kMaxEnvironmentLength = 255;

enum class BodyKind { kTrace, kTraceChain, kMessage, kCrashReport };

// "trace", "trace_chain", "message" or "crash_report".
std::string_view BodyKindName(BodyKind kind);

struct Frame {
  std::string filename;
  std::string method;
  int64_t lineno = 0;  // 0 = unknown
  int64_t colno = 0;
};

struct Trace {
  std::string exception_class;
  std::string exception_message;
  std::string description;
  std::vector<Frame> frames;  // most recent call last
};

struct Occurrence {
  BodyKind kind = BodyKind::kMessage;
  std::vector<Trace> traces;  // one for kTrace; the chain (raised first) for kTraceChain
  std::string message;        // body.message.body
  std::string crash_raw;      // body.crash_report.raw
  std::string environment;
  std::string level;        // one of the five level names; "" when the payload has none
  std::string title;        // data.title, "" if absent
  std::string fingerprint;  // data.fingerprint as sent, "" if absent
  std::string uuid;         // data.uuid, "" if absent
  std::string code_version;
  std::string platform, language, framework, context;
  std::string person_id, person_username, person_email;
  std::string user_ip;
  std::string request_url, request_method;
  std::string server_host, server_root;
  std::string notifier;
  double client_timestamp = 0;  // data.timestamp (unix seconds), 0 if absent
  model::TraceId trace_id{};    // all zero when the payload carries none
  model::SpanId span_id{};
};

// Reads `data`. InvalidArgument if it is not an object; FailedPrecondition
// (HTTP 422) when it is valid JSON but not a valid item: no environment or
// one longer than 255 bytes, a body without exactly one of trace,
// trace_chain, message, crash_report, a trace without frames or exception
// class, or an unknown level.
absl::StatusOr<Occurrence> ParseOccurrence(simdjson::dom::element data);

// Numeric rank of a level name (debug 10 ... critical 50); 0 if unknown.
int LevelRank(std::string_view level);
// The level name of a rank from LevelRank; "error" for unknown ranks.
std::string_view LevelName(int rank);
// The occurrence's level, or the default for its kind when it has none
// (error for exceptions and crash reports, info for messages).
std::string_view EffectiveLevel(const Occurrence& occurrence);

}  // namespace waggle::ingest::rollbar
