#include "synth/span_encoder.h"

#include <string_view>

#include "synth/cruddur.h"
#include "synth/otlp_fields.h"

namespace waggle::synth {
namespace {

namespace f = otlp_field;

constexpr uint32_t kAttr = f::kAttributes;
constexpr std::string_view kApiHost = "api.cruddur.com";
constexpr std::string_view kApiOrigin = "https://api.cruddur.com";
constexpr std::string_view kLoadBalancers[] = {"10.0.0.12", "10.0.1.12", "10.0.2.12"};
constexpr std::string_view kDbHost = "cruddur-db-instance.c7x1kd0pzq2u.us-east-1.rds.amazonaws.com";

void AppendDecimal(std::string* out, uint64_t v) {
  char buf[20];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  while (n > 0) out->push_back(buf[--n]);
}

void AppendPadded(std::string* out, uint64_t v, int width) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out->append(buf, width);
}

// Python's datetime.isoformat() of a UTC time: 2026-03-12T15:21:04.123456+00:00.
void AppendIsoTime(std::string* out, int64_t ns) {
  int64_t secs = ns / 1000000000;
  int64_t days = secs / 86400;
  int64_t sod = secs % 86400;
  // Civil-from-days (Howard Hinnant's algorithm), valid for years after 1970.
  int64_t z = days + 719468;
  int64_t era = z / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t day = doy - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  AppendPadded(out, year, 4);
  out->push_back('-');
  AppendPadded(out, month, 2);
  out->push_back('-');
  AppendPadded(out, day, 2);
  out->push_back('T');
  AppendPadded(out, sod / 3600, 2);
  out->push_back(':');
  AppendPadded(out, sod / 60 % 60, 2);
  out->push_back(':');
  AppendPadded(out, sod % 60, 2);
  out->push_back('.');
  AppendPadded(out, (ns / 1000) % 1000000, 6);
  out->append("+00:00");
}

void AppendHex(std::string* out, uint64_t v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out->push_back(kHex[(v >> (4 * i)) & 0xF]);
}

std::string_view IdView(const uint8_t* data, size_t n) {
  return {reinterpret_cast<const char*>(data), n};
}

int KindOf(SpanRole role) {
  switch (role) {
    case SpanRole::kServer:
      return 2;
    case SpanRole::kBrowserFetch:
    case SpanRole::kSql:
    case SpanRole::kDynamoDb:
    case SpanRole::kRollbar:
      return 3;
    default:
      return 1;
  }
}

std::string_view NameOf(const TracePlan& plan, const PlannedSpan& span) {
  const cruddur::RouteInfo& route = cruddur::Routes()[plan.route];
  switch (span.role) {
    case SpanRole::kBrowserClick:
      return "click";
    case SpanRole::kBrowserFetch:
      return "HTTP GET";
    case SpanRole::kServer:
      return route.server_span;
    case SpanRole::kHandler:
      return route.handler_span;
    case SpanRole::kSql:
      return cruddur::SqlTemplates()[span.detail].span_name;
    case SpanRole::kDynamoDb:
      return "DynamoDB.Query";
    case SpanRole::kRollbar:
      return "POST";
  }
  return "unknown";
}

// Which failure an erroring span records.
int FailureLayerOf(const TracePlan& plan, const PlannedSpan& span) {
  switch (span.role) {
    case SpanRole::kSql:
      return 1;
    case SpanRole::kDynamoDb:
      return 2;
    case SpanRole::kHandler:
      return 0;
    default:
      return plan.failure_layer;
  }
}

void PutUserId(const TracePlan& plan, ProtoWriter* w) {
  char id[36];
  cruddur::FormatUserId(plan.user_rank, id);
  PutStringAttr(w, kAttr, "user.id", std::string_view(id, 36));
}

// app.request_id: the X-Request-Id the load balancer assigned (one per trace).
void PutRequestId(const TracePlan& plan, ProtoWriter* w) {
  static constexpr char kHex[] = "0123456789abcdef";
  char id[32];
  for (int i = 0; i < 16; ++i) {
    id[2 * i] = kHex[plan.trace_id[15 - i] >> 4];
    id[2 * i + 1] = kHex[plan.trace_id[15 - i] & 0xF];
  }
  PutStringAttr(w, kAttr, "app.request_id", std::string_view(id, 32));
}

std::string_view UserAgentOf(const TracePlan& plan) {
  std::span<const std::string_view> agents = cruddur::UserAgents();
  return agents[(plan.user_rank * 2654435761u >> 7) % agents.size()];
}

void AppendSessionId(const TracePlan& plan, std::string* out) {
  uint64_t state = plan.session;
  AppendHex(out, SplitMix64(&state), 16);
  AppendHex(out, SplitMix64(&state), 16);
}

}  // namespace

