// End-to-end tests: a real Server on a free port, driven by a Beast client
// (and raw sockets where the client must misbehave).
#include "net/http/server.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "net/http/decompress.h"

namespace waggle::net::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ClientResponse = bhttp::response<bhttp::string_body>;

// A blocking HTTP/1.1 client on one connection.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  // Sends `request` and reads one response; `ec` reports a failure.
  ClientResponse Send(bhttp::request<bhttp::string_body> request, beast::error_code& ec) {
    request.version(11);
    request.set(bhttp::field::host, "localhost");
    if (!request.chunked()) request.prepare_payload();
    bhttp::write(socket_, request, ec);
    ClientResponse response;
    if (!ec) bhttp::read(socket_, buffer_, response, ec);
    return response;
  }

  ClientResponse Send(bhttp::request<bhttp::string_body> request) {
    beast::error_code ec;
    ClientResponse response = Send(std::move(request), ec);
    EXPECT_FALSE(ec) << ec.message();
    return response;
  }

  // Writes raw bytes, then reads one response.
  // With `head`, the response is read as an answer to HEAD (no body).
  ClientResponse SendRaw(std::string_view bytes, beast::error_code& ec, bool head = false) {
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    if (!ec) bhttp::read(socket_, buffer_, parser, ec);
    return parser.release();
  }

  void WriteRaw(std::string_view bytes) {
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()));
  }

  // True when the server has closed the connection (read sees EOF/reset).
  bool ServerClosed() {
    beast::error_code ec;
    char byte;
    socket_.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

  std::string ReadLine() {
    std::string line;
    char c;
    while (socket_.read_some(asio::buffer(&c, 1)) == 1 && c != '\n') line.push_back(c);
    return line;
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

bhttp::request<bhttp::string_body> Make(bhttp::verb verb, std::string target,
                                        std::string body = "") {
  bhttp::request<bhttp::string_body> request(verb, target, 11);
  request.body() = std::move(body);
  return request;
}

std::string Compress(std::string_view data, int window_bits) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = data.size();
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = out.size();
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// A valid gzip of `total` zero bytes (a multiple of 1 MiB), built in
// milliseconds: after a full flush the compressor restarts from scratch, so
// every further 1 MiB block of zeros compresses to the same bytes and can be
// repeated. The trailer's CRC comes from crc32_combine. 1 GiB -> ~1 MiB.
std::string GzipZeros(size_t total) {
  constexpr size_t kChunk = 1 << 20;
  const std::string chunk(kChunk, '\0');
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY);
  auto compress_chunk = [&] {
    std::string out(deflateBound(&zs, kChunk) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    zs.avail_in = kChunk;
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = out.size();
    deflate(&zs, Z_FULL_FLUSH);
    out.resize(out.size() - zs.avail_out);
    return out;
  };
  std::string out = compress_chunk();  // Includes the gzip header.
  const std::string repeated = compress_chunk();
  deflateEnd(&zs);
  for (size_t done = 2 * kChunk; done <= total; done += kChunk) out += repeated;
  uLong chunk_crc = crc32(0, reinterpret_cast<const Bytef*>(chunk.data()), kChunk);
  uLong crc = chunk_crc;
  for (size_t done = kChunk; done < total; done += kChunk) {
    crc = crc32_combine(crc, chunk_crc, kChunk);
  }
  out += std::string("\x03\x00", 2);  // Final, empty, fixed-Huffman block.
  for (uint32_t v : {static_cast<uint32_t>(crc), static_cast<uint32_t>(total)}) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  return out;
}

Response Text(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

// Echoes what the handler saw, one fact per line.
Response Echo(const Request& request) {
  std::string out = request.method + " " + request.path + "\n";
  out += "q=" + request.QueryParam("q") + "\n";
  out += "x-test=" + std::string(request.Header("x-test")) + "\n";
  out += "id=" + std::string(request.Param("id")) + "\n";
  out += "remote=" + request.remote_address + "\n";
  out += "body=" + request.body;
  return Text(200, std::move(out));
}

Response Custom(const Request&, int status, std::string_view message) {
  return Text(status, "custom:" + std::to_string(status) + ":" + std::string(message));
}

// One handler gate: handlers block in Wait() until Open().
class Gate {
 public:
  void Arrive() {
    std::lock_guard<std::mutex> lock(mu_);
    ++arrived_;
    cv_.notify_all();
  }
  bool WaitArrived(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return arrived_ >= n; });
  }
  bool WaitOpen() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return open_; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int arrived_ = 0;
  bool open_ = false;
};

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    auto router = std::make_shared<Router>();
    router->Add("POST", "/echo", Echo);
    router->Add("GET", "/echo", Echo);
    router->Add("GET", "/items/{id}", Echo);
    router->Add("POST", "/custom", Echo, Custom);
    router->Add("POST", "/gate", [this](const Request& request) {
      gate_.Arrive();
      return Text(gate_.WaitOpen() ? 200 : 500, std::to_string(request.body.size()));
    });
    server_ = std::make_unique<Server>(std::move(options), router);
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_NE(server_->port(), 0);
  }

  void TearDown() override {
    gate_.Open();
    if (server_) server_->Stop();
  }

  Gate gate_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  StartServer();
  Client client(server_->port());
  std::string first_remote;
  for (int i = 0; i < 3; ++i) {
    auto request = Make(bhttp::verb::post, "/echo?q=a%20b&z=1", "hello" + std::to_string(i));
    request.set("X-Test", "yes");
    ClientResponse response = client.Send(request);
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_TRUE(response.keep_alive());
    EXPECT_EQ(response[bhttp::field::content_type], "text/plain");
    const std::string& body = response.body();
    EXPECT_NE(body.find("POST /echo\nq=a b\nx-test=yes\n"), std::string::npos) << body;
    EXPECT_NE(body.find("body=hello" + std::to_string(i)), std::string::npos) << body;
    std::string remote =
        body.substr(body.find("remote="), body.find("\nbody") - body.find("remote="));
    if (i == 0) first_remote = remote;
    EXPECT_EQ(remote, first_remote);  // Same TCP connection every time.
  }
  ClientResponse response = client.Send(Make(bhttp::verb::get, "/items/a%2Fb"));
  EXPECT_NE(response.body().find("id=a/b\n"), std::string::npos);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  Client client(server_->port());
  std::string two =
      "GET /echo?q=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo?q=2 HTTP/1.1\r\nHost: x\r\n\r\n";
  beast::error_code ec;
  ClientResponse first = client.SendRaw(two, ec);
  ASSERT_FALSE(ec);
  ClientResponse second = client.SendRaw("", ec);
  ASSERT_FALSE(ec);
  EXPECT_NE(first.body().find("q=1\n"), std::string::npos);
  EXPECT_NE(second.body().find("q=2\n"), std::string::npos);
}

