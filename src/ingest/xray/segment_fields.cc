#include "ingest/xray/segment_fields.h"

#include <fmt/format.h>

#include <string>

namespace waggle::ingest::xray::internal {
namespace {

constexpr int kMaxFlattenDepth = 4;
constexpr size_t kMaxExceptions = 64;
constexpr size_t kMaxStackFrames = 256;

std::string_view Str(Json v) {
  std::string_view s;
  return v.get_string().get(s) ? std::string_view() : s;
}

bool Bool(Json v) {
  bool b = false;
  return v.get_bool().get(b) ? false : b;
}

// Scalars as typed values; nested objects and arrays as JSON text.
void AddScalarOrJson(AttrSink& sink, std::string_view key, Json v) { sink.AddJson(key, v); }

// Flattens object `obj` into `prefix.key` attributes, nested objects
// recursively (bounded), arrays as JSON.
void Flatten(AttrSink& sink, std::string prefix, Json obj, int depth) {
  simdjson::dom::object o;
  if (obj.get_object().get(o)) return;
  for (auto [k, v] : o) {
    std::string key = prefix + "." + std::string(k);
    if (v.is_object() && depth < kMaxFlattenDepth) {
      Flatten(sink, key, v, depth + 1);
    } else {
      AddScalarOrJson(sink, sink.Copy(key), v);
    }
  }
}

void AddHttp(Json http, AttrSink& sink) {
  if (Json req; !http["request"].get(req)) {
    if (Json v; !req["method"].get(v)) sink.AddString("http.request.method", Str(v));
    if (Json v; !req["url"].get(v)) sink.AddString("url.full", Str(v));
    if (Json v; !req["user_agent"].get(v)) sink.AddString("user_agent.original", Str(v));
    if (Json v; !req["client_ip"].get(v)) sink.AddString("client.address", Str(v));
    if (Json v; !req["x_forwarded_for"].get(v)) sink.AddJson("xray.http.x_forwarded_for", v);
    if (Json v; !req["traced"].get(v)) sink.AddJson("xray.http.traced", v);
  }
  if (Json resp; !http["response"].get(resp)) {
    if (Json v; !resp["status"].get(v)) sink.AddJson("http.response.status_code", v);
    if (Json v; !resp["content_length"].get(v)) sink.AddJson("http.response.body.size", v);
  }
}

void AddSql(Json sql, AttrSink& sink) {
  Flatten(sink, "sql", sql, 1);
  if (Json v; !sql["database_type"].get(v)) sink.AddString("db.system", Str(v));
  if (Json v; !sql["sanitized_query"].get(v)) sink.AddString("db.statement", Str(v));
  if (Json v; !sql["user"].get(v)) sink.AddString("db.user", Str(v));
}

void AddAnnotations(Json annotations, AttrSink& sink) {
  simdjson::dom::object o;
  if (annotations.get_object().get(o)) return;
  for (auto [k, v] : o) {
    if (v.is_object() || v.is_array() || v.is_null()) continue;  // not a valid annotation
    sink.AddJson(sink.Copy("annotation." + std::string(k)), v);
  }
}

std::string StackText(Json stack) {
  std::string out;
  simdjson::dom::array frames;
  if (stack.get_array().get(frames)) return out;
  size_t n = 0;
  for (Json f : frames) {
    if (++n > kMaxStackFrames) break;
    int64_t line = 0;
    if (Json v; !f["line"].get(v) && v.get_int64().get(line)) line = 0;
    Json label, path;
    std::string_view l = f["label"].get(label) ? "" : Str(label);
    std::string_view p = f["path"].get(path) ? "" : Str(path);
    fmt::format_to(std::back_inserter(out), "  at {} ({}:{})\n", l, p, line);
  }
  return out;
}

}  // namespace

void AttrSink::AddString(std::string_view key, std::string_view value) {
  if (!value.empty()) Add(key, model::Value::String(Copy(value)));
}

void AttrSink::AddPrefixed(std::string_view prefix, std::string_view name, model::Value value) {
  std::string key(prefix);
  key.append(name);
  Add(Copy(key), value);
}

void AttrSink::AddJson(std::string_view key, Json v) {
  switch (v.type()) {
    case simdjson::dom::element_type::STRING:
      Add(key, model::Value::String(Copy(Str(v))));
      return;
    case simdjson::dom::element_type::INT64:
      Add(key, model::Value::Int(v.get_int64().value_unsafe()));
      return;
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE:
      Add(key, model::Value::Double(v.get_double().value_unsafe()));
      return;
    case simdjson::dom::element_type::BOOL:
      Add(key, model::Value::Bool(v.get_bool().value_unsafe()));
      return;
    case simdjson::dom::element_type::NULL_VALUE:
      return;
    case simdjson::dom::element_type::ARRAY:
      Add(key, model::Value::Array(Copy(simdjson::minify(v))));
      return;
    case simdjson::dom::element_type::OBJECT:
      Add(key, model::Value::Kvlist(Copy(simdjson::minify(v))));
      return;
  }
}

void AddEntityMember(std::string_view key, Json value, AttrSink& sink, EntityFlags* flags) {
  if (key == "namespace") {
    flags->ns = Str(value);
    sink.AddString("xray.namespace", flags->ns);
  } else if (key == "origin") {
    sink.AddString("xray.origin", Str(value));
  } else if (key == "user") {
    sink.AddString("xray.user", Str(value));
    sink.AddString("enduser.id", Str(value));
  } else if (key == "error" || key == "fault" || key == "throttle") {
    bool b = Bool(value);
    if (key == "error") flags->error = b;
    if (key == "fault") flags->fault = b;
    if (key == "throttle") flags->throttle = b;
    if (b) sink.AddPrefixed("xray.", key, model::Value::Bool(true));
  } else if (key == "http") {
    AddHttp(value, sink);
  } else if (key == "aws") {
    Flatten(sink, "aws", value, 1);
  } else if (key == "sql") {
    AddSql(value, sink);
  } else if (key == "annotations") {
    AddAnnotations(value, sink);
  } else if (key == "metadata") {
    sink.AddJson("xray.metadata", value);
  } else if (key == "precursor_ids") {
    sink.AddJson("xray.precursor_ids", value);
  } else if (key == "service") {
    sink.AddJson("xray.service", value);
  } else if (key == "resource_arn") {
    sink.AddString("xray.resource_arn", Str(value));
  } else if (key == "inferred") {
    if (Bool(value)) sink.Add("xray.inferred", model::Value::Bool(true));
  } else if (key == "cause") {
    if (value.is_string()) sink.AddString("xray.cause.exception_id", Str(value));
    if (Json wd; !value["working_directory"].get(wd)) {
      sink.AddString("xray.cause.working_directory", Str(wd));
    }
  }
}

void AppendExceptionEvents(Json cause, int64_t time_ns, model::EventBatch* batch,
                           model::Range* events, EntityFlags* flags) {
  simdjson::dom::array exceptions;
  if (!cause.is_object() || cause["exceptions"].get_array().get(exceptions)) return;
  events->begin = static_cast<uint32_t>(batch->span_events.size());
  size_t n = 0;
  for (Json e : exceptions) {
    if (!e.is_object()) continue;
    if (++n > kMaxExceptions) break;
    AttrSink sink(batch);
    model::SpanEvent event;
    event.time_ns = time_ns;
    event.name = "exception";
    event.attributes.begin = static_cast<uint32_t>(batch->attributes.size());
    if (Json v; !e["type"].get(v)) sink.AddString("exception.type", Str(v));
    if (Json v; !e["message"].get(v)) {
      sink.AddString("exception.message", Str(v));
      if (flags->first_exception_message.empty()) {
        flags->first_exception_message = sink.Copy(Str(v));
      }
    }
    if (Json v; !e["stack"].get(v)) sink.AddString("exception.stacktrace", StackText(v));
    if (Json v; !e["id"].get(v)) sink.AddString("xray.exception.id", Str(v));
    if (Json v; !e["remote"].get(v)) sink.AddJson("xray.exception.remote", v);
    if (Json v; !e["cause"].get(v)) sink.AddString("xray.exception.cause", Str(v));
    event.attributes.end = static_cast<uint32_t>(batch->attributes.size());
    batch->span_events.push_back(event);
  }
  events->end = static_cast<uint32_t>(batch->span_events.size());
}

}  // namespace waggle::ingest::xray::internal
