#include "net/http/connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <exception>

#include "core/log.h"
#include "net/http/decompress.h"
#include "net/http/dispatch.h"
#include "net/http/text.h"

namespace waggle::net::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
// After an early answer (413) the rest of the body is read and dropped, up to
// this much or kDrainTimeout, so the client reads the answer instead of a
// reset (a lingering close, as nginx does).
constexpr size_t kMaxDrainBytes = 32 << 20;
constexpr std::chrono::seconds kDrainTimeout{2};
constexpr size_t kReadBufferSlack = 64 << 10;

std::string RemoteAddress(const Connection::Socket& socket) {
  beast::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  std::string address = endpoint.address().to_string();
  if (endpoint.address().is_v6()) address = "[" + address + "]";
  return address + ":" + std::to_string(endpoint.port());
}

std::string ToString(beast::string_view s) { return std::string(s.data(), s.size()); }

bool IsHttpParseError(const beast::error_code& ec) {
  return &ec.category() == &bhttp::make_error_code(bhttp::error::bad_method).category();
}

bool HasLineBreak(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

}  // namespace

// ---------------------------------------------------------------------------
// InflightBudget and ServerShared

bool InflightBudget::TryAcquire(size_t n) {
  size_t used = used_.load(std::memory_order_relaxed);
  for (;;) {
    if (used != 0 && used + n > limit_) return false;
    if (used_.compare_exchange_weak(used, used + n, std::memory_order_relaxed)) return true;
  }
}

void InflightBudget::Release(size_t n) { used_.fetch_sub(n, std::memory_order_relaxed); }

bool ServerShared::Register(const std::shared_ptr<Connection>& connection, uint64_t* id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_ || connections_.size() >= options.max_connections) return false;
  *id = next_id_++;
  connections_.emplace(*id, connection);
  return true;
}

void ServerShared::Unregister(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  connections_.erase(id);
  if (connections_.empty()) drained_.notify_all();
}

std::vector<std::shared_ptr<Connection>> ServerShared::BeginStop() {
  std::vector<std::shared_ptr<Connection>> live;
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = true;
  for (auto& [id, weak] : connections_) {
    if (auto connection = weak.lock()) live.push_back(std::move(connection));
  }
  return live;
}

void ServerShared::WaitDrained(std::chrono::seconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  drained_.wait_for(lock, timeout, [this] { return connections_.empty(); });
}

// ---------------------------------------------------------------------------
// Connection: lifecycle

Connection::Connection(Socket socket, ServerShared& shared)
    : stream_(std::move(socket)),
      strand_(stream_.get_executor()),
      shared_(shared),
      remote_address_(RemoteAddress(stream_.socket())),
      buffer_(shared.options.max_header_bytes + kReadBufferSlack) {}

Connection::~Connection() {
  if (reserved_ != 0) shared_.budget.Release(reserved_);
  if (id_ != 0) shared_.Unregister(id_);
}

void Connection::Start() {
  if (!shared_.Register(shared_from_this(), &id_)) {
    beast::error_code ec;
    stream_.socket().close(ec);
    return;
  }
  beast::error_code ec;
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  asio::post(strand_, [self = shared_from_this()] { self->ReadHeader(); });
}

void Connection::RequestStop() {
  asio::post(strand_, [self = shared_from_this()] { self->OnStopRequested(); });
}

void Connection::OnStopRequested() {
  stopping_ = true;
  // A request being handled or written finishes first (OnWrite closes).
  if (state_ == State::kReading) {
    state_ = State::kClosed;
    beast::error_code ec;
    stream_.socket().close(ec);
  } else if (state_ == State::kClosed) {
    beast::error_code ec;
    stream_.socket().close(ec);
  }
}

void Connection::Close(bool drain) {
  state_ = State::kClosed;
  beast::error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (!drain || stopping_) {
    stream_.socket().close(ec);
    return;
  }
  drained_ = 0;
  stream_.expires_after(kDrainTimeout);
  DrainSome();
}

void Connection::DrainSome() {
  buffer_.consume(buffer_.size());
  stream_.async_read_some(buffer_.prepare(16 << 10),
                          [self = shared_from_this()](beast::error_code ec, size_t n) {
                            self->drained_ += n;
                            if (ec || self->drained_ > kMaxDrainBytes || self->stopping_) {
                              beast::error_code ignored;
                              self->stream_.socket().close(ignored);
                              return;
                            }
                            self->DrainSome();
                          });
}

// ---------------------------------------------------------------------------
// Connection: reading

void Connection::ReadHeader() {
  if (stopping_) return Close(false);
  state_ = State::kReading;
  parser_.emplace();
  parser_->header_limit(
      static_cast<uint32_t>(std::min<size_t>(shared_.options.max_header_bytes, UINT32_MAX)));
  parser_->body_limit(shared_.options.max_body_bytes);
  stream_.expires_after(shared_.options.idle_timeout);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
}

void Connection::OnHeader(beast::error_code ec, size_t /*bytes*/) {
  if (ec) return FailRead(ec);
  auto& message = parser_->get();
  head_request_ = message.method() == bhttp::verb::head;
  keep_alive_ = message.keep_alive();
  // Refuse what we cannot decode before reading a byte of the body.
  if (ParseContentEncoding(ToString(message[bhttp::field::content_encoding])) ==
      Encoding::kUnknown) {
    return ReplyErrorAndClose(415, "unsupported content-encoding");
  }
  // A chunked body declares no length: reserve the most it may grow to, so
  // it counts against the in-flight budget while it arrives; OnBody gives
  // back what it did not use.
  size_t declared = parser_->content_length().value_or(
      parser_->is_done() ? 0 : shared_.options.max_body_bytes);
  if (!shared_.budget.TryAcquire(declared)) {
    return ReplyErrorAndClose(503, "server overloaded, retry later");
  }
  reserved_ = declared;
  if (EqualsIgnoreCase(ToString(message[bhttp::field::expect]), "100-continue") &&
      !parser_->is_done()) {
    asio::async_write(stream_, asio::buffer(kContinue, sizeof(kContinue) - 1),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->Close(false);
                        self->ReadBody();
                      });
    return;
  }
  ReadBody();
}