TEST_F(ServerTest, ChunkedUpload) {
  StartServer();
  Client client(server_->port());
  std::string body(300000, 'c');
  auto request = Make(bhttp::verb::post, "/echo", body);
  request.chunked(true);
  ClientResponse response = client.Send(request);
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_NE(response.body().find("body=" + body), std::string::npos);
}

TEST_F(ServerTest, CompressedBodiesAreDecoded) {
  StartServer();
  Client client(server_->port());
  const std::string body = "compressed payload " + std::string(10000, 'x');
  for (auto [encoding, bits] : {std::pair{"gzip", 31}, {"deflate", 15}}) {
    auto request = Make(bhttp::verb::post, "/echo", Compress(body, bits));
    request.set(bhttp::field::content_encoding, encoding);
    ClientResponse response = client.Send(request);
    EXPECT_EQ(response.result_int(), 200) << encoding;
    EXPECT_NE(response.body().find("body=" + body), std::string::npos) << encoding;
  }
}

TEST_F(ServerTest, GzipBombStopsAtCapWith413) {
  StartServer();
  // The construction is a real gzip stream: a small one decodes, CRC and all.
  std::string decoded;
  ASSERT_TRUE(Decompress(Encoding::kGzip, GzipZeros(8 << 20), 8 << 20, &decoded).ok());
  EXPECT_EQ(decoded, std::string(8 << 20, '\0'));
  const std::string bomb = GzipZeros(size_t{1} << 30);  // 1 GiB of zeros.
  ASSERT_LT(bomb.size(), 2u << 20);
  Client client(server_->port());
  auto request = Make(bhttp::verb::post, "/echo", bomb);
  request.set(bhttp::field::content_encoding, "gzip");
  auto start = std::chrono::steady_clock::now();
  ClientResponse response = client.Send(request);
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(response[bhttp::field::content_type], "application/json");
  EXPECT_NE(response.body().find("\"error\""), std::string::npos);
}

