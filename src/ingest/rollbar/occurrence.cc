#include "ingest/rollbar/occurrence.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/strings.h"
#include "ingest/rollbar/json_view.h"

namespace waggle::ingest::rollbar {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// ---- JSON access helpers ----

// The member `key` of object `e`, or false if `e` is not an object, lacks it,
// or holds null there.
bool Member(element e, std::string_view key, element* out) {
  if (!e.is_object()) return false;
  if (e.get_object().value_unsafe().at_key(key).get(*out) != simdjson::SUCCESS) return false;
  return !out->is_null();
}

// A scalar as text: strings as themselves, numbers and booleans printed;
// "" for anything else.
std::string ScalarText(element e) {
  switch (e.type()) {
    case element_type::STRING:
      return std::string(e.get_string().value_unsafe());
    case element_type::INT64:
      return std::to_string(e.get_int64().value_unsafe());
    case element_type::UINT64:
      return std::to_string(e.get_uint64().value_unsafe());
    case element_type::DOUBLE:
      return fmt::format("{}", e.get_double().value_unsafe());
    case element_type::BOOL:
      return e.get_bool().value_unsafe() ? "true" : "false";
    default:
      return "";
  }
}

std::string Text(element e, std::string_view key) {
  element v;
  return Member(e, key, &v) ? ScalarText(v) : "";
}

// The member of `e` whose key equals `key` ignoring ASCII case.
bool MemberNoCase(element e, std::string_view key, element* out) {
  if (!e.is_object()) return false;
  for (auto field : AsObject(e)) {
    std::string_view k = field.key;
    if (k.size() == key.size() && std::equal(k.begin(), k.end(), key.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      *out = field.value;
      return true;
    }
  }
  return false;
}

int64_t IntOf(element e, std::string_view key) {
  element v;
  if (!Member(e, key, &v)) return 0;
  if (v.is_int64()) return v.get_int64().value_unsafe();
  if (v.is_double()) return static_cast<int64_t>(v.get_double().value_unsafe());
  return 0;
}

absl::Status Invalid(std::string_view message) {
  return absl::FailedPreconditionError(std::string(message));
}

// ---- body ----

absl::StatusOr<Trace> ParseTrace(element t, std::string_view where) {
  Trace trace;
  element exc, frames;
  if (!Member(t, "exception", &exc) || !exc.is_object()) {
    return Invalid(fmt::format("{}.exception must be an object", where));
  }
  element cls;
  if (!Member(exc, "class", &cls) || !cls.is_string()) {
    return Invalid(fmt::format("{}.exception.class must be a string", where));
  }
  trace.exception_class = std::string(cls.get_string().value_unsafe());
  trace.exception_message = Text(exc, "message");
  trace.description = Text(exc, "description");
  if (!Member(t, "frames", &frames) || !frames.is_array()) {
    return Invalid(fmt::format("{}.frames must be an array", where));
  }
  for (element f : AsArray(frames)) {
    if (trace.frames.size() >= kMaxFramesPerTrace) break;
    if (!f.is_object()) return Invalid(fmt::format("{}.frames[] must be objects", where));
    Frame frame;
    frame.filename = Text(f, "filename");
    frame.method = Text(f, "method");
    frame.lineno = IntOf(f, "lineno");
    frame.colno = IntOf(f, "colno");
    trace.frames.push_back(std::move(frame));
  }
  return trace;
}

absl::Status ParseBody(element body, Occurrence* occ) {
  int kinds = 0;
  element v;
  if (Member(body, "trace", &v)) {
    ++kinds;
    occ->kind = BodyKind::kTrace;
    ASSIGN_OR_RETURN(Trace t, ParseTrace(v, "body.trace"));
    occ->traces.push_back(std::move(t));
  }
  if (Member(body, "trace_chain", &v)) {
    ++kinds;
    occ->kind = BodyKind::kTraceChain;
    if (!v.is_array() || v.get_array().value_unsafe().size() == 0) {
      return Invalid("body.trace_chain must be a non-empty array");
    }
    for (element t : AsArray(v)) {
      if (occ->traces.size() >= kMaxChainedTraces) break;
      ASSIGN_OR_RETURN(Trace trace, ParseTrace(t, "body.trace_chain[]"));
      occ->traces.push_back(std::move(trace));
    }
  }
  if (Member(body, "message", &v)) {
    ++kinds;
    occ->kind = BodyKind::kMessage;
    element text;
    if (!Member(v, "body", &text) || !text.is_string()) {
      return Invalid("body.message.body must be a string");
    }
    occ->message = std::string(text.get_string().value_unsafe());
  }
  if (Member(body, "crash_report", &v)) {
    ++kinds;
    occ->kind = BodyKind::kCrashReport;
    occ->crash_raw = Text(v, "raw");
  }
  if (kinds != 1) {
    return Invalid("data.body must hold exactly one of trace, trace_chain, message, crash_report");
  }
  return absl::OkStatus();
}

// ---- trace links ----

void TraceFromTraceparent(std::string_view tp, Occurrence* occ) {
  // version-traceid-spanid-flags
  if (tp.size() < 55 || tp[2] != '-' || tp[35] != '-') return;
  if (auto id = model::IdFromHex<16>(tp.substr(3, 32))) occ->trace_id = *id;
  if (auto span = model::IdFromHex<8>(tp.substr(36, 16))) occ->span_id = *span;
}

void TraceFromAmzn(std::string_view header, Occurrence* occ) {
  // Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1
  size_t root = header.find("Root=1-");
  if (root == std::string_view::npos || header.size() < root + 7 + 33) return;
  std::string hex(header.substr(root + 7, 8));
  hex.append(header.substr(root + 16, 24));
  if (header[root + 15] != '-') return;
  if (auto id = model::IdFromHex<16>(hex)) occ->trace_id = *id;
  size_t parent = header.find("Parent=");
  if (parent != std::string_view::npos && header.size() >= parent + 7 + 16) {
    if (auto span = model::IdFromHex<8>(header.substr(parent + 7, 16))) occ->span_id = *span;
  }
}

void TraceFromObject(element obj, Occurrence* occ) {
  for (std::string_view key : {"trace_id", "traceId", "trace.trace_id"}) {
    if (auto id = model::IdFromHex<16>(Text(obj, key))) occ->trace_id = *id;
  }
  for (std::string_view key : {"span_id", "spanId", "trace.span_id"}) {
    if (auto id = model::IdFromHex<8>(Text(obj, key))) occ->span_id = *id;
  }
}

// Looks for a trace id in custom data, OTel-style attributes and the
// request's tracing headers (the header wins: it is what the request carried).
void FindTraceLink(element data, Occurrence* occ) {
  element v;
  if (Member(data, "custom", &v)) TraceFromObject(v, occ);
  if (Member(data, "attributes", &v) && v.is_array()) {
    for (element a : AsArray(v)) {
      std::string key = Text(a, "key");
      if (key == "trace_id" || key == "trace.id" || key == "span_id" || key == "span.id") {
        element value;
        if (!Member(a, "value", &value) || !value.is_string()) continue;
        std::string_view s = value.get_string().value_unsafe();
        if (key[0] == 't') {
          if (auto id = model::IdFromHex<16>(s)) occ->trace_id = *id;
        } else if (auto id = model::IdFromHex<8>(s)) {
          occ->span_id = *id;
        }
      }
    }
  }
  element request, headers, h;
  if (Member(data, "request", &request) && Member(request, "headers", &headers)) {
    if (MemberNoCase(headers, "traceparent", &h) && h.is_string()) {
      TraceFromTraceparent(h.get_string().value_unsafe(), occ);
    }
    if (MemberNoCase(headers, "x-amzn-trace-id", &h) && h.is_string()) {
      TraceFromAmzn(h.get_string().value_unsafe(), occ);
    }
  }
}

// ---- everything else ----

std::string CodeVersion(element data) {
  std::string v = Text(data, "code_version");
  element server, client;
  if (v.empty() && Member(data, "server", &server)) v = Text(server, "code_version");
  if (v.empty() && Member(data, "client", &client) && client.is_object()) {
    for (auto field : AsObject(client)) {
      v = Text(field.value, "code_version");
      if (!v.empty()) break;
    }
  }
  return v;
}

absl::Status ParseLevel(element data, Occurrence* occ) {
  element v;
  if (!Member(data, "level", &v)) return absl::OkStatus();
  std::string level = core::AsciiLower(ScalarText(v));
  if (level == "warn") level = "warning";
  if (LevelRank(level) == 0) {
    return Invalid("data.level must be one of critical, error, warning, info, debug");
  }
  occ->level = std::move(level);
  return absl::OkStatus();
}

void ParseContextFields(element data, Occurrence* occ) {
  element v;
  occ->title = Text(data, "title");
  occ->fingerprint = Text(data, "fingerprint");
  occ->uuid = Text(data, "uuid");
  occ->code_version = CodeVersion(data);
  occ->platform = Text(data, "platform");
  occ->language = Text(data, "language");
  occ->framework = Text(data, "framework");
  occ->context = Text(data, "context");
  if (Member(data, "timestamp", &v) && (v.is_int64() || v.is_double() || v.is_uint64())) {
    occ->client_timestamp = v.get_double().value_unsafe();
  }
  if (Member(data, "person", &v)) {
    occ->person_id = Text(v, "id");
    occ->person_username = Text(v, "username");
    occ->person_email = Text(v, "email");
  }
  if (Member(data, "request", &v)) {
    occ->request_url = Text(v, "url");
    occ->request_method = Text(v, "method");
    occ->user_ip = Text(v, "user_ip");
  }
  if (Member(data, "server", &v)) {
    occ->server_host = Text(v, "host");
    occ->server_root = Text(v, "root");
  }
  if (Member(data, "notifier", &v)) {
    occ->notifier = Text(v, "name");
    std::string version = Text(v, "version");
    if (!version.empty()) occ->notifier += " " + version;
  }
}

}  // namespace

std::string_view BodyKindName(BodyKind kind) {
  switch (kind) {
    case BodyKind::kTrace:
      return "trace";
    case BodyKind::kTraceChain:
      return "trace_chain";
    case BodyKind::kMessage:
      return "message";
    case BodyKind::kCrashReport:
      return "crash_report";
  }
  return "message";
}

absl::StatusOr<Occurrence> ParseOccurrence(element data) {
  if (!data.is_object()) return absl::InvalidArgumentError("'data' must be a JSON object");
  Occurrence occ;
  element env, body;
  if (!Member(data, "environment", &env) || !env.is_string() ||
      env.get_string().value_unsafe().empty()) {
    return Invalid("data.environment is required (a non-empty string)");
  }
  occ.environment = std::string(env.get_string().value_unsafe());
  if (occ.environment.size() > kMaxEnvironmentLength) {
    return Invalid("data.environment is longer than 255 characters");
  }
  if (!Member(data, "body", &body) || !body.is_object()) {
    return Invalid("data.body is required (an object)");
  }
  RETURN_IF_ERROR(ParseBody(body, &occ));
  RETURN_IF_ERROR(ParseLevel(data, &occ));
  ParseContextFields(data, &occ);
  FindTraceLink(data, &occ);
  return occ;
}

int LevelRank(std::string_view level) {
  if (level == "debug") return 10;
  if (level == "info") return 20;
  if (level == "warning") return 30;
  if (level == "error") return 40;
  if (level == "critical") return 50;
  return 0;
}

std::string_view LevelName(int rank) {
  switch (rank) {
    case 10:
      return "debug";
    case 20:
      return "info";
    case 30:
      return "warning";
    case 50:
      return "critical";
    default:
      return "error";
  }
}

std::string_view EffectiveLevel(const Occurrence& occurrence) {
  if (!occurrence.level.empty()) return occurrence.level;
  return occurrence.kind == BodyKind::kMessage ? "info" : "error";
}

}  // namespace waggle::ingest::rollbar
