#include "cli/demo_cmd.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <atomic>
#include <csignal>
#include <cstdlib>

#include "cli/config.h"
#include "core/clock.h"
#include "core/file.h"
#include "demo/demo.h"

namespace waggle::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnSignal(int) { g_stop.store(true); }

// Reads the listener ports a server wrote to its ports.json.
absl::Status ReadPortsFile(const std::string& path, demo::DemoTarget* target) {
  ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(text).get(doc) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        fmt::format("{} is not the JSON 'waggle serve' writes", path));
  }
  auto port = [&](const char* name, int* out) {
    int64_t value = 0;
    if (doc[name].get_int64().get(value) == simdjson::SUCCESS) *out = static_cast<int>(value);
  };
  port("http", &target->http_port);
  port("otlp_http", &target->otlp_http_port);
  port("xray", &target->xray_port);
  return absl::OkStatus();
}

// `flag`, else the environment variable `env`, else what *out holds.
void FlagOrEnv(const std::string& flag, const char* env, std::string* out) {
  if (!flag.empty()) {
    *out = flag;
  } else if (const char* value = std::getenv(env); value != nullptr && *value != '\0') {
    *out = value;
  }
}

absl::StatusOr<demo::DemoOptions> OptionsFrom(const DemoFlags& flags) {
  demo::DemoOptions o;
  o.target.host = flags.target;
  o.target.http_port = flags.http_port;
  o.target.otlp_http_port = flags.otlp_http_port;
  o.target.xray_port = flags.xray_port;
  if (!flags.ports_file.empty()) RETURN_IF_ERROR(ReadPortsFile(flags.ports_file, &o.target));
  o.target.key = flags.key;
  if (o.target.key.empty() && std::getenv("WAGGLE_KEY") != nullptr) {
    o.target.key = std::getenv("WAGGLE_KEY");
  }
  FlagOrEnv(flags.aws_access_key_id, "AWS_ACCESS_KEY_ID", &o.target.aws.access_key_id);
  FlagOrEnv(flags.aws_secret_access_key, "AWS_SECRET_ACCESS_KEY", &o.target.aws.secret_access_key);
  FlagOrEnv("", "AWS_DEFAULT_REGION", &o.target.aws_region);
  FlagOrEnv(flags.aws_region, "AWS_REGION", &o.target.aws_region);
  if (!(flags.rate > 0) || flags.rate > 100000) {
    return absl::InvalidArgumentError("--rate wants requests per second between 0 and 100000");
  }
  o.rate = flags.rate;
  o.seed = flags.seed;
  if (!flags.duration.empty()) {
    ASSIGN_OR_RETURN(o.duration_ns, ParseDuration(flags.duration));
  }
  if (!flags.backfill.empty()) {
    ASSIGN_OR_RETURN(o.backfill_ns, ParseDuration(flags.backfill));
  }
  return o;
}

void PrintProgress(const demo::DemoStats& s) {
  time_t seconds = static_cast<time_t>(s.simulated_ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  fmt::print(stderr,
             "\r{} {:04}-{:02}-{:02} {:02}:{:02} UTC  {} traces  {} spans  {} log lines  {} X-Ray "
             "segments  {} CloudWatch events  {} Rollbar items   ",
             s.backfilling ? "backfill up to" : "live at", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, s.traces, s.spans, s.log_records, s.xray_segments,
             s.cloudwatch_events, s.rollbar_items);
}

}  // namespace

int RunDemo(const DemoFlags& flags) {
  absl::StatusOr<demo::DemoOptions> options = OptionsFrom(flags);
  if (!options.ok()) {
    fmt::print(stderr, "waggle demo: {}\n", options.status().message());
    return 2;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  fmt::print(stderr, "sending Cruddur's traffic to {} (OTLP/HTTP port {}); Ctrl-C stops\n",
             options->target.host, options->target.otlp_http_port);
  demo::Demo demo(*options, core::SystemClock::Get());
  absl::Status done = demo.Run(g_stop, PrintProgress);
  fmt::print(stderr, "\n");
  if (!done.ok()) {
    fmt::print(stderr, "waggle demo: {}\n", done.message());
    return 1;
  }
  const demo::DemoStats& s = demo.stats();
  fmt::print(
      "sent {} traces ({} spans) and {} log lines in {} OTLP requests, {} X-Ray segments ({} "
      "spans) over UDP, {} CloudWatch Logs events to group {} and {} Rollbar items\n",
      s.traces, s.spans, s.log_records, s.requests, s.xray_segments, s.xray_spans,
      s.cloudwatch_events, demo::kCloudWatchLogGroup, s.rollbar_items);
  return 0;
}

}  // namespace waggle::cli
