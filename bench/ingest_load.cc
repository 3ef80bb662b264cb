// waggle_ingest_load: an OTLP/HTTP protobuf load generator for `waggle
// serve` (or any OTLP receiver) on this machine. It pre-generates a pool of
// distinct ExportTraceServiceRequest bodies with synth::Generator (so
// generation never limits the rate), then sends them over N keep-alive
// HTTP/1.1 connections for a fixed time and prints one line of JSON:
//
//   {"spans_per_second":..,"requests":..,"errors":..,"p50_ms":..,"p99_ms":..,"seconds":..}
//
// Only spans in requests answered 200 count. Each connection keeps one
// request in flight. Loopback targets only: it refuses any other host.
// See bench/README.md.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "boost/asio/connect.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/asio/write.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "core/json_writer.h"
#include "synth/generator.h"

namespace waggle::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Config {
  std::string url;
  int connections = 4;
  size_t spans_per_request = 512;
  double seconds = 10;
  double duration_limit = 0;  // hard stop; 0 = seconds + 30
  uint64_t seed = 1;
  int pool = 64;
  uint64_t max_requests = 10'000'000;
  int threads = 1;
  std::vector<std::string> headers;  // "Name: value"
};

struct Target {
  std::string host;
  std::string port;
  std::string path;
};

// Parses http://HOST:PORT/PATH, accepting loopback hosts only.
bool ParseUrl(const std::string& url, Target* target, std::string* error) {
  constexpr std::string_view kScheme = "http://";
  if (url.compare(0, kScheme.size(), kScheme) != 0) {
    *error = "url must start with http://";
    return false;
  }
  std::string rest = url.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  target->path = slash == std::string::npos ? "/v1/traces" : rest.substr(slash);
  size_t colon = authority.rfind(':');
  if (colon == std::string::npos || authority.back() == ']') {
    target->host = authority;
    target->port = "80";
  } else {
    target->host = authority.substr(0, colon);
    target->port = authority.substr(colon + 1);
  }
  if (target->host.size() > 2 && target->host.front() == '[') {
    target->host = target->host.substr(1, target->host.size() - 2);
  }
  if (target->host != "127.0.0.1" && target->host != "localhost" && target->host != "::1") {
    *error = "only loopback targets are allowed (127.0.0.1, ::1, localhost)";
    return false;
  }
  return true;
}

// One pre-serialized HTTP request: headers and body in one buffer.
struct Payload {
  std::string wire;
  size_t spans = 0;
};

std::vector<Payload> BuildPool(const Config& config, const Target& target) {
  int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  synth::Generator gen({.seed = config.seed, .start_ns = now_ns, .spans_per_second = 500000});
  std::vector<Payload> pool(config.pool);
  std::string body;
  for (Payload& p : pool) {
    p.spans = gen.NextTracesRequest(config.spans_per_request, &body);
    p.wire = "POST " + target.path + " HTTP/1.1\r\nHost: " + target.host + ":" + target.port +
             "\r\nContent-Type: application/x-protobuf\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n";
    for (const std::string& h : config.headers) p.wire += h + "\r\n";
    p.wire += "\r\n";
    p.wire += body;
  }
  return pool;
}

// Shared, read-only while the sessions run (except the request budget).
struct Shared {
  const std::vector<Payload>* pool;
  tcp::resolver::results_type endpoints;
  Clock::time_point send_until;  // no new request after this
  Clock::time_point hard_stop;   // in-flight requests are abandoned here
  std::atomic<uint64_t> budget;  // requests left to issue
  std::atomic<int> active;       // sessions not yet finished
  asio::io_context* io = nullptr;
};

// One keep-alive connection sending one request at a time. Its handlers
// run one after another (a single chain of async operations), so its
// counters need no lock; they are read after io_context::run returns.
class Session {
 public:
  Session(asio::io_context& io, Shared& shared, size_t first)
      : stream_(io), timer_(io), shared_(shared), next_(first) {}

  void Start() { Connect(); }