TEST_F(ServerTest, InvalidGzipIs400AndUnknownEncodingIs415) {
  StartServer();
  Client client(server_->port());
  auto request = Make(bhttp::verb::post, "/echo", "definitely not gzip");
  request.set(bhttp::field::content_encoding, "gzip");
  ClientResponse response = client.Send(request);
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_TRUE(response.keep_alive());  // The body was read: the connection stays usable.
  EXPECT_EQ(client.Send(Make(bhttp::verb::get, "/echo")).result_int(), 200);

  request.set(bhttp::field::content_encoding, "br");
  response = client.Send(request);
  EXPECT_EQ(response.result_int(), 415);
  EXPECT_FALSE(response.keep_alive());
}

TEST_F(ServerTest, RouteRendererAndDefaultRenderer) {
  StartServer();
  Client client(server_->port());
  auto request = Make(bhttp::verb::post, "/custom", "bad");
  request.set(bhttp::field::content_encoding, "gzip");
  ClientResponse response = client.Send(request);
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_EQ(response.body().rfind("custom:400:", 0), 0u) << response.body();

  response = client.Send(Make(bhttp::verb::get, "/custom"));
  EXPECT_EQ(response.result_int(), 405);
  EXPECT_EQ(response[bhttp::field::allow], "POST");
  EXPECT_EQ(response.body().rfind("custom:405:", 0), 0u) << response.body();

  response = client.Send(Make(bhttp::verb::get, "/nowhere"));
  EXPECT_EQ(response.result_int(), 404);
  EXPECT_EQ(response.body(), "{\"error\":\"no such route\"}");
}

