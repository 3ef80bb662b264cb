#include "cli/query_cmd.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <iterator>

#include "core/file.h"
#include "net/http/request.h"
#include "query/spec/spec_json.h"

namespace waggle::cli {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr int kTimeoutSeconds = 60;
constexpr uint64_t kMaxResponseBytes = 256ull << 20;

int Fail(int code, std::string_view message) {
  fmt::print(stderr, "waggle: {}\n", message);
  return code;
}

absl::StatusOr<std::pair<int, std::string>> Post(const QueryFlags& f, const std::string& target,
                                                 const std::string& body) {
  std::string_view server = f.server;
  if (server.starts_with("http://")) server.remove_prefix(7);
  while (!server.empty() && server.back() == '/') server.remove_suffix(1);
  size_t colon = server.rfind(':');
  if (colon == std::string_view::npos)
    return absl::InvalidArgumentError("--server wants http://HOST:PORT");
  std::string host(server.substr(0, colon)), port(server.substr(colon + 1));
  boost::asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  beast::error_code ec;
  auto endpoints = resolver.resolve(host, port, ec);
  if (!ec) stream.connect(endpoints, ec);
  if (ec) {
    return absl::UnavailableError(
        fmt::format("cannot reach the Waggle server at {} ({}); is 'waggle serve' running?",
                    f.server, ec.message()));
  }
  timeval timeout{kTimeoutSeconds, 0};
  ::setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "waggle-cli");
  req.set(http::field::content_type, "application/json");
  if (!f.key.empty()) req.set(http::field::authorization, "Bearer " + f.key);
  req.body() = body;
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  http::write(stream, req, ec);
  if (!ec) http::read(stream, buffer, parser, ec);
  if (ec) return absl::UnavailableError(fmt::format("request failed: {}", ec.message()));
  http::response<http::string_body> res = parser.release();
  return std::make_pair(static_cast<int>(res.result_int()), std::move(res.body()));
}

absl::StatusOr<std::string> SpecJson(const QueryFlags& f) {
  if (f.json_file.empty()) {
    ASSIGN_OR_RETURN(query::QuerySpec spec, query::ParseTextQuery(f.text));
    core::JsonWriter w;
    query::WriteQuerySpec(spec, &w);
    return w.Release();
  }
  std::string body;
  if (f.json_file == "-") {
    body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    ASSIGN_OR_RETURN(body, core::ReadFile(f.json_file));
  }
  // Validate locally so errors point at the file before any request.
  RETURN_IF_ERROR(query::ParseQuerySpec(body).status());
  return body;
}

std::string Cell(simdjson::dom::element v) {
  switch (v.type()) {
    case simdjson::dom::element_type::STRING:
      return std::string(v.get_string().value_unsafe());
    case simdjson::dom::element_type::INT64:
      return std::to_string(v.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
      return std::to_string(v.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
      return fmt::format("{:.6g}", v.get_double().value_unsafe());
    case simdjson::dom::element_type::BOOL:
      return v.get_bool().value_unsafe() ? "true" : "false";
    case simdjson::dom::element_type::OBJECT: {
      simdjson::dom::array buckets;
      if (v["buckets"].get(buckets) != simdjson::SUCCESS) return "{...}";
      return fmt::format("[{} buckets]", buckets.size());
    }
    default:
      return "null";
  }
}

int PrintTable(const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::element root;
  simdjson::dom::array results;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS ||
      root["data"]["results"].get(results) != simdjson::SUCCESS) {
    return Fail(1, "the server sent an unexpected answer");
  }
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  for (simdjson::dom::element r : results) {
    simdjson::dom::object data = r["data"].get_object().value_unsafe();
    std::vector<std::string> row;
    if (header.empty()) {
      for (auto field : data) header.emplace_back(field.key);
    }
    for (auto field : data) row.push_back(Cell(field.value));
    rows.push_back(std::move(row));
  }
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    width[i] = header[i].size();
    for (const auto& row : rows) width[i] = std::max(width[i], i < row.size() ? row[i].size() : 0);
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < header.size(); ++i) {
      std::string v = i < row.size() ? row[i] : "";
      line += fmt::format("{:<{}}", v, width[i]) + (i + 1 < header.size() ? "  " : "");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line);
  };
  print_row(header);
  for (const auto& row : rows) print_row(row);
  if (rows.empty()) fmt::print("(no results)\n");
  return 0;
}

}  // namespace

int RunQuery(const QueryFlags& flags) {
  absl::StatusOr<std::string> spec = SpecJson(flags);
  if (!spec.ok()) return Fail(2, core::ToStd(spec.status().message()));
  if (flags.dataset.empty()) return Fail(2, "name a dataset with -d/--dataset (or __all__)");
  std::string target = "/api/v1/query?dataset=" + flags.dataset;
  if (!flags.signal.empty()) target += "&signal=" + flags.signal;
  absl::StatusOr<std::pair<int, std::string>> r = Post(flags, target, *spec);
  if (!r.ok()) return Fail(1, core::ToStd(r.status().message()));
  if (r->first != 200) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(r->second);
    std::string_view msg = r->second;
    simdjson::dom::element root;
    if (parser.parse(padded).get(root) == simdjson::SUCCESS &&
        root["error"].get(msg) != simdjson::SUCCESS) {
      msg = r->second;
    }
    return Fail(r->first == 400 ? 2 : 1, fmt::format("the server answered {}: {}", r->first, msg));
  }
  if (flags.output_json) {
    fmt::print("{}\n", r->second);
    return 0;
  }
  return PrintTable(r->second);
}

}  // namespace waggle::cli
