#include "api/otlp/receiver.h"

#include <fmt/format.h>

#include "ingest/otlp/decode.h"
#include "ingest/otlp/response.h"
#include "ingest/record_types.h"

namespace waggle::api {
namespace {

using ingest::otlp::Signal;
using net::http::Request;
using net::http::Response;

enum class Encoding { kProto, kJson, kUnknown };

Encoding EncodingOf(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media == "application/x-protobuf" || media == "application/protobuf") return Encoding::kProto;
  if (media == "application/json") return Encoding::kJson;
  return Encoding::kUnknown;
}

// The outcome of one export, independent of transport.
struct ExportOutcome {
  absl::Status status;
  uint64_t rejected = 0;
  std::string message;
};

absl::StatusOr<ingest::otlp::DecodeResult> Decode(Signal signal, Encoding enc,
                                                  std::string_view body, model::EventBatch* batch) {
  bool proto = enc == Encoding::kProto;
  if (signal == Signal::kTraces) {
    return proto ? ingest::otlp::DecodeTracesProto(body, batch)
                 : ingest::otlp::DecodeTracesJson(body, batch);
  }
  return proto ? ingest::otlp::DecodeLogsProto(body, batch)
               : ingest::otlp::DecodeLogsJson(body, batch);
}

ingest::RecordType RecordTypeFor(Signal signal, Encoding enc) {
  using ingest::RecordType;
  if (signal == Signal::kTraces) {
    return enc == Encoding::kProto ? RecordType::kOtlpTracesProto : RecordType::kOtlpTracesJson;
  }
  return enc == Encoding::kProto ? RecordType::kOtlpLogsProto : RecordType::kOtlpLogsJson;
}

int GrpcCodeFor(const absl::Status& s) {
  // Backpressure is UNAVAILABLE so every OTLP client retries it.
  if (s.code() == absl::StatusCode::kResourceExhausted) return 14;
  return static_cast<int>(s.code());
}

int HttpCodeFor(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

Response ErrorResponse(Encoding enc, int http_status, const absl::Status& s) {
  int code = GrpcCodeFor(s);
  bool retry = http_status == 503 || http_status == 429;
  Response r;
  r.status = http_status;
  if (enc == Encoding::kProto) {
    r.content_type = "application/x-protobuf";
    r.body = ingest::otlp::EncodeStatusProto(code, core::ToStd(s.message()), retry ? 1 : 0);
  } else {
    r.content_type = "application/json";
    r.body = ingest::otlp::EncodeStatusJson(code, core::ToStd(s.message()));
  }
  if (retry) r.headers.emplace_back("Retry-After", "1");
  return r;
}

}  // namespace

namespace {

class ExportHandler {
 public:
  ExportHandler(store::Store& store, const PrincipalResolver& principals, IngestMetrics& metrics,
                SpanErrorSink* span_errors, Signal signal)
      : store_(store),
        principals_(principals),
        metrics_(metrics),
        span_errors_(span_errors),
        signal_(signal) {}

  // Authenticates, decodes and stores one export request body.
  ExportOutcome Export(std::string_view team, std::string_view authorization, Encoding enc,
                       std::string_view body) const {
    size_t index = static_cast<size_t>(signal_);
    metrics_.Add(metrics_.requests[index]);
    metrics_.Add(metrics_.request_bytes, body.size());
    absl::StatusOr<Principal> who = principals_.Resolve(team, authorization, auth::Scope::kIngest);
    if (!who.ok()) return {who.status()};
    if (signal_ == Signal::kMetrics) return ExportMetrics(enc, body);
    thread_local model::EventBatch batch;
    batch.Clear();
    absl::StatusOr<ingest::otlp::DecodeResult> decoded = Decode(signal_, enc, body, &batch);
    if (!decoded.ok()) return {decoded.status()};
    metrics_.Add(metrics_.truncated_values, decoded->truncated_values);
    metrics_.Add(metrics_.rejected_items[index], decoded->rejected);
    if (batch.item_count() > 0) {
      uint8_t type = static_cast<uint8_t>(RecordTypeFor(signal_, enc));
      absl::Status stored = store_.Append(who->environment, type, body, batch);
      if (!stored.ok()) {
        if (absl::IsResourceExhausted(stored)) metrics_.Add(metrics_.overloaded_requests);
        return {stored};
      }
      metrics_.Add(metrics_.accepted_items[index], batch.item_count());
      if (span_errors_ != nullptr && signal_ == Signal::kTraces) {
        span_errors_->OnSpansStored(who->environment, "otlp", batch);
      }
    }
    std::string message = decoded->error_message;
    if (decoded->truncated_values > 0 && message.empty()) {
      message = fmt::format("{} attribute value(s) longer than 64 KiB were truncated",
                            decoded->truncated_values);
    }
    return {absl::OkStatus(), decoded->rejected, std::move(message)};
  }