TEST_F(ServerTest, DeclaredOversizeBodyIs413BeforeItIsSent) {
  ServerOptions options;
  options.max_body_bytes = 1 << 20;
  StartServer(options);
  Client client(server_->port());
  beast::error_code ec;
  // Only the header goes out: the answer must not wait for 100 MB.
  ClientResponse response =
      client.SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(ServerTest, ChunkedOversizeBodyIs413) {
  ServerOptions options;
  options.max_body_bytes = 1 << 20;
  StartServer(options);
  Client client(server_->port());
  auto request = Make(bhttp::verb::post, "/echo", std::string(2 << 20, 'x'));
  request.chunked(true);
  beast::error_code ec;
  ClientResponse response = client.Send(request, ec);
  EXPECT_EQ(response.result_int(), 413) << ec.message();
}

TEST_F(ServerTest, MalformedRequestIs400AndCloses) {
  StartServer();
  Client client(server_->port());
  beast::error_code ec;
  ClientResponse response = client.SendRaw("THIS IS NOT HTTP\r\n\r\n", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(ServerTest, OversizeHeaderIs431) {
  ServerOptions options;
  options.max_header_bytes = 4096;
  StartServer(options);
  Client client(server_->port());
  beast::error_code ec;
  ClientResponse response = client.SendRaw(
      "GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8192, 'a') + "\r\n\r\n", ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 431);
}

TEST_F(ServerTest, ExpectContinue) {
  StartServer();
  Client client(server_->port());
  client.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  EXPECT_EQ(client.ReadLine(), "HTTP/1.1 100 Continue\r");
  EXPECT_EQ(client.ReadLine(), "\r");
  beast::error_code ec;
  ClientResponse response = client.SendRaw("hello", ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_NE(response.body().find("body=hello"), std::string::npos);
}

TEST_F(ServerTest, CorsPreflightAndSimpleRequests) {
  ServerOptions options;
  options.cors_allowed_origins = {"http://localhost:*"};
  StartServer(options);
  Client client(server_->port());
  auto preflight = Make(bhttp::verb::options, "/echo");
  preflight.set(bhttp::field::origin, "http://localhost:5173");
  preflight.set(bhttp::field::access_control_request_method, "POST");
  preflight.set(bhttp::field::access_control_request_headers, "content-type,x-honeycomb-team");
  ClientResponse response = client.Send(preflight);
  EXPECT_EQ(response.result_int(), 204);
  EXPECT_EQ(response[bhttp::field::access_control_allow_origin], "http://localhost:5173");
  EXPECT_EQ(response[bhttp::field::access_control_allow_headers], "content-type, x-honeycomb-team");
  EXPECT_NE(response[bhttp::field::access_control_max_age], "");

  auto simple = Make(bhttp::verb::post, "/echo", "x");
  simple.set(bhttp::field::origin, "http://localhost:5173");
  response = client.Send(simple);
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response[bhttp::field::access_control_allow_origin], "http://localhost:5173");

  simple.set(bhttp::field::origin, "http://evil.example");
  response = client.Send(simple);
  EXPECT_EQ(response.count(bhttp::field::access_control_allow_origin), 0u);
  preflight.set(bhttp::field::origin, "http://evil.example");
  EXPECT_EQ(client.Send(preflight).result_int(), 405);  // Routed: /echo has no OPTIONS.
}

// 100 handlers that each wait for all 100 to arrive: this only completes if
// they run concurrently on the worker pool, not on the single io thread.
TEST_F(ServerTest, SlowHandlersRunInParallel) {
  ServerOptions options;
  options.worker_threads = 100;
  StartServer(options);
  constexpr int kClients = 100;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&] {
      Client client(server_->port());
      ClientResponse response = client.Send(Make(bhttp::verb::post, "/gate", "abc"));
      if (response.result_int() == 200 && response.body() == "3") ok.fetch_add(1);
    });
  }
  EXPECT_TRUE(gate_.WaitArrived(kClients));
  gate_.Open();
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(ok.load(), kClients);
}

TEST_F(ServerTest, InflightBudgetSheds503) {
  ServerOptions options;
  options.max_inflight_body_bytes = 1000;
  StartServer(options);
  std::thread blocked([&] {
    Client client(server_->port());
    ClientResponse response = client.Send(Make(bhttp::verb::post, "/gate", std::string(800, 'a')));
    EXPECT_EQ(response.result_int(), 200);
  });
  ASSERT_TRUE(gate_.WaitArrived(1));
  Client client(server_->port());
  beast::error_code ec;
  ClientResponse response =
      client.Send(Make(bhttp::verb::post, "/echo", std::string(800, 'b')), ec);
  EXPECT_EQ(response.result_int(), 503);
  EXPECT_EQ(response[bhttp::field::retry_after], "1");
  gate_.Open();
  blocked.join();
  // Once the first request is done its bytes are released.
  Client again(server_->port());
  EXPECT_EQ(again.Send(Make(bhttp::verb::post, "/echo", std::string(800, 'c'))).result_int(), 200);
}

TEST_F(ServerTest, StopFinishesInFlightRequestsAndClosesIdleOnes) {
  StartServer();
  Client idle(server_->port());
  EXPECT_EQ(idle.Send(Make(bhttp::verb::get, "/echo")).result_int(), 200);
  ClientResponse in_flight;
  std::thread requester([&] {
    Client client(server_->port());
    in_flight = client.Send(Make(bhttp::verb::post, "/gate", "four"));
  });
  ASSERT_TRUE(gate_.WaitArrived(1));
  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    server_->Stop();
    stopped = true;
  });
  EXPECT_TRUE(idle.ServerClosed());  // Idle keep-alive connection is closed...
  EXPECT_FALSE(stopped.load());      // ...while Stop() waits for the handler.
  gate_.Open();
  requester.join();
  stopper.join();
  EXPECT_TRUE(stopped.load());
  EXPECT_EQ(in_flight.result_int(), 200);
  EXPECT_EQ(in_flight.body(), "4");
  EXPECT_FALSE(in_flight.keep_alive());
  server_->Stop();  // Idempotent.
  asio::io_context io;
  tcp::socket socket(io);
  beast::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()), ec);
  EXPECT_TRUE(ec);  // No longer listening.
}