void Connection::ReadBody() {
  stream_.expires_after(shared_.options.idle_timeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&Connection::OnBody, shared_from_this()));
}

void Connection::OnBody(beast::error_code ec, size_t /*bytes*/) {
  if (ec) return FailRead(ec);
  size_t size = parser_->get().body().size();
  if (size < reserved_) {
    shared_.budget.Release(reserved_ - size);
    reserved_ = size;
  } else if (size > reserved_) {
    if (!shared_.budget.TryAcquire(size - reserved_)) {
      shared_.budget.Release(reserved_);
      reserved_ = 0;
      Request request = TakeRequest(/*with_body=*/false);
      Response response = RenderError(*shared_.router, shared_.cors, request, 503,
                                      "server overloaded, retry later");
      return Reply(std::move(response), keep_alive_);
    }
    reserved_ = size;
  }
  Submit(TakeRequest(/*with_body=*/true));
}

void Connection::FailRead(beast::error_code ec) {
  if (ec == bhttp::error::body_limit) return ReplyErrorAndClose(413, "request body too large");
  if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
    return ReplyErrorAndClose(431, "request header too large");
  }
  // A stream cut at a message boundary or mid-message, a timeout, a reset:
  // nobody is left to answer.
  if (IsHttpParseError(ec) && ec != bhttp::error::end_of_stream &&
      ec != bhttp::error::partial_message) {
    return ReplyErrorAndClose(400, "malformed HTTP request");
  }
  Close(false);
}

Request Connection::TakeRequest(bool with_body) {
  auto& message = parser_->get();
  Request request;
  request.method = ToString(message.method_string());
  std::string_view target(message.target().data(), message.target().size());
  // Absolute-form targets ("http://host/path") come from proxies.
  if (!target.starts_with('/') && target.find("://") != std::string_view::npos) {
    size_t slash = target.find('/', target.find("://") + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  request.headers.reserve(16);
  for (const auto& field : message) {
    beast::string_view name = field.name_string();
    request.headers.emplace_back(ToLowerAscii(std::string_view(name.data(), name.size())),
                                 ToString(field.value()));
  }
  if (with_body) request.body = std::move(message.body());
  request.remote_address = remote_address_;
  return request;
}

// ---------------------------------------------------------------------------
// Connection: handing off and writing

void Connection::Submit(Request request) {
  state_ = State::kProcessing;
  stream_.expires_never();
  size_t reserved = reserved_;
  reserved_ = 0;  // The task owns the reservation now.
  auto self = shared_from_this();
  bool queued = shared_.pool.Submit([self, reserved, request = std::move(request)]() mutable {
    ServerShared& shared = self->shared_;
    Response response =
        Dispatch(*shared.router, shared.cors, shared.options.max_body_bytes, &request);
    request = Request();  // Free the body before the budget says it is gone.
    shared.budget.Release(reserved);
    asio::post(self->strand_, [self, response = std::move(response)]() mutable {
      self->Reply(std::move(response), self->keep_alive_);
    });
  });
  if (!queued) {
    shared_.budget.Release(reserved);
    ReplyErrorAndClose(503, "server shutting down");
  }
}

void Connection::ReplyErrorAndClose(int status, std::string_view message) {
  Request request = parser_ && parser_->is_header_done() ? TakeRequest(false) : Request();
  request.remote_address = remote_address_;
  Reply(RenderError(*shared_.router, shared_.cors, request, status, message), false);
}

void Connection::Reply(Response response, bool keep_alive) {
  if (state_ == State::kClosed) return;
  state_ = State::kWriting;
  keep_alive = keep_alive && !stopping_;
  int status = response.status;
  if (status < 200 || status > 999) status = 500;  // 1xx is never a final answer.
  response_ = {};
  response_.version(11);
  response_.result(static_cast<unsigned>(status));
  if (!response.content_type.empty() && !HasLineBreak(response.content_type)) {
    response_.set(bhttp::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : response.headers) {
    if (name.empty() || HasLineBreak(name) || HasLineBreak(value)) continue;  // No injection.
    response_.insert(beast::string_view(name.data(), name.size()),
                     beast::string_view(value.data(), value.size()));
  }
  size_t body_size = (status == 204 || status == 304) ? 0 : response.body.size();
  if (!head_request_ && body_size != 0) response_.body() = std::move(response.body);
  response_.keep_alive(keep_alive);
  if (status != 204 && status != 304) response_.content_length(body_size);
  stream_.expires_after(shared_.options.idle_timeout);
  bhttp::async_write(
      stream_, response_,
      beast::bind_front_handler(&Connection::OnWrite, shared_from_this(), keep_alive));
}

void Connection::OnWrite(bool keep_alive, beast::error_code ec, size_t /*bytes*/) {
  response_ = {};
  if (ec) return Close(false);
  if (!keep_alive || stopping_) {
    // An early error may leave the request body unread: drain it.
    bool body_unread = parser_ && !parser_->is_done();
    return Close(body_unread);
  }
  ReadHeader();
}

}  // namespace waggle::net::http
