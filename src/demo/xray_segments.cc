#include "demo/xray_segments.h"

#include <fmt/format.h>

#include "core/json_writer.h"
#include "demo/python_traceback.h"
#include "demo/request_logs.h"
#include "synth/cruddur.h"

namespace waggle::demo {
namespace {

namespace cruddur = synth::cruddur;
using synth::PlannedSpan;
using synth::SpanRole;

std::string Hex(const uint8_t* bytes, size_t n) { return LowerHex(bytes, n); }

double Seconds(int64_t ns) { return static_cast<double>(ns / 1000) / 1e6; }

// Is `span` inside the server span (index `server`) of `plan`?
bool Below(const synth::TracePlan& plan, const PlannedSpan& span, int server) {
  for (int p = span.parent; p >= 0; p = plan.spans[static_cast<size_t>(p)].parent) {
    if (p == server) return true;
  }
  return false;
}

void WriteCause(const synth::TracePlan& plan, core::JsonWriter& w) {
  const cruddur::Failure& f = cruddur::FailureFor(plan.failure_layer < 0 ? 0 : plan.failure_layer);
  w.Key("cause").BeginObject().Key("working_directory").String("/backend-flask");
  w.Key("exceptions").BeginArray().BeginObject();
  w.Key("id").String(Hex(plan.trace_id.data() + 8, 8));
  w.Key("type").String(f.type).Key("message").String(f.message);
  // The SDK lists the stack innermost call first.
  std::vector<PythonFrame> frames = ParsePythonTraceback(f.stacktrace);
  w.Key("stack").BeginArray();
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
    w.BeginObject().Key("path").String(it->filename).Key("line").Int(it->lineno);
    w.Key("label").String(it->method).EndObject();
  }
  w.EndArray().EndObject().EndArray().EndObject();
}

// One subsegment for a span the request made.
void WriteSubsegment(const PlannedSpan& s, const synth::TracePlan& plan, core::JsonWriter& w) {
  const cruddur::RouteInfo& route = cruddur::Routes()[plan.route];
  w.BeginObject().Key("id").String(Hex(s.span_id.data(), 8));
  w.Key("start_time").Double(Seconds(s.start_ns)).Key("end_time").Double(Seconds(s.end_ns));
  switch (s.role) {
    case SpanRole::kSql: {
      const cruddur::SqlTemplate& sql = cruddur::SqlTemplates()[s.detail];
      w.Key("name").String("cruddur@db").Key("namespace").String("remote");
      w.Key("sql").BeginObject().Key("url").String("postgresql://db:5432/cruddur");
      w.Key("database_type").String("PostgreSQL").Key("sanitized_query").String(sql.statement);
      w.EndObject();
      break;
    }
    case SpanRole::kDynamoDb:
      w.Key("name").String("DynamoDB").Key("namespace").String("aws");
      w.Key("aws").BeginObject().Key("operation").String("Query");
      w.Key("table_name").String("cruddur-messages").EndObject();
      break;
    case SpanRole::kRollbar:
      w.Key("name").String("api.rollbar.com").Key("namespace").String("remote");
      w.Key("http").BeginObject().Key("request").BeginObject().Key("method").String("POST");
      w.Key("url").String("https://api.rollbar.com/api/1/item/").EndObject().EndObject();
      break;
    default:
      w.Key("name").String(route.handler_span.empty() ? "handler" : route.handler_span);
      if (s.role == SpanRole::kHandler) {
        w.Key("metadata").BeginObject().Key("default").BeginObject();
        w.Key("app.result_length").Int(plan.result_length).EndObject().EndObject();
      }
      break;
  }
  if (s.error) w.Key("fault").Bool(true);
  w.EndObject();
}

}  // namespace

bool XraySampled(const synth::TracePlan& plan) {
  return IsBackendRequest(plan) && plan.trace_id[15] % 10 == 0;
}

size_t EncodeXrayDatagram(const synth::TracePlan& plan, std::string* out) {
  const PlannedSpan* server = ServerSpan(plan);
  if (server == nullptr) return 0;
  int server_index = static_cast<int>(server - plan.spans.data());
  auto epoch = static_cast<uint32_t>(server->start_ns / 1'000'000'000);
  core::JsonWriter w;
  w.BeginObject().Key("name").String("backend-flask");
  w.Key("id").String(Hex(server->span_id.data(), 8));
  w.Key("trace_id").String(fmt::format("1-{:08x}-{}", epoch, Hex(plan.trace_id.data() + 4, 12)));
  w.Key("start_time").Double(Seconds(server->start_ns));
  w.Key("end_time").Double(Seconds(server->end_ns));
  w.Key("origin").String("AWS::EC2::Instance");
  w.Key("http").BeginObject().Key("request").BeginObject().Key("method").String("GET");
  w.Key("url").String("http://localhost:4567" + RequestPath(plan));
  w.Key("client_ip").String("172.17.0.1").EndObject();
  w.Key("response").BeginObject().Key("status").Int(plan.http_status).EndObject().EndObject();
  if (plan.http_status >= 500) w.Key("fault").Bool(true);
  if (plan.http_status >= 400 && plan.http_status < 500) w.Key("error").Bool(true);
  if (plan.http_status >= 500) WriteCause(plan, w);
  w.Key("annotations").BeginObject().Key("user_id").String(cruddur::UserId(plan.user_rank));
  w.EndObject();
  size_t spans = 1;
  w.Key("subsegments").BeginArray();
  for (const PlannedSpan& s : plan.spans) {
    if (!Below(plan, s, server_index)) continue;
    WriteSubsegment(s, plan, w);
    ++spans;
  }
  w.EndArray().EndObject();
  out->assign(kXrayDaemonHeader);
  out->append(w.str());
  return spans;
}

}  // namespace waggle::demo
