#include "cli/query_cmd.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <iostream>
#include <iterator>

#include "cli/http_client.h"
#include "core/file.h"
#include "core/strings.h"
#include "query/spec/spec_json.h"

namespace waggle::cli {
namespace {

int Fail(int code, std::string_view message) {
  fmt::print(stderr, "waggle: {}\n", message);
  return code;
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
  std::string target = "/api/v1/query?dataset=" + core::PercentEncode(flags.dataset, false);
  if (!flags.signal.empty()) target += "&signal=" + core::PercentEncode(flags.signal, false);
  absl::StatusOr<HttpResult> r = HttpRequest(flags.server, "POST", target, flags.key, *spec);
  if (!r.ok()) return Fail(1, core::ToStd(r.status().message()));
  if (r->status != 200) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(r->body);
    std::string_view msg = r->body;
    simdjson::dom::element root;
    if (parser.parse(padded).get(root) == simdjson::SUCCESS &&
        root["error"].get(msg) != simdjson::SUCCESS) {
      msg = r->body;
    }
    return Fail(r->status == 400 ? 2 : 1,
                fmt::format("the server answered {}: {}", r->status, msg));
  }
  if (flags.output_json) {
    fmt::print("{}\n", r->body);
    return 0;
  }
  return PrintTable(r->body);
}

}  // namespace waggle::cli