  uint64_t acked_spans = 0;
  uint64_t requests = 0;
  uint64_t errors = 0;
  std::vector<uint32_t> latencies_us;
  Clock::time_point finished{};
  bool in_flight = false;  // a request was sent and not yet answered

 private:
  void Connect() {
    if (Clock::now() >= shared_.send_until) return Finish();
    stream_.expires_after(std::chrono::seconds(5));
    stream_.async_connect(shared_.endpoints,
                          [this](beast::error_code ec, const tcp::endpoint&) { OnConnect(ec); });
  }
  void OnConnect(beast::error_code ec) {
    if (ec) return Retry();
    stream_.socket().set_option(tcp::no_delay(true));
    Send();
  }
  // After a failure: count it, wait a little, reconnect.
  void Retry() {
    ++errors;
    beast::error_code ignored;
    stream_.socket().close(ignored);
    timer_.expires_after(std::chrono::milliseconds(50));
    timer_.async_wait([this](beast::error_code) { Connect(); });
  }
  void Send() {
    if (Clock::now() >= shared_.send_until || !TakeBudget()) return Finish();
    const Payload& p = (*shared_.pool)[next_ % shared_.pool->size()];
    ++next_;
    current_spans_ = p.spans;
    sent_at_ = Clock::now();
    in_flight = true;
    stream_.expires_at(std::min(shared_.hard_stop, sent_at_ + std::chrono::seconds(30)));
    asio::async_write(stream_, asio::buffer(p.wire),
                      [this](beast::error_code ec, size_t) { OnWrite(ec); });
  }
  void OnWrite(beast::error_code ec) {
    if (ec) {
      in_flight = false;
      return Retry();
    }
    response_ = {};
    http::async_read(stream_, buffer_, response_,
                     [this](beast::error_code ec, size_t) { OnRead(ec); });
  }
  void OnRead(beast::error_code ec) {
    in_flight = false;
    if (ec) return Retry();
    auto latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent_at_);
    latencies_us.push_back(static_cast<uint32_t>(latency.count()));
    finished = Clock::now();
    if (response_.result() == http::status::ok) {
      ++requests;
      acked_spans += current_spans_;
    } else {
      ++errors;
    }
    if (!response_.keep_alive()) {
      beast::error_code ignored;
      stream_.socket().close(ignored);
      return Connect();
    }
    Send();
  }
  bool TakeBudget() {
    uint64_t left = shared_.budget.load();
    while (left > 0) {
      if (shared_.budget.compare_exchange_weak(left, left - 1)) return true;
    }
    return false;
  }
  void Finish() {
    finished = std::max(finished, Clock::now());
    // The last session out stops the loop (the hard-stop timer still waits).
    if (shared_.active.fetch_sub(1) == 1) shared_.io->stop();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  Shared& shared_;
  size_t next_;
  size_t current_spans_ = 0;
  Clock::time_point sent_at_{};
  beast::flat_buffer buffer_;
  http::response<http::string_body> response_;
};

double Percentile(std::vector<uint32_t>* v, double q) {
  if (v->empty()) return 0;
  size_t k = static_cast<size_t>(q * static_cast<double>(v->size() - 1));
  std::nth_element(v->begin(), v->begin() + static_cast<std::ptrdiff_t>(k), v->end());
  return (*v)[k] / 1000.0;
}

void PrintReport(std::vector<std::unique_ptr<Session>>& sessions, Clock::time_point start) {
  uint64_t spans = 0, requests = 0, errors = 0;
  std::vector<uint32_t> latencies;
  Clock::time_point end = start;
  for (auto& s : sessions) {
    spans += s->acked_spans;
    requests += s->requests;
    errors += s->errors;
    latencies.insert(latencies.end(), s->latencies_us.begin(), s->latencies_us.end());
    end = std::max(end, s->finished);
    if (s->in_flight) {  // abandoned at the hard stop: an error, and the run lasted until now
      ++errors;
      end = std::max(end, Clock::now());
    }
  }
  double seconds = std::chrono::duration<double>(end - start).count();
  core::JsonWriter json;
  json.BeginObject();
  json.Key("spans_per_second").Double(seconds > 0 ? static_cast<double>(spans) / seconds : 0);
  json.Key("requests").Uint(requests);
  json.Key("errors").Uint(errors);
  json.Key("p50_ms").Double(Percentile(&latencies, 0.50));
  json.Key("p99_ms").Double(Percentile(&latencies, 0.99));
  json.Key("seconds").Double(seconds);
  json.EndObject();
  std::printf("%s\n", json.str().c_str());
}

