#include "ingest/rollbar/span_errors.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/hash.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "core/trim.h"
#include "model/ids.h"

namespace waggle::ingest::rollbar {
namespace {

constexpr size_t kMaxFrames = 200;

using core::TrimWhitespace;

// The string attribute `key` in `range`, or empty.
std::string_view Attr(const model::EventBatch& b, model::Range range, std::string_view key) {
  for (uint32_t i = range.begin; i < range.end; ++i) {
    const model::Attribute& a = b.attributes[i];
    if (a.key == key && a.value.kind == model::ValueKind::kString) return a.value.str;
  }
  return {};
}

// 'File "f.py", line 3, in fn'
bool ParsePythonLine(std::string_view line, StackFrame* f) {
  if (!line.starts_with("File \"")) return false;
  line.remove_prefix(6);
  size_t quote = line.find('"');
  if (quote == std::string_view::npos) return false;
  f->filename = std::string(line.substr(0, quote));
  std::string_view rest = line.substr(quote + 1);
  size_t at = rest.find("line ");
  if (at != std::string_view::npos) {
    std::string_view digits = rest.substr(at + 5);
    digits = digits.substr(0, digits.find(','));
    (void)core::ParseNumber(TrimWhitespace(digits), &f->lineno);
  }
  size_t in = rest.find(", in ");
  if (in != std::string_view::npos) f->method = std::string(TrimWhitespace(rest.substr(in + 5)));
  return true;
}

// 'file.js:3:7' or 'Cls.java:3' -> filename and line.
void SplitLocation(std::string_view loc, StackFrame* f) {
  // Up to two trailing :number parts: line[:column].
  for (int part = 0; part < 2; ++part) {
    size_t colon = loc.rfind(':');
    int64_t n = 0;
    if (colon == std::string_view::npos || !core::ParseNumber(loc.substr(colon + 1), &n)) break;
    f->lineno = n;
    loc = loc.substr(0, colon);
  }
  f->filename = std::string(loc);
}

// 'at fn (file.js:3:7)', 'at file.js:3:7', 'at pkg.Cls.fn(Cls.java:3)'
bool ParseAtLine(std::string_view line, StackFrame* f) {
  if (!line.starts_with("at ")) return false;
  line = TrimWhitespace(line.substr(3));
  size_t open = line.rfind('(');
  if (open != std::string_view::npos && line.ends_with(")")) {
    f->method = std::string(TrimWhitespace(line.substr(0, open)));
    SplitLocation(line.substr(open + 1, line.size() - open - 2), f);
  } else {
    SplitLocation(line, f);
  }
  return !f->filename.empty() || !f->method.empty();
}

// A uuid-shaped id derived from the trace, span and event index.
std::string DerivedUuid(const model::Span& span, size_t event) {
  std::string key =
      model::IdToHex(span.trace_id) + model::IdToHex(span.span_id) + std::to_string(event);
  uint64_t a = core::Hash64(key), b = core::Hash64(key, /*seed=*/1);
  std::string hex = fmt::format("{:016x}{:016x}", a, b);
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20, 12));
}

void WriteBody(std::string_view type, std::string_view message, std::string_view stack,
               core::JsonWriter& w) {
  std::vector<StackFrame> frames = ParseStackFrames(stack);
  w.Key("body").BeginObject();
  if (frames.empty() || type.empty()) {
    std::string text = type.empty() ? std::string(message) : fmt::format("{}: {}", type, message);
    w.Key("message").BeginObject().Key("body").String(text).EndObject();
  } else {
    w.Key("trace").BeginObject();
    w.Key("exception").BeginObject().Key("class").String(type).Key("message").String(message);
    w.EndObject().Key("frames").BeginArray();
    for (const StackFrame& f : frames) {
      w.BeginObject().Key("filename").String(f.filename);
      if (f.lineno > 0) w.Key("lineno").Int(f.lineno);
      if (!f.method.empty()) w.Key("method").String(f.method);
      w.EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndObject();
}

// The occurrence of exception event `e` (the `index`th event) of `span`.
std::string Occurrence(const model::EventBatch& b, const model::Span& span,
                       const model::SpanEvent& e, size_t index, std::string_view environment,
                       std::string_view source) {
  const model::Resource& res = b.resources[span.resource];
  std::string_view env = Attr(b, res.attributes, "deployment.environment.name");
  if (env.empty()) env = Attr(b, res.attributes, "deployment.environment");
  if (env.empty()) env = environment;
  std::string_view service = Attr(b, res.attributes, "service.name");
  std::string_view language = Attr(b, res.attributes, "telemetry.sdk.language");
  core::JsonWriter w;
  w.BeginObject().Key("environment").String(env).Key("level").String("error");
  w.Key("timestamp").Int((e.time_ns != 0 ? e.time_ns : span.end_ns) / 1'000'000'000);
  w.Key("uuid").String(DerivedUuid(span, index));
  w.Key("platform").String(source == "xray" ? "aws-xray" : "opentelemetry");
  if (!language.empty()) w.Key("language").String(language);
  w.Key("context").String(span.name);
  std::string_view version = Attr(b, res.attributes, "service.version");
  if (!version.empty()) w.Key("code_version").String(version);
  std::string_view host = Attr(b, res.attributes, "host.name");
  if (!host.empty()) w.Key("server").BeginObject().Key("host").String(host).EndObject();
  WriteBody(Attr(b, e.attributes, "exception.type"), Attr(b, e.attributes, "exception.message"),
            Attr(b, e.attributes, "exception.stacktrace"), w);
  w.Key("custom").BeginObject();
  w.Key("trace_id").String(model::IdToHex(span.trace_id));
  w.Key("span_id").String(model::IdToHex(span.span_id));
  w.Key("service").String(service).Key("source").String(source);
  w.EndObject();
  w.Key("notifier").BeginObject().Key("name").String("waggle-span-errors").EndObject();
  w.EndObject();
  return w.Release();
}

}  // namespace

bool HasSpanErrors(const model::EventBatch& batch) {
  return std::any_of(batch.span_events.begin(), batch.span_events.end(),
                     [](const model::SpanEvent& e) { return e.name == "exception"; });
}

std::vector<std::string> SpanErrorOccurrences(const model::EventBatch& batch,
                                              std::string_view environment,
                                              std::string_view source) {
  std::vector<std::string> out;
  for (const model::Span& span : batch.spans) {
    for (uint32_t i = span.events.begin; i < span.events.end; ++i) {
      const model::SpanEvent& e = batch.span_events[i];
      if (e.name != "exception") continue;
      if (out.size() == kMaxSpanErrorsPerBatch) return out;
      out.push_back(Occurrence(batch, span, e, i - span.events.begin, environment, source));
    }
  }
  return out;
}

std::vector<StackFrame> ParseStackFrames(std::string_view stacktrace) {
  std::vector<StackFrame> frames;
  bool python = false;
  for (std::string_view line : core::Split(stacktrace, '\n')) {
    line = TrimWhitespace(line);
    StackFrame f;
    if (ParsePythonLine(line, &f)) {
      python = true;
    } else if (!ParseAtLine(line, &f)) {
      continue;
    }
    frames.push_back(std::move(f));
    if (frames.size() == kMaxFrames) break;
  }
  // Python prints the most recent call last, as Rollbar orders frames; the
  // "at ..." forms print it first.
  if (!python) std::reverse(frames.begin(), frames.end());
  return frames;
}

}  // namespace waggle::ingest::rollbar
