#include "cli/serve.h"

#include <fmt/format.h>

#include <csignal>
#include <cstdlib>
#include <memory>

#include "api/aws/aws.h"
#include "api/cloudwatch/logs_api.h"
#include "api/common/metrics.h"
#include "api/common/principal.h"
#include "api/ops/ops_api.h"
#include "api/otlp/receiver.h"
#include "api/rollbar/rollbar_api.h"
#include "api/ui/asset_server.h"
#include "api/v1/keys_api.h"
#include "api/v1/metric_series_api.h"
#include "api/v1/query_api.h"
#include "api/v1/read_api.h"
#include "api/v1/saved_queries_api.h"
#include "api/v1/service_map_api.h"
#include "api/xray/daemon.h"
#include "api/xray/xray_api.h"
#include "auth/aws_credentials.h"
#include "auth/key_format.h"
#include "auth/key_info.h"
#include "auth/key_store.h"
#include "auth/presented_key.h"
#include "cli/serve_demo.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/log.h"
#include "ingest/replay.h"
#include "meta/meta_store.h"
#include "net/grpc/server.h"
#include "net/http/server.h"
#include "store/catalog/store.h"

namespace waggle::cli {
namespace {

// Everything a running server owns, in construction order.
struct Services {
  std::unique_ptr<meta::MetaStore> meta;
  std::unique_ptr<auth::KeyStore> keys;
  std::unique_ptr<api::PrincipalResolver> principals;
  // SigV4 for the AWS-compatible APIs (X-Ray, CloudWatch Logs); shared by them.
  std::unique_ptr<api::aws::AwsAuthenticator> aws_auth;
  std::unique_ptr<store::Store> store;
  api::IngestMetrics metrics;
  std::unique_ptr<api::OtlpReceiver> otlp;
  std::unique_ptr<api::v1::ReadApi> read_api;
  std::unique_ptr<api::v1::ServiceMapApi> service_map_api;
  std::unique_ptr<api::v1::MetricSeriesApi> metric_series_api;
  std::unique_ptr<api::v1::QueryApi> query_api;
  std::unique_ptr<api::v1::SavedQueriesApi> saved_queries_api;
  std::unique_ptr<api::v1::KeysApi> keys_api;
  std::unique_ptr<api::rollbar::RollbarApi> rollbar;
  std::unique_ptr<api::cloudwatch::CloudWatchLogsApi> cloudwatch_logs;
  std::unique_ptr<api::ui::AssetServer> ui;
  // X-Ray: the segment write path, sampling, the API, the daemon (UDP) and
  // its TCP API listener.
  std::unique_ptr<api::xray::SegmentIngester> xray_ingester;
  std::unique_ptr<api::xray::SamplingService> xray_sampling;
  std::unique_ptr<api::xray::XrayApi> xray_api;
  std::unique_ptr<api::xray::XrayDaemon> xray_daemon;
  std::unique_ptr<net::http::Server> xray_tcp;
  std::unique_ptr<net::http::Server> edge;
  std::unique_ptr<net::http::Server> otlp_http;
  std::unique_ptr<net::grpc::GrpcServer> otlp_grpc;
};

void SetLevel(const std::string& level) {
  if (level == "debug") core::SetLogLevel(core::LogLevel::kDebug);
  if (level == "warn") core::SetLogLevel(core::LogLevel::kWarn);
  if (level == "error") core::SetLogLevel(core::LogLevel::kError);
}

absl::Status OpenState(const ServeConfig& c, Services& s) {
  RETURN_IF_ERROR(core::CreateDirs(c.data_dir));
  ASSIGN_OR_RETURN(s.meta, meta::MetaStore::Open(c.data_dir + "/meta.sqlite"));
  s.keys = std::make_unique<auth::KeyStore>(*s.meta);
  if (!IsLoopback(c.listen) && !s.keys->HasKeys()) {
    return absl::FailedPreconditionError(fmt::format(
        "refusing to listen on {} with no API keys: anyone could write and read your data. Create "
        "a key first with 'waggle keys create --scope admin --data {}', or listen on 127.0.0.1",
        c.listen, c.data_dir));
  }
  s.principals = std::make_unique<api::PrincipalResolver>(*s.keys);
  ASSIGN_OR_RETURN(std::string aws_master, auth::LoadOrCreateAwsMasterSecret(c.data_dir));
  s.keys_api = std::make_unique<api::v1::KeysApi>(*s.keys, *s.principals, aws_master);
  s.aws_auth = std::make_unique<api::aws::AwsAuthenticator>(
      *s.principals, *s.keys, std::move(aws_master), core::SystemClock::Get());
  store::StoreOptions options;
  options.data_dir = c.data_dir;
  options.retention_ns = c.retention_ns;
  options.dataset_retention_ns = c.dataset_retention_ns;
  options.head_flush_bytes = c.head_flush_bytes;
  options.head_flush_age_ns = c.head_flush_age_ns;
  options.column_cache_bytes = c.column_cache_bytes;
  ASSIGN_OR_RETURN(s.store,
                   store::Store::Open(options, ingest::DecodeRecord, core::SystemClock::Get()));
  return absl::OkStatus();
}

net::http::ServerOptions HttpOptions(const ServeConfig& c, int port) {
  net::http::ServerOptions o;
  o.address = c.listen;
  o.port = static_cast<uint16_t>(port);
  o.max_body_bytes = c.max_body_bytes;
  // Browser exporters on a developer's machine may send OTLP directly.
  o.cors_allowed_origins = {"http://localhost:*", "http://127.0.0.1:*"};
  return o;
}

// Pairs of UDP and TCP ports tried for --xray-port 0.
constexpr int kXrayPortAttempts = 20;

// Creates the X-Ray API (added to `edge`), its daemon UDP listener and its
// TCP listener on the same port number.
absl::Status StartXray(const ServeConfig& c, Services& s, net::http::Router& edge) {
  s.xray_ingester =
      std::make_unique<api::xray::SegmentIngester>(*s.store, s.metrics, &s.rollbar->span_errors());
  s.xray_sampling =
      std::make_unique<api::xray::SamplingService>(core::SystemClock::Get(), s.meta.get());
  s.xray_api =
      std::make_unique<api::xray::XrayApi>(*s.store, *s.meta, *s.xray_ingester, *s.xray_sampling,
                                           s.aws_auth.get(), core::SystemClock::Get());
  s.xray_api->AddRoutes(edge, /*verify_signatures=*/true);
  // With port 0 the UDP port is picked first; the TCP port of the same
  // number may be taken, so then another pair is tried.
  const int attempts = c.xray_port == 0 ? kXrayPortAttempts : 1;
  absl::Status started;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    s.xray_tcp.reset();
    s.xray_daemon.reset();
    api::xray::DaemonOptions daemon;
    daemon.address = c.listen;
    daemon.port = static_cast<uint16_t>(c.xray_port);
    s.xray_daemon = std::make_unique<api::xray::XrayDaemon>(daemon, *s.xray_ingester, s.metrics);
    RETURN_IF_ERROR(s.xray_daemon->Start());
    net::http::Router tcp;
    s.xray_api->AddRoutes(tcp, /*verify_signatures=*/false);
    s.xray_tcp =
        std::make_unique<net::http::Server>(HttpOptions(c, s.xray_daemon->port()), std::move(tcp));
    started = s.xray_tcp->Start();
    if (started.ok()) return started;
  }
  return started;
}

absl::Status StartListeners(const ServeConfig& c, Services& s) {
  // Rollbar first: the span front ends hand it the exceptions they store.
  api::rollbar::RollbarApiOptions rollbar_options;
  rollbar_options.rate_limit_per_minute = static_cast<int64_t>(c.rollbar_rate_limit);
  s.rollbar = std::make_unique<api::rollbar::RollbarApi>(*s.store, *s.meta, *s.principals,
                                                         core::SystemClock::Get(), rollbar_options);
  s.otlp = std::make_unique<api::OtlpReceiver>(*s.store, *s.principals, s.metrics,
                                               &s.rollbar->span_errors());
  s.read_api = std::make_unique<api::v1::ReadApi>(*s.store, *s.principals);
  s.query_api = std::make_unique<api::v1::QueryApi>(*s.store, *s.principals, 2, s.meta.get());
  s.saved_queries_api =
      std::make_unique<api::v1::SavedQueriesApi>(*s.meta, *s.principals, core::SystemClock::Get());

  net::http::Router edge;
  s.otlp->AddHttpRoutes(edge);
  s.read_api->AddRoutes(edge);
  s.service_map_api = std::make_unique<api::v1::ServiceMapApi>(*s.store, *s.principals);
  s.service_map_api->AddRoutes(edge);
  s.metric_series_api =
      std::make_unique<api::v1::MetricSeriesApi>(*s.store, *s.meta, *s.principals);
  s.metric_series_api->AddRoutes(edge);
  RETURN_IF_ERROR(StartXray(c, s, edge));
  s.query_api->AddRoutes(edge);
  s.saved_queries_api->AddRoutes(edge);
  s.keys_api->AddRoutes(edge);
  s.rollbar->AddRoutes(edge);
  ASSIGN_OR_RETURN(s.cloudwatch_logs,
                   api::cloudwatch::CloudWatchLogsApi::Create(*s.store, *s.meta, *s.aws_auth,
                                                              core::SystemClock::Get()));
  s.cloudwatch_logs->AddRoutes(edge);  // POST / with X-Amz-Target: Logs_20140328.*
  api::AddOpsRoutes(edge, *s.store, s.metrics);
  // The web UI last: "/", its files and /ui/*; every API route keeps precedence.
  s.ui = std::make_unique<api::ui::AssetServer>(api::ui::EmbeddedAssets());
  s.ui->AddRoutes(edge);
  s.edge = std::make_unique<net::http::Server>(HttpOptions(c, c.http_port), std::move(edge));
  RETURN_IF_ERROR(s.edge->Start());

  net::http::Router otlp;
  s.otlp->AddHttpRoutes(otlp);
  api::AddOpsRoutes(otlp, *s.store, s.metrics);
  s.otlp_http =
      std::make_unique<net::http::Server>(HttpOptions(c, c.otlp_http_port), std::move(otlp));
  RETURN_IF_ERROR(s.otlp_http->Start());

  net::grpc::GrpcServerOptions g;
  g.address = c.listen;
  g.port = static_cast<uint16_t>(c.otlp_grpc_port);
  g.max_message_bytes = c.max_body_bytes;
  s.otlp_grpc = std::make_unique<net::grpc::GrpcServer>(g);
  s.otlp->AddGrpcMethods(*s.otlp_grpc);
  return s.otlp_grpc->Start();
}

absl::Status WritePorts(const ServeConfig& c, const Services& s) {
  std::string json =
      fmt::format("{{\"http\":{},\"otlp_http\":{},\"otlp_grpc\":{},\"xray\":{}}}\n", s.edge->port(),
                  s.otlp_http->port(), s.otlp_grpc->port(), s.xray_daemon->port());
  core::LogInfo("listening on {}: edge http://{}:{}  otlp/http {}  otlp/grpc {}  xray {}", c.listen,
                c.listen, s.edge->port(), s.otlp_http->port(), s.otlp_grpc->port(),
                s.xray_daemon->port());
  core::LogInfo("web UI: http://{}:{}/", c.listen, s.edge->port());
  core::LogInfo(
      "send OpenTelemetry data with OTEL_EXPORTER_OTLP_ENDPOINT=http://{}:{}{}", c.listen,
      s.otlp_http->port(),
      s.keys->HasKeys() ? " and OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=<ingest key>" : "");
  core::LogInfo(
      "X-Ray SDKs: AWS_XRAY_DAEMON_ADDRESS={}:{}; CloudWatch Logs clients: "
      "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http://{}:{}; Rollbar SDKs: endpoint http://{}:{}/api/1/",
      c.listen, s.xray_daemon->port(), c.listen, s.edge->port(), c.listen, s.edge->port());
  core::LogInfo("see what arrived: curl http://{}:{}/api/v1/datasets", c.listen, s.edge->port());
  return core::WriteFileAtomic(c.data_dir + "/ports.json", json);
}

void StopAll(Services& s) {
  if (s.edge) s.edge->Stop();
  if (s.xray_tcp) s.xray_tcp->Stop();
  if (s.xray_daemon) s.xray_daemon->Stop();
  if (s.otlp_http) s.otlp_http->Stop();
  if (s.otlp_grpc) s.otlp_grpc->Stop();
  if (s.store) {
    absl::Status closed = s.store->Close();
    if (!closed.ok()) core::LogError("flushing the store on shutdown: {}", closed.message());
  }
}

// Starts the in-process demo (`--demo`): a day of history on the first run
// (no Cruddur data yet), then live traffic, sent to this server's own ports.
std::unique_ptr<ServeDemo> StartDemo(const ServeConfig& c, const Services& s) {
  demo::DemoTarget target;
  target.host = IsLoopback(c.listen) ? c.listen : "127.0.0.1";
  target.http_port = s.edge->port();
  target.otlp_http_port = s.otlp_http->port();
  target.xray_port = s.xray_daemon->port();
  if (s.keys->HasKeys()) {
    const char* key = std::getenv("WAGGLE_KEY");
    if (key == nullptr || *key == '\0') {
      core::LogWarn("--demo needs an ingest key when keys are on: set WAGGLE_KEY; no demo traffic");
      return nullptr;
    }
    target.key = key;
    std::optional<auth::ParsedKey> parsed = auth::ParseKey(target.key);
    absl::StatusOr<std::string> master = auth::LoadOrCreateAwsMasterSecret(c.data_dir);
    if (parsed && master.ok()) {
      target.aws = {std::string(parsed->id), auth::DeriveAwsSecretAccessKey(*master, parsed->id)};
    }
  }
  bool has_history = false;
  for (const store::TableSnapshot& t : s.store->Snapshot()) {
    has_history |= t.id.dataset == "backend-flask" && t.rows() > 0;
  }
  constexpr int64_t kDayNs = 24 * 3600 * int64_t{1'000'000'000};
  return std::make_unique<ServeDemo>(target, has_history ? 0 : kDayNs);
}

}  // namespace

int RunServe(const ServeFlags& flags) {
  absl::StatusOr<ServeConfig> config = ResolveConfig(flags);
  if (!config.ok()) {
    core::LogError("configuration: {}", config.status().message());
    return 2;
  }
  SetLevel(config->log_level);
  // Block the termination signals in every thread; the main thread waits
  // for them with sigwait, so shutdown runs as ordinary code.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Services s;
  absl::Status started = OpenState(*config, s);
  if (started.ok()) started = StartListeners(*config, s);
  if (started.ok()) started = WritePorts(*config, s);
  if (!started.ok()) {
    core::LogError("cannot start: {}", started.message());
    StopAll(s);
    return 1;
  }
  std::unique_ptr<ServeDemo> demo = flags.demo ? StartDemo(*config, s) : nullptr;
  int received = 0;
  sigwait(&signals, &received);
  core::LogInfo("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  demo.reset();
  StopAll(s);
  core::LogInfo("stopped cleanly");
  return 0;
}

}  // namespace waggle::cli
