// Drives a real GrpcServer with grpc::GenericStub (raw bytes, no protobuf).
#include "net/grpc/server.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

namespace waggle::net::grpc {
namespace {

constexpr char kEcho[] = "/test.Echo/Say";
constexpr char kFail[] = "/test.Echo/Fail";
constexpr char kSlow[] = "/test.Echo/Slow";

struct Result {
  ::grpc::Status status;
  std::string body;
};

class GrpcServerTest : public ::testing::Test {
 protected:
  void StartServer(GrpcServerOptions options = {}) {
    server_ = std::make_unique<GrpcServer>(std::move(options));
    server_->Register(kEcho, [](const Call& call) {
      return Reply{.body = call.method + "|" + std::string(call.Metadata("x-tenant")) + "|" +
                           std::to_string(call.message.size()) + "|" + call.message.substr(0, 16)};
    });
    server_->Register(kFail, [](const Call&) {
      return Reply{.code = 3, .message = "bad spans", .details = std::string("\x08\x03", 2)};
    });
    server_->Register(kSlow, [this](const Call&) {
      std::unique_lock<std::mutex> lock(mu_);
      ++arrived_;
      cv_.notify_all();
      bool opened = cv_.wait_for(lock, std::chrono::seconds(20), [this] { return open_; });
      return Reply{.code = opened ? 0 : 4, .body = "slow"};
    });
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_NE(server_->port(), 0);
    channel_ = ::grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                     ::grpc::InsecureChannelCredentials());
  }

  void TearDown() override {
    Open();
    if (server_) server_->Stop();
  }

  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

  bool WaitArrived(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return arrived_ >= n; });
  }

  // One blocking unary call through the generic stub.
  Result Invoke(const std::string& method, const std::string& message,
                const std::vector<std::pair<std::string, std::string>>& metadata = {},
                bool gzip = false) {
    ::grpc::GenericStub stub(channel_);
    ::grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
    if (gzip) context.set_compression_algorithm(GRPC_COMPRESS_GZIP);
    ::grpc::Slice slice(message);
    ::grpc::ByteBuffer request(&slice, 1);
    ::grpc::ByteBuffer response;
    std::promise<::grpc::Status> done;
    stub.UnaryCall(&context, method, ::grpc::StubOptions(), &request, &response,
                   [&done](::grpc::Status status) { done.set_value(std::move(status)); });
    Result result;
    result.status = done.get_future().get();
    std::vector<::grpc::Slice> slices;
    if (result.status.ok() && response.Dump(&slices).ok()) {
      for (const auto& s : slices)
        result.body.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
    return result;
  }

  std::mutex mu_;
  std::condition_variable cv_;
  int arrived_ = 0;
  bool open_ = false;
  std::unique_ptr<GrpcServer> server_;
  std::shared_ptr<::grpc::Channel> channel_;
};

TEST_F(GrpcServerTest, EchoesBytesAndMetadata) {
  StartServer();
  std::string message("\x0a\x03\x00\x01\x02payload", 11);
  Result result = Invoke(kEcho, message, {{"x-tenant", "acme"}});
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.body, std::string(kEcho) + "|acme|11|" + message);
}

TEST_F(GrpcServerTest, ErrorCodeMessageAndDetailsReachTheClient) {
  StartServer();
  Result result = Invoke(kFail, "x");
  EXPECT_EQ(result.status.error_code(), ::grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(result.status.error_message(), "bad spans");
  EXPECT_EQ(result.status.error_details(), std::string("\x08\x03", 2));
}

TEST_F(GrpcServerTest, UnknownMethodIsUnimplemented) {
  StartServer();
  Result result = Invoke("/test.Echo/Nope", "x");
  EXPECT_EQ(result.status.error_code(), ::grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(GrpcServerTest, GzipRequestsAreDecompressed) {
  StartServer();
  std::string message(100000, 'g');
  Result result = Invoke(kEcho, message, {}, /*gzip=*/true);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.body, std::string(kEcho) + "||100000|" + std::string(16, 'g'));
}

TEST_F(GrpcServerTest, OversizedMessagesAreResourceExhausted) {
  GrpcServerOptions options;
  options.max_message_bytes = 64 << 10;
  StartServer(options);
  EXPECT_EQ(Invoke(kEcho, std::string(100 << 10, 'x')).status.error_code(),
            ::grpc::StatusCode::RESOURCE_EXHAUSTED);
  // Compressed small, decompressed over the cap: still refused.
  EXPECT_EQ(Invoke(kEcho, std::string(1 << 20, 'x'), {}, true).status.error_code(),
            ::grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(Invoke(kEcho, std::string(1000, 'x')).status.ok());
}

// 32 calls that each wait for all 32: completes only if handlers run on the
// worker pool concurrently.
TEST_F(GrpcServerTest, BlockingHandlersRunInParallel) {
  GrpcServerOptions options;
  options.worker_threads = 32;
  StartServer(options);
  std::atomic<int> ok{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 32; ++i) {
    callers.emplace_back([&] {
      Result result = Invoke(kSlow, "");
      if (result.status.ok() && result.body == "slow") ok.fetch_add(1);
    });
  }
  EXPECT_TRUE(WaitArrived(32));
  Open();
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(ok.load(), 32);
}

TEST_F(GrpcServerTest, StopWaitsForInFlightCalls) {
  StartServer();
  std::future<Result> call = std::async(std::launch::async, [&] { return Invoke(kSlow, ""); });
  ASSERT_TRUE(WaitArrived(1));
  std::thread stopper([&] { server_->Stop(); });
  Open();
  Result result = call.get();
  stopper.join();
  EXPECT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.body, "slow");
  server_->Stop();  // Idempotent.
}

TEST(GrpcServerStartTest, StartTwiceFails) {
  GrpcServer server(GrpcServerOptions{});
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(server.Start().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace waggle::net::grpc
