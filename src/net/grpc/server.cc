#include "net/grpc/server.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <exception>
#include <mutex>
#include <unordered_map>

#include "core/log.h"
#include "core/thread_pool.h"

namespace waggle::net::grpc {

namespace {

using HandlerMap = std::unordered_map<std::string, Handler>;

std::string ToString(::grpc::string_ref s) { return std::string(s.data(), s.size()); }

std::string Flatten(const ::grpc::ByteBuffer& buffer) {
  std::vector<::grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  out.reserve(buffer.Length());
  for (const ::grpc::Slice& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

Reply CallHandler(const Handler& handler, const Call& call) {
  try {
    return handler(call);
  } catch (const std::exception& e) {
    core::LogError("grpc handler for {} threw: {}", call.method, e.what());
  } catch (...) {
    core::LogError("grpc handler for {} threw", call.method);
  }
  return Reply{.code = static_cast<int>(::grpc::StatusCode::INTERNAL), .message = "internal error"};
}

// Calls waiting for a worker, per worker, before new ones are refused.
constexpr size_t kMaxQueuedCallsPerWorker = 2;

// Serves one unary call: read the request, run the handler on the pool,
// write the reply and finish. Deletes itself when gRPC is done with it.
class UnaryReactor final : public ::grpc::ServerGenericBidiReactor {
 public:
  UnaryReactor(::grpc::GenericCallbackServerContext* context, const Handler& handler,
               core::ThreadPool& pool)
      : context_(context), handler_(handler), pool_(pool) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // The client half-closed (or the call died) before sending a message.
      Finish(::grpc::Status(::grpc::StatusCode::INVALID_ARGUMENT, "no request message"));
      return;
    }
    // Each queued call holds its whole message: past a bounded queue, shed
    // load with a status every client retries instead of growing memory.
    if (pool_.queued() >= kMaxQueuedCallsPerWorker * static_cast<size_t>(pool_.size())) {
      Finish(::grpc::Status(::grpc::StatusCode::UNAVAILABLE, "server overloaded, retry later"));
      return;
    }
    if (!pool_.Submit([this] { Run(); })) {
      Finish(::grpc::Status(::grpc::StatusCode::UNAVAILABLE, "server shutting down"));
    }
  }

  void OnDone() override { delete this; }

 private:
  // On a worker thread. `this` stays alive: OnDone comes only after Finish.
  void Run() {
    Call call;
    call.method = context_->method();
    call.peer = context_->peer();
    for (const auto& [key, value] : context_->client_metadata()) {
      call.metadata.emplace_back(ToString(key), ToString(value));
    }
    call.message = Flatten(request_);
    request_.Clear();
    Reply reply = CallHandler(handler_, call);
    if (reply.code != 0) {
      Finish(::grpc::Status(static_cast<::grpc::StatusCode>(reply.code), reply.message,
                            reply.details));
      return;
    }
    ::grpc::Slice slice(reply.body);
    response_ = ::grpc::ByteBuffer(&slice, 1);
    StartWriteAndFinish(&response_, ::grpc::WriteOptions(), ::grpc::Status::OK);
  }

  ::grpc::GenericCallbackServerContext* const context_;
  const Handler& handler_;
  core::ThreadPool& pool_;
  ::grpc::ByteBuffer request_;
  ::grpc::ByteBuffer response_;
};

class GenericService final : public ::grpc::CallbackGenericService {
 public:
  GenericService(const HandlerMap& handlers, core::ThreadPool& pool)
      : handlers_(handlers), pool_(pool) {}

  ::grpc::ServerGenericBidiReactor* CreateReactor(
      ::grpc::GenericCallbackServerContext* context) override {
    auto it = handlers_.find(context->method());
    if (it == handlers_.end()) {
      // The base class answers UNIMPLEMENTED.
      return ::grpc::CallbackGenericService::CreateReactor(context);
    }
    return new UnaryReactor(context, it->second, pool_);
  }

 private:
  const HandlerMap& handlers_;
  core::ThreadPool& pool_;
};

}  // namespace

std::string_view Call::Metadata(std::string_view lower_key) const {
  for (const auto& [key, value] : metadata) {
    if (key == lower_key) return value;
  }
  return {};
}

class GrpcServer::Impl {
 public:
  explicit Impl(GrpcServerOptions options)
      : options_(std::move(options)), pool_(options_.worker_threads), service_(handlers_, pool_) {}

  void Register(std::string method, Handler handler) {
    handlers_[std::move(method)] = std::move(handler);
  }
  absl::Status Start();
  void Stop();
  uint16_t port() const { return port_; }

 private:
  const GrpcServerOptions options_;
  HandlerMap handlers_;  // Read-only once started.
  core::ThreadPool pool_;
  GenericService service_;
  std::unique_ptr<::grpc::Server> server_;
  uint16_t port_ = 0;
  std::mutex lifecycle_mu_;  // Serializes Start() and Stop().
  bool started_ = false;
  bool stopped_ = false;
};

absl::Status GrpcServer::Impl::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (started_) return absl::FailedPreconditionError("grpc server already started");
  started_ = true;
  std::string host = options_.address.find(':') != std::string::npos ? "[" + options_.address + "]"
                                                                     : options_.address;
  std::string target = host + ":" + std::to_string(options_.port);
  int selected_port = 0;
  ::grpc::ServerBuilder builder;
  builder.AddListeningPort(target, ::grpc::InsecureServerCredentials(), &selected_port);
  builder.RegisterCallbackGenericService(&service_);
  builder.SetMaxReceiveMessageSize(static_cast<int>(
      std::min<size_t>(options_.max_message_bytes, std::numeric_limits<int>::max())));
  builder.SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_GZIP, true);
  builder.SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_DEFLATE, true);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || selected_port == 0) {
    server_.reset();
    return absl::UnavailableError("grpc: cannot listen on " + target);
  }
  port_ = static_cast<uint16_t>(selected_port);
  return absl::OkStatus();
}

void GrpcServer::Impl::Stop() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (stopped_) return;
  stopped_ = true;
  if (server_ != nullptr) {
    // Waits for in-flight calls (their handlers finish on the pool) and
    // cancels those still running at the deadline.
    server_->Shutdown(std::chrono::system_clock::now() +
                      std::chrono::seconds(options_.shutdown_grace_seconds));
  }
  pool_.Shutdown();
  server_.reset();
}

GrpcServer::GrpcServer(GrpcServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

GrpcServer::~GrpcServer() { Stop(); }

void GrpcServer::Register(std::string method, Handler handler) {
  impl_->Register(std::move(method), std::move(handler));
}

absl::Status GrpcServer::Start() { return impl_->Start(); }

uint16_t GrpcServer::port() const { return impl_->port(); }

void GrpcServer::Stop() { impl_->Stop(); }

}  // namespace waggle::net::grpc
