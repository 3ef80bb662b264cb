#include "demo/rollbar_items.h"

#include <fmt/format.h>

#include "core/json_writer.h"
#include "demo/python_traceback.h"
#include "demo/request_logs.h"
#include "synth/cruddur.h"

namespace waggle::demo {
namespace {

namespace cruddur = synth::cruddur;

// The frames of a Python traceback, oldest call first, as pyrollbar lists
// them: filename, lineno, method and the line of code.
void WriteFrames(std::string_view traceback, core::JsonWriter& w) {
  w.Key("frames").BeginArray();
  for (const PythonFrame& f : ParsePythonTraceback(traceback)) {
    w.BeginObject().Key("filename").String(f.filename).Key("lineno").Int(f.lineno);
    w.Key("method").String(f.method).Key("code").String(f.code).EndObject();
  }
  w.EndArray();
}

void WriteBody(const synth::TracePlan& plan, core::JsonWriter& w) {
  w.Key("body").BeginObject();
  if (plan.http_status < 500) {
    w.Key("message").BeginObject().Key("body").String("Hello World!").EndObject().EndObject();
    return;
  }
  const cruddur::Failure& f = cruddur::FailureFor(plan.failure_layer);
  w.Key("trace").BeginObject();
  WriteFrames(f.stacktrace, w);
  w.Key("exception").BeginObject().Key("class").String(f.type).Key("message").String(f.message);
  w.EndObject().EndObject().EndObject();
}

void WriteRequest(const synth::TracePlan& plan, const synth::PlannedSpan& server,
                  core::JsonWriter& w) {
  const cruddur::ResourceInfo& host = cruddur::Resources()[server.resource];
  std::string path = RequestPath(plan);
  w.Key("request").BeginObject().Key("url").String("http://localhost:4567" + path);
  w.Key("method").String("GET").Key("route").String(cruddur::Routes()[plan.route].route);
  w.Key("user_ip").String("172.17.0.1").Key("GET").BeginObject().EndObject();
  w.Key("headers").BeginObject().Key("Host").String("localhost:4567");
  w.Key("Accept").String("application/json");
  w.Key("Traceparent")
      .String(fmt::format("00-{}-{}-01", LowerHex(plan.trace_id.data(), plan.trace_id.size()),
                          LowerHex(server.span_id.data(), server.span_id.size())));
  w.EndObject().EndObject();
  w.Key("person").BeginObject().Key("id").String(cruddur::UserId(plan.user_rank)).EndObject();
  w.Key("server").BeginObject().Key("host").String(host.host_name);
  w.Key("root").String("/backend-flask").Key("branch").String("main");
  w.Key("argv").BeginArray().String("/usr/local/bin/flask").String("run").EndArray().EndObject();
  w.Key("code_version").String(host.service_version);
}

}  // namespace

bool RollbarReported(const synth::TracePlan& plan) {
  if (!IsBackendRequest(plan)) return false;
  return plan.http_status >= 500 ||
         cruddur::Routes()[plan.route].external == cruddur::External::kRollbar;
}

void EncodeRollbarItem(const synth::TracePlan& plan, std::string_view access_token,
                       std::string* out) {
  const synth::PlannedSpan* server = ServerSpan(plan);
  if (server == nullptr) {
    out->clear();
    return;
  }
  std::string trace_id = LowerHex(plan.trace_id.data(), plan.trace_id.size());
  core::JsonWriter w;
  w.BeginObject().Key("access_token").String(access_token);
  w.Key("data").BeginObject();
  w.Key("timestamp").Int(server->end_ns / 1'000'000'000);
  w.Key("environment").String(cruddur::kEnvironment);
  w.Key("level").String(plan.http_status >= 500 ? "error" : "warning");
  w.Key("language").String("python").Key("framework").String("flask");
  w.Key("platform").String("linux");
  w.Key("notifier").BeginObject().Key("name").String("pyrollbar");
  w.Key("version").String("1.0.0").EndObject();
  // pyrollbar draws a uuid4 per report; a trace's report keeps one.
  w.Key("uuid").String(fmt::format("{}-{}-4{}-8{}-{}", trace_id.substr(0, 8), trace_id.substr(8, 4),
                                   trace_id.substr(13, 3), trace_id.substr(17, 3),
                                   trace_id.substr(20, 12)));
  w.Key("context").String(cruddur::Routes()[plan.route].route);
  WriteBody(plan, w);
  WriteRequest(plan, *server, w);
  w.Key("custom").BeginObject().Key("trace_id").String(trace_id);
  w.Key("span_id").String(LowerHex(server->span_id.data(), server->span_id.size()));
  w.EndObject().EndObject().EndObject();
  *out = w.Release();
}

}  // namespace waggle::demo
