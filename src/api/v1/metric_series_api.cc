#include "api/v1/metric_series_api.h"

#include <fmt/format.h>

#include "api/cloudwatch/metric_series.h"
#include "api/common/http_errors.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "meta/metric_filters_table.h"

namespace waggle::api::v1 {
namespace {

using net::http::Request;
using net::http::Response;

constexpr int64_t kMaxPoints = 10'000;

// The optional positive integer parameter `name`, else `fallback`.
absl::StatusOr<int64_t> IntParam(const Request& req, std::string_view name, int64_t fallback) {
  std::string raw = req.QueryParam(name);
  if (raw.empty()) return fallback;
  int64_t v = 0;
  if (!core::ParseNumber(raw, &v) || v <= 0) {
    return absl::InvalidArgumentError(fmt::format("{} must be a positive number of seconds", name));
  }
  return v;
}

}  // namespace

void MetricSeriesApi::AddRoutes(net::http::Router& router) {
  router.Add("GET", "/api/v1/metric_filters/series", [this](const Request& r) { return Get(r); });
}

Response MetricSeriesApi::Get(const Request& req) const {
  absl::StatusOr<Principal> who = principals_.Resolve(
      req.Header("x-honeycomb-team"), req.Header("authorization"), auth::Scope::kRead);
  if (!who.ok()) return JsonError(who.status());
  std::string group = req.QueryParam("log_group"), name = req.QueryParam("filter");
  if (group.empty() || name.empty()) {
    return JsonError(absl::InvalidArgumentError("log_group and filter are required"));
  }
  absl::StatusOr<int64_t> range = IntParam(req, "range", 3600);
  absl::StatusOr<int64_t> period = IntParam(req, "period", 60);
  const int64_t now_s = core::SystemClock::Get().NowNanos() / 1'000'000'000;
  absl::StatusOr<int64_t> end = IntParam(req, "end", now_s + 1);
  if (!range.ok() || !period.ok() || !end.ok()) {
    return JsonError(!range.ok() ? range.status() : !period.ok() ? period.status() : end.status());
  }
  absl::StatusOr<int64_t> start = IntParam(req, "start", *end - *range);
  if (!start.ok()) return JsonError(start.status());
  if (*end <= *start || (*end - *start) / *period > kMaxPoints) {
    return JsonError(absl::InvalidArgumentError(
        fmt::format("the window must be positive and hold at most {} periods", kMaxPoints)));
  }
  std::optional<meta::MetricFilterRow> filter;
  absl::Status s = meta_.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(filter, meta::FindMetricFilter(c, who->environment, group, name));
    return absl::OkStatus();
  });
  if (!s.ok()) return JsonError(s);
  if (!filter) return JsonError(absl::NotFoundError("no such metric filter in this log group"));
  auto pattern = lang::cw::FilterPattern::Parse(filter->pattern);
  auto t = cloudwatch::ParseStoredTransformations(filter->transformations_json);
  if (!pattern.ok() || !t.ok()) return JsonError(absl::DataLossError("bad stored metric filter"));
  auto points = cloudwatch::ComputeMetricSeries(store_.Snapshot(), who->environment, group,
                                                *pattern, *t, *start, *end, *period);
  if (!points.ok()) return JsonError(points.status());
  core::JsonWriter w;
  w.BeginObject().Key("log_group").String(group).Key("filter").String(name);
  w.Key("metric_name").String(t->metric_name).Key("metric_namespace").String(t->metric_namespace);
  w.Key("unit").String(t->unit.empty() ? "None" : t->unit);
  w.Key("start").Int(*start).Key("end").Int(*end).Key("period").Int(*period);
  w.Key("points").BeginArray();
  for (const cloudwatch::MetricPoint& p : *points) {
    w.BeginObject().Key("time").Int(p.start_s).Key("value").Double(p.value);
    w.Key("matches").Int(p.matches).Key("events").Int(p.events).EndObject();
  }
  w.EndArray().EndObject();
  return JsonOk(w.Release());
}

}  // namespace waggle::api::v1
