#include "cli/serve.h"

#include <fmt/format.h>

#include <csignal>
#include <memory>

#include "api/common/metrics.h"
#include "api/common/principal.h"
#include "api/ops/ops_api.h"
#include "api/otlp/receiver.h"
#include "api/v1/read_api.h"
#include "auth/key_info.h"
#include "auth/key_store.h"
#include "auth/presented_key.h"
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
  std::unique_ptr<store::Store> store;
  api::IngestMetrics metrics;
  std::unique_ptr<api::OtlpReceiver> otlp;
  std::unique_ptr<api::v1::ReadApi> read_api;
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
  store::StoreOptions options;
  options.data_dir = c.data_dir;
  options.retention_ns = c.retention_ns;
  options.dataset_retention_ns = c.dataset_retention_ns;
  options.head_flush_bytes = c.head_flush_bytes;
  options.head_flush_age_ns = c.head_flush_age_ns;
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

absl::Status StartListeners(const ServeConfig& c, Services& s) {
  s.otlp = std::make_unique<api::OtlpReceiver>(*s.store, *s.principals, s.metrics);
  s.read_api = std::make_unique<api::v1::ReadApi>(*s.store, *s.principals);

  net::http::Router edge;
  s.otlp->AddHttpRoutes(edge);
  s.read_api->AddRoutes(edge);
  api::AddOpsRoutes(edge, *s.store, s.metrics);
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
  // The X-Ray daemon listener is not served yet; its port is reported as null.
  std::string json =
      fmt::format("{{\"http\":{},\"otlp_http\":{},\"otlp_grpc\":{},\"xray\":null}}\n",
                  s.edge->port(), s.otlp_http->port(), s.otlp_grpc->port());
  core::LogInfo("listening on {}: edge http://{}:{}  otlp/http {}  otlp/grpc {}", c.listen,
                c.listen, s.edge->port(), s.otlp_http->port(), s.otlp_grpc->port());
  core::LogInfo(
      "send OpenTelemetry data with OTEL_EXPORTER_OTLP_ENDPOINT=http://{}:{}{}", c.listen,
      s.otlp_http->port(),
      s.keys->HasKeys() ? " and OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=<ingest key>" : "");
  core::LogInfo("see what arrived: curl http://{}:{}/api/v1/datasets", c.listen, s.edge->port());
  return core::WriteFileAtomic(c.data_dir + "/ports.json", json);
}

void StopAll(Services& s) {
  if (s.edge) s.edge->Stop();
  if (s.otlp_http) s.otlp_http->Stop();
  if (s.otlp_grpc) s.otlp_grpc->Stop();
  if (s.store) {
    absl::Status closed = s.store->Close();
    if (!closed.ok()) core::LogError("flushing the store on shutdown: {}", closed.message());
  }
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
  int received = 0;
  sigwait(&signals, &received);
  core::LogInfo("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  StopAll(s);
  core::LogInfo("stopped cleanly");
  return 0;
}

}  // namespace waggle::cli