void SpanEncoder::Encode(const TracePlan& plan, const PlannedSpan& span, Prng* rng,
                         ProtoWriter* w) {
  ProtoWriter::Mark mark = w->BeginMessage(f::kSpans, 1024);
  w->PutBytes(f::kTraceId, IdView(plan.trace_id.data(), 16));
  w->PutBytes(f::kSpanId, IdView(span.span_id.data(), 8));
  uint32_t flags = f::kFlagSampled | f::kFlagRemoteKnown;
  if (span.parent >= 0) {
    const PlannedSpan& parent = plan.spans[span.parent];
    w->PutBytes(f::kParentSpanId, IdView(parent.span_id.data(), 8));
    if (parent.resource != span.resource) flags |= f::kFlagParentRemote;
  }
  w->PutString(f::kName, NameOf(plan, span));
  w->PutVarint(f::kKind, KindOf(span.role));
  w->PutFixed64(f::kStartTime, static_cast<uint64_t>(span.start_ns));
  w->PutFixed64(f::kEndTime, static_cast<uint64_t>(span.end_ns));
  switch (span.role) {
    case SpanRole::kBrowserClick:
      PutBrowserClick(plan, rng, w);
      break;
    case SpanRole::kBrowserFetch:
      PutBrowserFetch(plan, w);
      break;
    case SpanRole::kServer:
      PutServer(plan, w);
      break;
    case SpanRole::kHandler:
      PutHandler(plan, span, rng, w);
      break;
    case SpanRole::kSql:
      PutSql(plan, span, rng, w);
      break;
    case SpanRole::kDynamoDb:
      PutDynamoDb(span, rng, w);
      break;
    case SpanRole::kRollbar:
      PutRollbar(span, w);
      break;
  }
  bool client_5xx = span.role == SpanRole::kBrowserFetch && plan.http_status >= 500;
  if (span.error) PutException(span, FailureLayerOf(plan, span), w);
  if (span.error || client_5xx) {
    const cruddur::Failure& failure = cruddur::FailureFor(FailureLayerOf(plan, span));
    scratch_.assign(span.error ? failure.type : std::string_view());
    if (span.error) scratch_.append(": ").append(failure.message);
    size_t size = (scratch_.empty() ? 0 : LenFieldSize(f::kStatusMessage, scratch_.size())) + 2;
    w->PutLenHeader(f::kStatus, size);
    if (!scratch_.empty()) w->PutString(f::kStatusMessage, scratch_);
    w->PutVarint(f::kStatusCode, 2);
  }
  w->PutFixed32(f::kFlags, flags);
  w->EndMessage(mark);
}

void SpanEncoder::BuildPath(const TracePlan& plan) {
  const cruddur::RouteInfo& route = cruddur::Routes()[plan.route];
  path_.assign(route.path_prefix);
  if (route.has_handle) cruddur::AppendHandle(plan.handle_rank, &path_);
}

// Section: frontend -------------------------------------------------------

void SpanEncoder::PutBrowserClick(const TracePlan& plan, Prng* rng, ProtoWriter* w) {
  static constexpr std::string_view kTargets[] = {"BUTTON", "A", "DIV", "svg"};
  static constexpr std::string_view kXpaths[] = {
      "//*[@id=\"root\"]/div/nav/a[2]", "//*[@id=\"root\"]/div/nav/a[3]",
      "//*[@id=\"root\"]/div/article/div[3]/button[1]", "//*[@id=\"root\"]/div/form/button"};
  const cruddur::RouteInfo& route = cruddur::Routes()[plan.route];
  size_t target = rng->Uniform(4);
  PutStringAttr(w, kAttr, "event_type", "click");
  PutStringAttr(w, kAttr, "target_element", kTargets[target]);
  PutStringAttr(w, kAttr, "target_xpath", kXpaths[target]);
  scratch_.assign("https://cruddur.com").append(route.page);
  PutStringAttr(w, kAttr, "http.url", scratch_);
  scratch_.clear();
  AppendSessionId(plan, &scratch_);
  PutStringAttr(w, kAttr, "session.id", scratch_);
  PutStringAttr(w, kAttr, "user_agent.original", UserAgentOf(plan));
}