TEST_F(ServerTest, HeadAnswersWithLengthButNoBody) {
  auto router = std::make_shared<Router>();
  router->Add("HEAD", "/h", [](const Request&) { return Text(200, "12345"); });
  router->Add("GET", "/echo", Echo);
  Server server(ServerOptions{}, router);
  ASSERT_TRUE(server.Start().ok());
  Client client(server.port());
  beast::error_code ec;
  ClientResponse head = client.SendRaw("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n", ec, true);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[bhttp::field::content_length], "5");
  // Had a body been sent, it would be parsed as this response's start.
  ClientResponse next = client.SendRaw("HEAD /echo?q=1 HTTP/1.1\r\nHost: x\r\n\r\n", ec, true);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(next.result_int(), 200);  // The GET route answers HEAD.
  EXPECT_NE(next[bhttp::field::content_length], "0");
  ClientResponse get = client.Send(Make(bhttp::verb::get, "/echo?q=2"));
  EXPECT_NE(get.body().find("q=2\n"), std::string::npos);
}

TEST_F(ServerTest, ConnectionLimitAndIdleTimeout) {
  ServerOptions options;
  options.max_connections = 2;
  options.idle_timeout = std::chrono::seconds(1);
  StartServer(options);
  Client first(server_->port());
  Client second(server_->port());
  EXPECT_EQ(first.Send(Make(bhttp::verb::get, "/echo")).result_int(), 200);
  EXPECT_EQ(second.Send(Make(bhttp::verb::get, "/echo")).result_int(), 200);
  Client third(server_->port());
  EXPECT_TRUE(third.ServerClosed());  // Over the limit: dropped at once.
  // Idle connections are closed after idle_timeout, freeing their slots.
  EXPECT_TRUE(first.ServerClosed());
  EXPECT_TRUE(second.ServerClosed());
  // The slots free when the server's connection objects go, a moment after
  // the sockets close: allow a few attempts.
  int status = 0;
  for (int attempt = 0; attempt < 20 && status != 200; ++attempt) {
    Client fourth(server_->port());
    beast::error_code ec;
    status = fourth.Send(Make(bhttp::verb::get, "/echo"), ec).result_int();
  }
  EXPECT_EQ(status, 200);
}

TEST(ServerStartTest, BadAddressAndBusyPort) {
  Server bad(ServerOptions{.address = "not-an-ip"}, Router());
  EXPECT_EQ(bad.Start().code(), absl::StatusCode::kInvalidArgument);
  Server first(ServerOptions{}, Router());
  ASSERT_TRUE(first.Start().ok());
  EXPECT_EQ(first.Start().code(), absl::StatusCode::kFailedPrecondition);
  Server second(ServerOptions{.port = first.port()}, Router());
  EXPECT_EQ(second.Start().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace waggle::net::http