 private:
  ExportOutcome ExportMetrics(Encoding enc, std::string_view body) const {
    absl::StatusOr<uint64_t> points = enc == Encoding::kProto
                                          ? ingest::otlp::CountMetricDataPointsProto(body)
                                          : ingest::otlp::CountMetricDataPointsJson(body);
    if (!points.ok()) return {points.status()};
    metrics_.Add(metrics_.rejected_items[2], *points);
    if (*points == 0) return {absl::OkStatus()};
    return {absl::OkStatus(), *points,
            "metrics are not stored by this version of Waggle; send traces and logs"};
  }

  store::Store& store_;
  const PrincipalResolver& principals_;
  IngestMetrics& metrics_;
  SpanErrorSink* span_errors_;
  Signal signal_;
};

Response HttpExport(const ExportHandler& handler, IngestMetrics& metrics, Signal signal,
                    const Request& req) {
  Encoding enc = EncodingOf(req.Header("content-type"));
  if (enc == Encoding::kUnknown) {
    metrics.Add(metrics.failed_requests[static_cast<size_t>(signal)]);
    Response r = ErrorResponse(
        Encoding::kJson, 415,
        absl::InvalidArgumentError("unsupported content type: use application/x-protobuf or "
                                   "application/json"));
    return r;
  }
  ExportOutcome out =
      handler.Export(req.Header("x-honeycomb-team"), req.Header("authorization"), enc, req.body);
  if (!out.status.ok()) {
    metrics.Add(metrics.failed_requests[static_cast<size_t>(signal)]);
    return ErrorResponse(enc, HttpCodeFor(out.status), out.status);
  }
  Response r;
  if (enc == Encoding::kProto) {
    r.content_type = "application/x-protobuf";
    r.body = ingest::otlp::EncodeExportResponseProto(signal, out.rejected, out.message);
  } else {
    r.content_type = "application/json";
    r.body = ingest::otlp::EncodeExportResponseJson(signal, out.rejected, out.message);
  }
  return r;
}

net::grpc::Reply GrpcExport(const ExportHandler& handler, Signal signal,
                            const net::grpc::Call& call) {
  ExportOutcome out =
      handler.Export(call.Metadata("x-honeycomb-team"), call.Metadata("authorization"),
                     Encoding::kProto, call.message);
  net::grpc::Reply reply;
  if (!out.status.ok()) {
    reply.code = GrpcCodeFor(out.status);
    reply.message = std::string(out.status.message());
    bool retry = reply.code == 14;
    reply.details = ingest::otlp::EncodeStatusProto(reply.code, reply.message, retry ? 1 : 0);
    return reply;
  }
  reply.body = ingest::otlp::EncodeExportResponseProto(signal, out.rejected, out.message);
  return reply;
}

// A transport-level error (413, 400 bad gzip, ...) as google.rpc.Status.
Response RenderTransportError(const Request& req, int status, std::string_view message) {
  Encoding enc = EncodingOf(req.Header("content-type"));
  absl::Status s = status == 413   ? absl::ResourceExhaustedError(core::ToAbsl(message))
                   : status == 503 ? absl::UnavailableError(core::ToAbsl(message))
                                   : absl::InvalidArgumentError(core::ToAbsl(message));
  Response r = ErrorResponse(enc == Encoding::kProto ? enc : Encoding::kJson, status, s);
  return r;
}

constexpr struct {
  Signal signal;
  const char* http_path;
  const char* grpc_method;
} kSignals[] = {
    {Signal::kTraces, "/v1/traces", "/opentelemetry.proto.collector.trace.v1.TraceService/Export"},
    {Signal::kLogs, "/v1/logs", "/opentelemetry.proto.collector.logs.v1.LogsService/Export"},
    {Signal::kMetrics, "/v1/metrics",
     "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"},
};

}  // namespace

void OtlpReceiver::AddHttpRoutes(net::http::Router& router) {
  for (const auto& s : kSignals) {
    auto handler =
        std::make_shared<ExportHandler>(store_, principals_, metrics_, span_errors_, s.signal);
    Signal signal = s.signal;
    IngestMetrics* metrics = &metrics_;
    router.Add(
        "POST", s.http_path,
        [handler, metrics, signal](const Request& req) {
          return HttpExport(*handler, *metrics, signal, req);
        },
        RenderTransportError);
  }
}

void OtlpReceiver::AddGrpcMethods(net::grpc::GrpcServer& server) {
  for (const auto& s : kSignals) {
    auto handler =
        std::make_shared<ExportHandler>(store_, principals_, metrics_, span_errors_, s.signal);
    Signal signal = s.signal;
    server.Register(s.grpc_method, [handler, signal](const net::grpc::Call& call) {
      return GrpcExport(*handler, signal, call);
    });
  }
}

}  // namespace waggle::api
