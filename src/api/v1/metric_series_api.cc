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
// CloudWatch allows 100 metric filters per log group; a metric may be fed by
// filters of many groups.
constexpr int kMaxFiltersPerMetric = 1'000;

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

struct Window {
  int64_t start = 0, end = 0, period = 0;
};

// The window of `range` (default an hour) or `start`/`end`, in `period`s
// (default 60 s), in epoch seconds.
absl::StatusOr<Window> WindowOf(const Request& req) {
  Window w;
  ASSIGN_OR_RETURN(int64_t range, IntParam(req, "range", 3600));
  ASSIGN_OR_RETURN(w.period, IntParam(req, "period", 60));
  const int64_t now_s = core::SystemClock::Get().NowNanos() / 1'000'000'000;
  ASSIGN_OR_RETURN(w.end, IntParam(req, "end", now_s + 1));
  ASSIGN_OR_RETURN(w.start, IntParam(req, "start", w.end - range));
  if (w.end <= w.start || (w.end - w.start) / w.period > kMaxPoints) {
    return absl::InvalidArgumentError(
        fmt::format("the window must be positive and hold at most {} periods", kMaxPoints));
  }
  return w;
}

void WritePoints(const std::vector<cloudwatch::MetricPoint>& points, core::JsonWriter& w) {
  w.Key("points").BeginArray();
  for (const cloudwatch::MetricPoint& p : points) {
    w.BeginObject().Key("time").Int(p.start_s).Key("value").Double(p.value);
    w.Key("matches").Int(p.matches).Key("events").Int(p.events).EndObject();
  }
  w.EndArray();
}

// Adds `more` into `sum`, period by period (both in time order).
void AddPoints(const std::vector<cloudwatch::MetricPoint>& more,
               std::vector<cloudwatch::MetricPoint>& sum) {
  std::vector<cloudwatch::MetricPoint> merged;
  size_t i = 0, j = 0;
  while (i < sum.size() || j < more.size()) {
    if (j == more.size() || (i < sum.size() && sum[i].start_s < more[j].start_s)) {
      merged.push_back(sum[i++]);
    } else if (i == sum.size() || more[j].start_s < sum[i].start_s) {
      merged.push_back(more[j++]);
    } else {
      cloudwatch::MetricPoint p = sum[i++];
      p.value += more[j].value;
      p.matches += more[j].matches;
      p.events += more[j++].events;
      merged.push_back(p);
    }
  }
  sum = std::move(merged);
}

}  // namespace

void MetricSeriesApi::AddRoutes(net::http::Router& router) {
  router.Add("GET", "/api/v1/metric_filters/series", [this](const Request& r) { return Get(r); });
  router.Add("GET", "/api/v1/metrics", [this](const Request& r) { return GetMetric(r); });
}

Response MetricSeriesApi::GetMetric(const Request& req) const {
  absl::StatusOr<Principal> who = principals_.Resolve(
      req.Header("x-honeycomb-team"), req.Header("authorization"), auth::Scope::kRead);
  if (!who.ok()) return JsonError(who.status());
  std::string ns = req.QueryParam("namespace"), name = req.QueryParam("name");
  if (ns.empty() || name.empty()) {
    return JsonError(absl::InvalidArgumentError("namespace and name are required"));
  }
  absl::StatusOr<Window> window = WindowOf(req);
  if (!window.ok()) return JsonError(window.status());
  std::vector<meta::MetricFilterRow> filters;
  absl::Status s = meta_.Run([&](meta::Connection& c) -> absl::Status {
    meta::MetricFilterQuery q;
    q.metric_name = name;
    q.metric_namespace = ns;
    q.limit = kMaxFiltersPerMetric;
    ASSIGN_OR_RETURN(filters, meta::ListMetricFilters(c, who->environment, q));
    return absl::OkStatus();
  });
  if (!s.ok()) return JsonError(s);
  if (filters.empty())
    return JsonError(absl::NotFoundError("no metric filter publishes this metric"));
  std::vector<cloudwatch::MetricPoint> sum;
  std::vector<store::TableSnapshot> tables = store_.Snapshot();
  core::JsonWriter w;
  w.BeginObject().Key("namespace").String(ns).Key("name").String(name);
  w.Key("start").Int(window->start).Key("end").Int(window->end).Key("period").Int(window->period);
  w.Key("filters").BeginArray();
  for (const meta::MetricFilterRow& f : filters) {
    auto pattern = lang::cw::FilterPattern::Parse(f.pattern);
    auto t = cloudwatch::ParseStoredTransformations(f.transformations_json);
    if (!pattern.ok() || !t.ok()) return JsonError(absl::DataLossError("bad stored metric filter"));
    auto points = cloudwatch::ComputeMetricSeries(tables, who->environment, f.group_name, *pattern,
                                                  *t, window->start, window->end, window->period);
    if (!points.ok()) return JsonError(points.status());
    AddPoints(*points, sum);
    w.BeginObject().Key("log_group").String(f.group_name).Key("filter").String(f.name).EndObject();
  }
  w.EndArray();
  WritePoints(sum, w);
  w.EndObject();
  return JsonOk(w.Release());
}

Response MetricSeriesApi::Get(const Request& req) const {
  absl::StatusOr<Principal> who = principals_.Resolve(
      req.Header("x-honeycomb-team"), req.Header("authorization"), auth::Scope::kRead);
  if (!who.ok()) return JsonError(who.status());
  std::string group = req.QueryParam("log_group"), name = req.QueryParam("filter");
  if (group.empty() || name.empty()) {
    return JsonError(absl::InvalidArgumentError("log_group and filter are required"));
  }
  absl::StatusOr<Window> window = WindowOf(req);
  if (!window.ok()) return JsonError(window.status());
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
  auto points =
      cloudwatch::ComputeMetricSeries(store_.Snapshot(), who->environment, group, *pattern, *t,
                                      window->start, window->end, window->period);
  if (!points.ok()) return JsonError(points.status());
  core::JsonWriter w;
  w.BeginObject().Key("log_group").String(group).Key("filter").String(name);
  w.Key("metric_name").String(t->metric_name).Key("metric_namespace").String(t->metric_namespace);
  w.Key("unit").String(t->unit.empty() ? "None" : t->unit);
  w.Key("start").Int(window->start).Key("end").Int(window->end);
  w.Key("period").Int(window->period);
  WritePoints(*points, w);
  w.EndObject();
  return JsonOk(w.Release());
}

}  // namespace waggle::api::v1