void SpanEncoder::PutBrowserFetch(const TracePlan& plan, ProtoWriter* w) {
  BuildPath(plan);
  const cruddur::RouteInfo& route = cruddur::Routes()[plan.route];
  scratch_.assign(kApiOrigin).append(path_);
  PutStringAttr(w, kAttr, "http.method", "GET");
  PutStringAttr(w, kAttr, "http.url", scratch_);
  PutStringAttr(w, kAttr, "url.full", scratch_);
  PutIntAttr(w, kAttr, "http.status_code", plan.http_status);
  PutStringAttr(w, kAttr, "http.status_text",
                plan.http_status == 200   ? "OK"
                : plan.http_status == 404 ? "NOT FOUND"
                                          : "INTERNAL SERVER ERROR");
  PutStringAttr(w, kAttr, "http.host", kApiHost);
  PutStringAttr(w, kAttr, "http.scheme", "https");
  PutStringAttr(w, kAttr, "http.user_agent", UserAgentOf(plan));
  PutIntAttr(w, kAttr, "http.response_content_length", 64 + plan.result_length * 412);
  PutStringAttr(w, kAttr, "component", "fetch");
  scratch_.clear();
  AppendSessionId(plan, &scratch_);
  PutStringAttr(w, kAttr, "session.id", scratch_);
  PutStringAttr(w, kAttr, "server.address", kApiHost);
  PutIntAttr(w, kAttr, "server.port", 443);
  PutStringAttr(w, kAttr, "app.page", route.page);
}

// Section: backend --------------------------------------------------------

void SpanEncoder::PutServer(const TracePlan& plan, ProtoWriter* w) {
  BuildPath(plan);
  const cruddur::RouteInfo& route = cruddur::Routes()[plan.route];
  PutStringAttr(w, kAttr, "http.request.method", "GET");
  PutStringAttr(w, kAttr, "http.route", route.route);
  PutIntAttr(w, kAttr, "http.response.status_code", plan.http_status);
  PutStringAttr(w, kAttr, "url.path", path_);
  PutStringAttr(w, kAttr, "url.scheme", "http");
  PutStringAttr(w, kAttr, "server.address", kApiHost);
  PutIntAttr(w, kAttr, "server.port", 4567);
  PutIntAttr(w, kAttr, "net.peer.port", plan.client_port);
  scratch_.assign("172.31.");
  AppendDecimal(&scratch_, plan.session % 7);
  scratch_.push_back('.');
  AppendDecimal(&scratch_, (plan.session >> 3) % 250 + 2);
  PutStringAttr(w, kAttr, "client.address", scratch_);
  PutStringAttr(w, kAttr, "user_agent.original", UserAgentOf(plan));
  PutStringAttr(w, kAttr, "network.protocol.version", "1.1");
  PutUserId(plan, w);
  PutIntAttr(w, kAttr, "http.response.body.size", 48 + plan.result_length * 397);
  PutStringAttr(w, kAttr, "network.peer.address", kLoadBalancers[plan.client_port % 3]);
  PutRequestId(plan, w);
}

void SpanEncoder::PutHandler(const TracePlan& plan, const PlannedSpan& span, Prng* rng,
                             ProtoWriter* w) {
  const cruddur::RouteInfo& route = cruddur::Routes()[plan.route];
  std::span<const std::string_view> threads = cruddur::ThreadNames();
  size_t thread = rng->Uniform(threads.size());
  PutUserId(plan, w);
  PutRequestId(plan, w);
  scratch_.clear();
  AppendIsoTime(&scratch_, span.start_ns);
  PutStringAttr(w, kAttr, "app.now", scratch_);
  PutIntAttr(w, kAttr, "app.result_length", plan.result_length);
  PutStringAttr(w, kAttr, "code.function", "run");
  scratch_.assign("services.").append(cruddur::Scopes()[route.handler_scope].name);
  PutStringAttr(w, kAttr, "code.namespace", scratch_);
  scratch_.assign("/backend-flask/services/").append(route.handler_span).append(".py");
  PutStringAttr(w, kAttr, "code.filepath", scratch_);
  PutIntAttr(w, kAttr, "code.lineno", 12 + route.handler_scope * 7);
  PutIntAttr(w, kAttr, "thread.id", 139872400000000 + static_cast<int64_t>(thread) * 8392704);
  PutStringAttr(w, kAttr, "thread.name", threads[thread]);
  PutBoolAttr(w, kAttr, "app.cache.hit", rng->Bernoulli(0.3));
  if (route.has_handle) {
    BuildPath(plan);
    PutStringAttr(w, kAttr, "app.handle", path_.substr(route.path_prefix.size()));
  } else {
    PutIntAttr(w, kAttr, "app.feed.page", static_cast<int64_t>(rng->Zipf(20)));
  }
  PutDoubleAttr(w, kAttr, "app.render_ms",
                static_cast<double>(span.end_ns - span.start_ns) / 1e6 * 0.1);
}

