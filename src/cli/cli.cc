#include "cli/cli.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "cli/demo_cmd.h"
#include "cli/keys_cmd.h"
#include "cli/load_cmd.h"
#include "cli/query_cmd.h"
#include "cli/serve.h"
#include "cli/traces_cmd.h"
#include "cli/version.h"

namespace waggle::cli {
namespace {

std::string EnvOr(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

void AddServe(CLI::App& app, ServeFlags& f, int& code) {
  CLI::App* serve = app.add_subcommand("serve", "Run the Waggle server");
  auto opt = [&](auto& field, const char* name, const char* help) {
    serve->add_option_function<typename std::decay_t<decltype(field)>::value_type>(
        name, [&field](const auto& v) { field = v; }, help);
  };
  opt(f.data_dir, "--data", "Data directory (default ./data; env WAGGLE_DATA)");
  opt(f.config_file, "--config", "TOML configuration file (default DATA/waggle.toml)");
  opt(f.listen, "--listen", "Address to listen on (default 127.0.0.1)");
  opt(f.http_port, "--http-port", "Edge HTTP port: UI, API, OTLP paths (default 8080; 0 = any)");
  opt(f.otlp_http_port, "--otlp-http-port", "OTLP/HTTP port (default 4318; 0 = any)");
  opt(f.otlp_grpc_port, "--otlp-grpc-port", "OTLP/gRPC port (default 4317; 0 = any)");
  opt(f.xray_port, "--xray-port", "X-Ray daemon port (default 2000; 0 = any)");
  opt(f.max_body_bytes, "--max-body-bytes", "Largest request body after decompression");
  opt(f.column_cache_bytes, "--column-cache-bytes",
      "Bytes of decoded columns kept in memory for queries (0 = none)");
  opt(f.rollbar_rate_limit, "--rollbar-rate-limit",
      "Rollbar items accepted per access token per minute (default 5000)");
  opt(f.retention, "--retention", "Drop data older than this (e.g. 7d; default: keep)");
  opt(f.log_level, "--log-level", "debug, info, warn or error");
  serve->add_flag("--demo", f.demo,
                  "Also send the reference app's traffic (a day of history, then live) to this "
                  "server");
  serve->callback([&] { code = RunServe(f); });
}

void AddKeys(CLI::App& app, KeysFlags& f, std::string& id, int& code) {
  CLI::App* keys = app.add_subcommand("keys", "Manage API keys");
  keys->require_subcommand(1);
  keys->add_option("--data", f.data_dir, "Data directory (default ./data)");
  CLI::App* create = keys->add_subcommand("create", "Create a key and print it once");
  create->add_option("--scope", f.scope, "ingest, read or admin (comma-separated)");
  create->add_option("--env", f.environment, "Environment the key belongs to");
  create->add_option("--name", f.name, "A label to recognize the key by");
  create->add_option("--data", f.data_dir, "Data directory (default ./data)");
  create->callback([&] { code = RunKeysCreate(f); });
  CLI::App* list = keys->add_subcommand("list", "List keys");
  list->add_option("--data", f.data_dir, "Data directory (default ./data)");
  list->callback([&] { code = RunKeysList(f); });
  CLI::App* revoke = keys->add_subcommand("revoke", "Revoke a key");
  revoke->add_option("id", id, "Key id (from 'waggle keys list')")->required();
  revoke->add_option("--data", f.data_dir, "Data directory (default ./data)");
  revoke->callback([&] { code = RunKeysRevoke(f, id); });
}

void AddTraces(CLI::App& app, TracesFlags& f, std::string& id, int& code) {
  CLI::App* traces = app.add_subcommand("traces", "Read traces from a running server");
  traces->require_subcommand(1);
  f.server = EnvOr("WAGGLE_SERVER", "http://127.0.0.1:8080");
  f.key = EnvOr("WAGGLE_API_KEY", "");
  for (CLI::App* sub : {traces->add_subcommand("get", "Print one trace as a waterfall"),
                        traces->add_subcommand("recent", "List recent traces")}) {
    sub->add_option("--server", f.server,
                    "Edge URL (default http://127.0.0.1:8080; env WAGGLE_SERVER)");
    sub->add_option("--key", f.key, "Read key (env WAGGLE_API_KEY)");
  }
  CLI::App* get = traces->get_subcommand("get");
  get->add_option("trace_id", id, "32 hex digits")->required();
  get->callback([&] { code = RunTracesGet(f, id); });
  CLI::App* recent = traces->get_subcommand("recent");
  recent->add_option("--dataset", f.dataset, "Only this dataset");
  recent->add_option("--limit", f.limit, "How many traces");
  recent->callback([&] { code = RunTracesRecent(f); });
}

void AddQuery(CLI::App& app, QueryFlags& f, int& code) {
  CLI::App* q = app.add_subcommand(
      "query",
      "Run a query on a running server, e.g. waggle query -d api COUNT 'P99(duration_ms)' "
      "--where 'duration_ms > 100' --by http.route --last 2h");
  f.server = EnvOr("WAGGLE_SERVER", "http://127.0.0.1:8080");
  f.key = EnvOr("WAGGLE_API_KEY", "");
  q->add_option("--server", f.server,
                "Edge URL (default http://127.0.0.1:8080; env WAGGLE_SERVER)");
  q->add_option("--key", f.key, "Read key (env WAGGLE_API_KEY)");
  q->add_option("-d,--dataset", f.dataset, "Dataset, or __all__ for every dataset")->required();
  q->add_option("calculations", f.text.calculations,
                "COUNT, P99(duration_ms), ... (default COUNT)");
  q->add_option("--calc", f.text.calculations, "A calculation (repeatable)");
  q->add_option("--where", f.text.where, "A filter 'column op value' (repeatable)");
  q->add_flag("--any", f.text.any, "Combine the filters with OR instead of AND");
  q->add_option("--by,--breakdown", f.text.by, "Group by this column (repeatable)");
  q->add_option("--order", f.text.order, "'TERM [asc|desc]' (repeatable)");
  q->add_option("--having", f.text.having, "'CALC op number', e.g. 'COUNT > 10' (repeatable)");
  q->add_option("--last,--time-range", f.text.last, "Time range up to now: 90s, 30m, 2h, 7d");
  q->add_option("--limit", f.text.limit, "Most result rows (default 100)");
  q->add_option("--json", f.json_file, "Run this JSON query spec file instead (- = stdin)");
  q->add_option("--signal", f.signal, "Only spans or only logs");
  q->add_flag("--output-json", f.output_json, "Print the server's JSON answer");
  q->callback([&] { code = RunQuery(f); });
}

void AddLoad(CLI::App& app, LoadFlags& f, int& code) {
  CLI::App* load =
      app.add_subcommand("load", "Write synthetic data straight into a data directory");
  load->add_option("--synthetic", f.spans, "How many spans to generate")->required();
  load->add_option("--data", f.data_dir, "Data directory (default ./data; no server may use it)");
  load->add_option("--seed", f.seed, "Random seed (the same seed writes the same data)");
  load->add_option("--days", f.days, "Spread the spans over this many days up to now");
  load->add_option("--trace-ids", f.trace_ids_file, "Write a sample of the trace ids to this file");
  load->callback([&] { code = RunLoad(f); });
}

void AddDemo(CLI::App& app, DemoFlags& f, int& code) {
  CLI::App* demo = app.add_subcommand(
      "demo", "Send the reference app's traffic to a running server over the real protocols");
  demo->add_option("--target", f.target, "Server host (default 127.0.0.1)");
  demo->add_option("--rate", f.rate, "Backend requests per second at the daily peak (default 20)");
  demo->add_option("--duration", f.duration, "Stop after this long, e.g. 30s (default: Ctrl-C)");
  demo->add_option("--backfill", f.backfill, "Send this much history first, e.g. 24h");
  demo->add_option("--seed", f.seed, "Random seed (the same seed sends the same traffic)");
  demo->add_option("--ports-file", f.ports_file,
                   "Read the ports from a ports.json 'waggle serve' wrote");
  demo->add_option("--http-port", f.http_port, "Edge HTTP port (default 8080)");
  demo->add_option("--otlp-http-port", f.otlp_http_port, "OTLP/HTTP port (default 4318)");
  demo->add_option("--xray-port", f.xray_port, "X-Ray daemon port (default 2000)");
  demo->add_option("--key", f.key, "Ingest key (default $WAGGLE_KEY)");
  demo->add_option("--aws-access-key-id", f.aws_access_key_id,
                   "Signs CloudWatch Logs calls (default $AWS_ACCESS_KEY_ID)");
  demo->add_option("--aws-secret-access-key", f.aws_secret_access_key,
                   "Signs CloudWatch Logs calls (default $AWS_SECRET_ACCESS_KEY)");
  demo->add_option("--aws-region", f.aws_region, "Region of the signature (default $AWS_REGION)");
  demo->callback([&] { code = RunDemo(f); });
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"Waggle: one backend for OpenTelemetry, X-Ray, CloudWatch Logs and Rollbar data"};
  app.require_subcommand(1);
  int code = 0;
  ServeFlags serve;
  KeysFlags keys;
  TracesFlags traces;
  QueryFlags query;
  LoadFlags load;
  DemoFlags demo;
  std::string key_id, trace_id;
  AddServe(app, serve, code);
  AddKeys(app, keys, key_id, code);
  AddTraces(app, traces, trace_id, code);
  AddQuery(app, query, code);
  AddLoad(app, load, code);
  AddDemo(app, demo, code);
  app.add_subcommand("version", "Print the version")->callback([&] {
    fmt::print("waggle {}\n", kVersion);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports usage errors by exception; this is its adapter.
    return app.exit(e);
  }
  return code;
}

}  // namespace waggle::cli