int Run(const Config& config) {
  Target target;
  std::string error;
  if (!ParseUrl(config.url, &target, &error)) {
    std::fprintf(stderr, "waggle_ingest_load: %s\n", error.c_str());
    return 2;
  }
  asio::io_context io;
  tcp::resolver resolver(io);
  beast::error_code ec;
  Shared shared{.endpoints = resolver.resolve(target.host, target.port, ec)};
  if (ec || shared.endpoints.empty()) {
    std::fprintf(stderr, "waggle_ingest_load: cannot resolve %s\n", target.host.c_str());
    return 2;
  }
  for (const auto& entry : shared.endpoints) {
    if (!entry.endpoint().address().is_loopback()) {
      std::fprintf(stderr, "waggle_ingest_load: %s is not a loopback address\n",
                   entry.endpoint().address().to_string().c_str());
      return 2;
    }
  }
  std::vector<Payload> pool = BuildPool(config, target);
  shared.pool = &pool;
  shared.budget = config.max_requests;
  shared.active = config.connections;
  shared.io = &io;
  Clock::time_point start = Clock::now();
  double limit = config.duration_limit > 0 ? config.duration_limit : config.seconds + 30;
  shared.send_until = start + std::chrono::microseconds(static_cast<int64_t>(config.seconds * 1e6));
  shared.hard_stop = start + std::chrono::microseconds(static_cast<int64_t>(limit * 1e6));
  std::vector<std::unique_ptr<Session>> sessions;
  for (int i = 0; i < config.connections; ++i) {
    sessions.push_back(std::make_unique<Session>(io, shared, static_cast<size_t>(i) * 7));
    sessions.back()->Start();
  }
  asio::steady_timer stop(io, shared.hard_stop);
  stop.async_wait([&io](beast::error_code) { io.stop(); });
  std::vector<std::thread> threads;
  for (int i = 1; i < config.threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& t : threads) t.join();
  // io.run() also returns early when the hard stop fires; sessions
  // untouched since are safe to read either way (no thread runs them).
  PrintReport(sessions, start);
  return 0;
}

}  // namespace
}  // namespace waggle::bench

int main(int argc, char** argv) {
  waggle::bench::Config config;
  CLI::App app{"OTLP/HTTP protobuf trace load generator (loopback only)"};
  app.add_option("--url", config.url, "e.g. http://127.0.0.1:4318/v1/traces")->required();
  app.add_option("--connections", config.connections, "concurrent keep-alive connections")
      ->check(CLI::Range(1, 1024));
  app.add_option("--spans-per-request", config.spans_per_request, "minimum spans per request")
      ->check(CLI::Range(1, 100000));
  app.add_option("--seconds", config.seconds, "how long to send")->check(CLI::Range(0.1, 3600.0));
  app.add_option("--duration-limit", config.duration_limit,
                 "hard stop in seconds, abandoning in-flight requests (default: seconds + 30)")
      ->check(CLI::Range(0.0, 7200.0));
  app.add_option("--seed", config.seed, "generator seed");
  app.add_option("--pool", config.pool, "distinct requests to pre-generate")
      ->check(CLI::Range(1, 4096));
  app.add_option("--max-requests", config.max_requests, "stop after this many requests")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  app.add_option("--threads", config.threads, "I/O threads")->check(CLI::Range(1, 16));
  app.add_option("--header", config.headers, "extra header 'Name: value' (repeatable)");
  CLI11_PARSE(app, argc, argv);
  return waggle::bench::Run(config);
}