void SpanEncoder::PutSql(const TracePlan& plan, const PlannedSpan& span, Prng* rng,
                         ProtoWriter* w) {
  const cruddur::SqlTemplate& sql = cruddur::SqlTemplates()[span.detail];
  std::span<const std::string_view> threads = cruddur::ThreadNames();
  size_t thread = rng->Uniform(threads.size());
  PutStringAttr(w, kAttr, "db.system", "postgresql");
  PutStringAttr(w, kAttr, "db.name", "cruddur");
  PutStringAttr(w, kAttr, "db.namespace", "cruddur");
  PutStringAttr(w, kAttr, "db.user", "root");
  PutStringAttr(w, kAttr, "db.statement", sql.statement);
  PutStringAttr(w, kAttr, "db.operation", sql.operation);
  if (!sql.table.empty()) PutStringAttr(w, kAttr, "db.sql.table", sql.table);
  PutStringAttr(w, kAttr, "server.address", kDbHost);
  PutIntAttr(w, kAttr, "server.port", 5432);
  PutIntAttr(w, kAttr, "net.peer.port", 5432);
  PutStringAttr(w, kAttr, "network.transport", "tcp");
  PutStringAttr(w, kAttr, "network.peer.address", span.resource % 2 ? "10.0.4.18" : "10.0.5.18");
  PutStringAttr(w, kAttr, "db.client.connections.pool.name", "cruddur-pool");
  PutIntAttr(w, kAttr, "thread.id", 139872400000000 + static_cast<int64_t>(thread) * 8392704);
  PutStringAttr(w, kAttr, "thread.name", threads[thread]);
  int64_t rows = sql.operation == "SELECT" ? plan.result_length : (span.error ? 0 : 1);
  PutIntAttr(w, kAttr, "db.response.returned_rows", rows);
}

void SpanEncoder::PutDynamoDb(const PlannedSpan& span, Prng* rng, ProtoWriter* w) {
  PutStringAttr(w, kAttr, "rpc.system", "aws-api");
  PutStringAttr(w, kAttr, "rpc.service", "DynamoDB");
  PutStringAttr(w, kAttr, "rpc.method", "Query");
  PutStringAttr(w, kAttr, "aws.region", "us-east-1");
  scratch_.clear();
  AppendHex(&scratch_, rng->Next(), 16);
  AppendHex(&scratch_, rng->Next(), 16);
  for (char& c : scratch_) c = static_cast<char>(c >= 'a' ? c - 32 : c);  // upper-case, as AWS
  PutStringAttr(w, kAttr, "aws.request_id", scratch_);
  PutStringArrayAttr(w, kAttr, "aws.dynamodb.table_names", {"cruddur-messages"});
  PutIntAttr(w, kAttr, "http.response.status_code", span.error ? 400 : 200);
  PutStringAttr(w, kAttr, "server.address", "dynamodb.us-east-1.amazonaws.com");
  PutIntAttr(w, kAttr, "server.port", 443);
  PutIntAttr(w, kAttr, "retry_attempts", span.error ? 3 : 0);
  PutStringAttr(w, kAttr, "db.system", "dynamodb");
}

void SpanEncoder::PutRollbar(const PlannedSpan& span, ProtoWriter* w) {
  PutStringAttr(w, kAttr, "http.request.method", "POST");
  PutStringAttr(w, kAttr, "url.full", "https://api.rollbar.com/api/1/item/");
  PutStringAttr(w, kAttr, "server.address", "api.rollbar.com");
  PutIntAttr(w, kAttr, "server.port", 443);
  PutIntAttr(w, kAttr, "http.response.status_code", span.error ? 503 : 200);
  PutStringAttr(w, kAttr, "network.protocol.version", "1.1");
  PutStringAttr(w, kAttr, "user_agent.original", "python-requests/2.31.0");
}

void SpanEncoder::PutException(const PlannedSpan& span, int layer, ProtoWriter* w) {
  const cruddur::Failure& failure = cruddur::FailureFor(layer);
  ProtoWriter::Mark mark = w->BeginMessage(f::kEvents, 1024);
  w->PutFixed64(f::kEventTime, static_cast<uint64_t>(span.end_ns - 1000));
  w->PutString(f::kEventName, "exception");
  PutStringAttr(w, f::kEventAttributes, "exception.type", failure.type);
  PutStringAttr(w, f::kEventAttributes, "exception.message", failure.message);
  PutStringAttr(w, f::kEventAttributes, "exception.stacktrace", failure.stacktrace);
  PutBoolAttr(w, f::kEventAttributes, "exception.escaped", false);
  w->EndMessage(mark);
}

}  // namespace waggle::synth
