#include "api/v1/service_map_api.h"

#include "api/common/http_errors.h"
#include "api/xray/service_graph.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "core/strings.h"

namespace waggle::api::v1 {
namespace {

using net::http::Request;
using net::http::Response;

// Traces read per map, the most recent of the window first.
constexpr size_t kMaxMapTraces = 10'000;
constexpr double kDefaultRangeS = 3600;
constexpr double kMaxRangeS = 31 * 86400;

// The optional non-negative number parameter `name`, else `fallback`.
absl::StatusOr<double> Seconds(const Request& req, std::string_view name, double fallback) {
  std::string raw = req.QueryParam(name);
  if (raw.empty()) return fallback;
  double v = 0;
  if (!core::ParseNumber(raw, &v) || !(v >= 0)) {
    return absl::InvalidArgumentError(fmt::format("{} must be a number of seconds", name));
  }
  return v;
}

// The window [start, end] in epoch seconds: start/end, else the last
// `range` seconds (default an hour).
absl::Status Window(const Request& req, double* start, double* end) {
  double now = static_cast<double>(core::SystemClock::Get().NowNanos()) / 1e9;
  ASSIGN_OR_RETURN(double range, Seconds(req, "range", kDefaultRangeS));
  ASSIGN_OR_RETURN(*end, Seconds(req, "end", now));
  ASSIGN_OR_RETURN(*start, Seconds(req, "start", *end - range));
  if (*end < *start) return absl::InvalidArgumentError("end must not be before start");
  if (*end - *start > kMaxRangeS)
    return absl::InvalidArgumentError("the window is at most 31 days");
  return absl::OkStatus();
}

}  // namespace

void ServiceMapApi::AddRoutes(net::http::Router& router) {
  router.Add("GET", "/api/v1/service_map", [this](const Request& r) { return Get(r); });
}

Response ServiceMapApi::Get(const Request& req) const {
  absl::StatusOr<Principal> who = principals_.Resolve(
      req.Header("x-honeycomb-team"), req.Header("authorization"), auth::Scope::kRead);
  if (!who.ok()) return JsonError(who.status());
  double start = 0, end = 0;
  if (absl::Status s = Window(req, &start, &end); !s.ok()) return JsonError(s);
  xray::ServiceGraph graph;
  absl::StatusOr<size_t> read = xray::BuildServiceGraph(
      store_.Snapshot(), who->environment, static_cast<int64_t>(start * 1e9),
      static_cast<int64_t>(end * 1e9) + 1, lang::xray::FilterExpression(), kMaxMapTraces, &graph);
  if (!read.ok()) return JsonError(read.status());
  core::JsonWriter w;
  w.BeginObject().Key("start").Double(start).Key("end").Double(end);
  w.Key("traces").Int(static_cast<int64_t>(*read));
  graph.WriteMap(w);
  w.EndObject();
  return JsonOk(w.Release());
}

}  // namespace waggle::api::v1
