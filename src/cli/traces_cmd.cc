#include "cli/traces_cmd.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cstdio>
#include <map>

#include "cli/http_client.h"
#include "core/strings.h"

namespace waggle::cli {
namespace {

struct SpanLine {
  std::string id, parent, name, service;
  double start_ms = 0, duration_ms = 0;
  bool error = false;
};

int Fail(std::string_view message) {
  fmt::print(stderr, "waggle: {}\n", message);
  return 1;
}

absl::StatusOr<std::string> Fetch(const TracesFlags& flags, const std::string& target) {
  ASSIGN_OR_RETURN(HttpResult r, HttpGet(flags.server, target, flags.key));
  if (r.status != 200) {
    return absl::UnknownError(fmt::format("the server answered {}: {}", r.status, r.body));
  }
  return r.body;
}

std::string_view Str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get(v) != simdjson::SUCCESS) return {};
  return v;
}

double Num(simdjson::dom::element e, const char* key) {
  double d = 0;
  if (e[key].get(d) == simdjson::SUCCESS) return d;
  int64_t i = 0;
  if (e[key].get(i) == simdjson::SUCCESS) return static_cast<double>(i);
  std::string_view s = Str(e, key);
  return s.empty() ? 0 : std::strtod(std::string(s).c_str(), nullptr);
}

std::string ServiceOf(simdjson::dom::element span) {
  for (simdjson::dom::element kv : span["resource"]["attributes"].get_array()) {
    if (Str(kv, "key") == "service.name") return std::string(Str(kv["value"], "stringValue"));
  }
  return std::string(Str(span, "dataset"));
}

void PrintWaterfall(const std::vector<SpanLine>& spans) {
  std::map<std::string, int> depth;
  double t0 = spans.empty() ? 0 : spans[0].start_ms;
  double total = 0;
  for (const SpanLine& s : spans) {
    t0 = std::min(t0, s.start_ms);
    total = std::max(total, s.start_ms + s.duration_ms);
  }
  total -= t0;
  constexpr int kBarWidth = 30;
  for (const SpanLine& s : spans) {
    auto parent = depth.find(s.parent);
    int d = parent == depth.end() ? 0 : parent->second + 1;
    depth[s.id] = d;
    int from = total > 0 ? static_cast<int>((s.start_ms - t0) / total * kBarWidth) : 0;
    int len = total > 0 ? std::max(1, static_cast<int>(s.duration_ms / total * kBarWidth)) : 1;
    std::string bar(std::min(from, kBarWidth), ' ');
    bar.append(std::min(len, kBarWidth - std::min(from, kBarWidth - 1)), '=');
    fmt::print("{}{}  {}  {:.3f} ms{}  |{:<30}|\n", std::string(2 * d, ' '), s.service, s.name,
               s.duration_ms, s.error ? "  ERROR" : "", bar);
  }
}

}  // namespace

int RunTracesGet(const TracesFlags& flags, const std::string& trace_id) {
  absl::StatusOr<std::string> body = Fetch(flags, "/api/v1/traces/" + trace_id);
  if (!body.ok()) return Fail(core::ToStd(body.status().message()));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(*body).get(doc) != simdjson::SUCCESS)
    return Fail("the server sent invalid JSON");
  std::vector<SpanLine> spans;
  for (simdjson::dom::element span : doc["spans"].get_array()) {
    SpanLine line;
    line.id = Str(span, "span_id");
    line.parent = Str(span, "parent_span_id");
    line.name = Str(span, "name");
    line.service = ServiceOf(span);
    line.start_ms = Num(span, "start_time_unix_nano") / 1e6;
    line.duration_ms = Num(span, "duration_ms");
    line.error = Num(span["status"], "code") == 2;
    spans.push_back(std::move(line));
  }
  fmt::print("trace {}  ({} spans)\n", trace_id, spans.size());
  PrintWaterfall(spans);
  return 0;
}

int RunTracesRecent(const TracesFlags& flags) {
  std::string target = fmt::format("/api/v1/traces?limit={}", flags.limit);
  if (!flags.dataset.empty()) target += "&dataset=" + core::PercentEncode(flags.dataset, false);
  absl::StatusOr<std::string> body = Fetch(flags, target);
  if (!body.ok()) return Fail(core::ToStd(body.status().message()));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(*body).get(doc) != simdjson::SUCCESS)
    return Fail("the server sent invalid JSON");
  fmt::print("{:<32}  {:<20}  {:<36}  {:>10}  {:>5}  {}\n", "TRACE", "SERVICE", "ROOT", "DURATION",
             "SPANS", "ERROR");
  for (simdjson::dom::element t : doc["traces"].get_array()) {
    fmt::print("{:<32}  {:<20}  {:<36}  {:>7.1f} ms  {:>5}  {}\n", Str(t, "trace_id"),
               Str(t, "root_service"), Str(t, "root_name"), Num(t, "duration_ms"),
               static_cast<int64_t>(Num(t, "span_count")),
               t["error"].get_bool().value_unsafe() ? "yes" : "");
  }
  return 0;
}

}  // namespace waggle::cli
