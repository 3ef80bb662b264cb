#include "synth/trace_plan.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <span>

#include "synth/cruddur.h"

namespace waggle::synth {
namespace {

using cruddur::External;
using cruddur::RouteInfo;

// Probabilities of the request mix.
constexpr double kClickShare = 0.06;        // frontend-only traces
constexpr double kFrontendShare = 0.80;     // requests made by the browser app
constexpr double kServerErrorRate = 0.011;  // 500s, each with an exception
constexpr double kNotFoundRate = 0.03;      // unknown @handle
constexpr double kZipfUserShare = 0.6;      // the rest are uniform over all users
constexpr double kOffPoolSqlShare = 0.1;    // statements outside the route's usual set
constexpr double kSlowUserFactor = 6.0;

// Usual statements per route (indexes into SqlTemplates()); the first is the
// session lookup every authenticated request starts with.
std::span<const uint8_t> SqlPool(int route) {
  static constexpr uint8_t kHome[] = {15, 0, 8, 9, 12, 10, 26};
  static constexpr uint8_t kNotifications[] = {15, 5, 6, 12, 7, 28, 29};
  static constexpr uint8_t kUser[] = {15, 2, 3, 4, 8, 10};
  static constexpr uint8_t kGroups[] = {15, 13, 12, 25};
  static constexpr uint8_t kMessages[] = {15, 14, 12, 16};
  static constexpr std::array<std::span<const uint8_t>, 5> kPools = {kHome, kNotifications, kUser,
                                                                     kGroups, kMessages};
  if (route < 0 || route >= static_cast<int>(kPools.size())) return {};
  return kPools[route];
}

int64_t LogNormalNs(Prng* rng, double median_ms, double sigma) {
  double ms = rng->LogNormal(std::log(median_ms), sigma);
  return std::max<int64_t>(1000, static_cast<int64_t>(ms * 1e6));
}

int PickRoute(Prng* rng) {
  std::span<const RouteInfo> routes = cruddur::Routes();
  double u = rng->UniformDouble();
  for (size_t i = 0; i < routes.size(); ++i) {
    u -= routes[i].weight;
    if (u < 0) return static_cast<int>(i);
  }
  return 0;  // weights sum to ~1; rounding lands here
}

uint32_t PickUser(Prng* rng) {
  if (rng->Bernoulli(kZipfUserShare)) {
    return static_cast<uint32_t>(rng->Zipf(cruddur::kNumUsers));
  }
  return static_cast<uint32_t>(rng->Uniform(cruddur::kNumUsers));
}

// How many queries a request runs: mostly a few, sometimes an N+1 storm.
int PickSqlCount(Prng* rng) {
  double u = rng->UniformDouble();
  if (u < 0.55) return 1 + static_cast<int>(rng->Uniform(2));
  if (u < 0.85) return 3 + static_cast<int>(rng->Uniform(4));
  if (u < 0.97) return 7 + static_cast<int>(rng->Uniform(10));
  return 17 + static_cast<int>(rng->Uniform(30));
}

int AddSpan(Prng* rng, TracePlan* plan, SpanRole role, int resource, int scope, int parent) {
  PlannedSpan span;
  span.role = role;
  span.resource = static_cast<uint8_t>(resource);
  span.scope = static_cast<uint8_t>(scope);
  span.parent = static_cast<int16_t>(parent);
  uint64_t id = rng->Next() | 1;  // never the all-zero "absent" id
  std::memcpy(span.span_id.data(), &id, 8);
  plan->spans.push_back(span);
  return static_cast<int>(plan->spans.size()) - 1;
}

// Decides what the request is: route, users, outcome.
void ChooseRequest(Prng* rng, TracePlan* plan) {
  plan->route = PickRoute(rng);
  const RouteInfo& route = cruddur::Routes()[plan->route];
  plan->user_rank = PickUser(rng);
  plan->handle_rank = static_cast<uint32_t>(rng->Zipf(5000));
  plan->session = plan->user_rank * 4 + static_cast<uint32_t>(rng->Uniform(4));
  plan->client_port = static_cast<uint16_t>(32768 + rng->Uniform(28232));
  plan->http_status = 200;
  plan->failure_layer = -1;
  if (rng->Bernoulli(kServerErrorRate)) {
    plan->http_status = 500;
    plan->failure_layer = static_cast<int>(rng->Uniform(3));
    if (plan->failure_layer == 2 && route.external != External::kDynamoDb) {
      plan->failure_layer = route.external == External::kRollbar ? 0 : 1;
    }
    if (plan->failure_layer == 1 && route.external == External::kRollbar) plan->failure_layer = 0;
  } else if (route.has_handle && rng->Bernoulli(kNotFoundRate)) {
    plan->http_status = 404;
  }
  plan->result_length =
      plan->http_status == 200
          ? std::min<int64_t>(200, static_cast<int64_t>(rng->LogNormal(std::log(12.0), 0.8)))
          : 0;
}

// Appends the handler's queries and outside calls under `parent`, one after
// another from *cursor (times relative to the start of the work).
void AddWork(Prng* rng, TracePlan* plan, int backend, int parent, int64_t* cursor) {
  const RouteInfo& route = cruddur::Routes()[plan->route];
  std::span<const uint8_t> pool = SqlPool(plan->route);
  int room = kMaxTraceSpans - static_cast<int>(plan->spans.size()) -
             (route.external == External::kNone ? 0 : 1);
  int sql_count = pool.empty() ? 0 : std::min(PickSqlCount(rng), room);
  if (plan->http_status == 404) sql_count = std::min(sql_count, 2);
  int failing_sql = plan->failure_layer == 1 ? static_cast<int>(rng->Uniform(sql_count)) : -1;
  if (plan->failure_layer == 0) sql_count = std::min(sql_count, 1);
  double scale =
      route.sql_scale * (plan->user_rank == cruddur::kSlowUserRank ? kSlowUserFactor : 1.0);
  for (int i = 0; i < sql_count; ++i) {
    int idx = AddSpan(rng, plan, SpanRole::kSql, backend, cruddur::kScopePsycopg, parent);
    PlannedSpan& span = plan->spans[idx];
    if (i == 0) {
      span.detail = pool[0];
    } else if (rng->Bernoulli(kOffPoolSqlShare)) {
      span.detail = static_cast<uint16_t>(rng->Uniform(cruddur::SqlTemplates().size()));
    } else {
      span.detail = pool[1 + rng->Uniform(pool.size() - 1)];
    }
    double median = cruddur::SqlTemplates()[span.detail].median_ms * scale;
    *cursor += LogNormalNs(rng, 0.05, 0.5);
    span.start_ns = *cursor;
    *cursor += LogNormalNs(rng, median, 0.7);
    span.end_ns = *cursor;
    if (i == failing_sql) {
      span.error = true;
      return;  // the exception ends the request
    }
  }
  if (plan->failure_layer == 0 || route.external == External::kNone) return;
  bool dynamo = route.external == External::kDynamoDb;
  int idx = AddSpan(rng, plan, dynamo ? SpanRole::kDynamoDb : SpanRole::kRollbar, backend,
                    dynamo ? cruddur::kScopeBotocore : cruddur::kScopeRequests, parent);
  PlannedSpan& span = plan->spans[idx];
  *cursor += LogNormalNs(rng, 0.1, 0.5);
  span.start_ns = *cursor;
  *cursor += dynamo ? LogNormalNs(rng, 8.0, 0.5) : LogNormalNs(rng, 120.0, 0.4);
  span.end_ns = *cursor;
  span.error = plan->failure_layer == 2;
}

void PlanClick(Prng* rng, int64_t start_ns, TracePlan* plan) {
  plan->route = PickRoute(rng);
  plan->user_rank = PickUser(rng);
  plan->session = plan->user_rank * 4 + static_cast<uint32_t>(rng->Uniform(4));
  plan->http_status = 200;
  plan->failure_layer = -1;
  int frontend = static_cast<int>(rng->Uniform(cruddur::kFrontendResources));
  int idx =
      AddSpan(rng, plan, SpanRole::kBrowserClick, frontend, cruddur::kScopeUserInteraction, -1);
  plan->spans[idx].start_ns = start_ns;
  plan->spans[idx].end_ns = start_ns + LogNormalNs(rng, 30.0, 0.6);
}

void PlanRequest(Prng* rng, int64_t start_ns, TracePlan* plan) {
  ChooseRequest(rng, plan);
  const RouteInfo& route = cruddur::Routes()[plan->route];
  int backend =
      cruddur::kFirstBackendResource + static_cast<int>(rng->Uniform(cruddur::kBackendResources));
  int fe = -1;
  if (rng->Bernoulli(kFrontendShare)) {
    int frontend = static_cast<int>(rng->Uniform(cruddur::kFrontendResources));
    fe = AddSpan(rng, plan, SpanRole::kBrowserFetch, frontend, cruddur::kScopeFetch, -1);
  }
  int server = AddSpan(rng, plan, SpanRole::kServer, backend, cruddur::kScopeFlask, fe);
  int handler = -1;
  if (!route.handler_span.empty()) {
    handler = AddSpan(rng, plan, SpanRole::kHandler, backend, route.handler_scope, server);
  }
  size_t first_work = plan->spans.size();
  int64_t cursor = LogNormalNs(rng, 0.2, 0.5);
  AddWork(rng, plan, backend, handler >= 0 ? handler : server, &cursor);
  int64_t work_ns = cursor + LogNormalNs(rng, 0.3, 0.5);

  // Lay the spans out on the clock, outermost first.
  int64_t net_before = fe >= 0 ? LogNormalNs(rng, 6.0, 0.5) : 0;
  int64_t net_after = fe >= 0 ? LogNormalNs(rng, 6.0, 0.5) : 0;
  int64_t server_start = start_ns + net_before;
  int64_t work_start = server_start + LogNormalNs(rng, 0.4, 0.4);
  int64_t server_end = work_start + work_ns + LogNormalNs(rng, 0.6, 0.4);
  for (size_t i = first_work; i < plan->spans.size(); ++i) {
    plan->spans[i].start_ns += work_start;
    plan->spans[i].end_ns += work_start;
  }
  plan->spans[server].start_ns = server_start;
  plan->spans[server].end_ns = server_end;
  plan->spans[server].error = plan->http_status == 500;
  if (handler >= 0) {
    plan->spans[handler].start_ns = work_start;
    plan->spans[handler].end_ns = work_start + work_ns;
    plan->spans[handler].error = plan->failure_layer == 0;
  }
  if (fe >= 0) {
    plan->spans[fe].start_ns = start_ns;
    plan->spans[fe].end_ns = server_end + net_after;
  }
}

}  // namespace

void PlanTrace(Prng* rng, int64_t start_ns, TracePlan* plan) {
  plan->spans.clear();
  uint64_t hi = rng->Next();
  uint64_t lo = rng->Next() | 1;  // never the all-zero "absent" id
  std::memcpy(plan->trace_id.data(), &hi, 8);
  std::memcpy(plan->trace_id.data() + 8, &lo, 8);
  plan->result_length = 0;
  plan->handle_rank = 0;
  plan->client_port = 0;
  if (rng->Bernoulli(kClickShare)) {
    PlanClick(rng, start_ns, plan);
  } else {
    PlanRequest(rng, start_ns, plan);
  }
}

}  // namespace waggle::synth
