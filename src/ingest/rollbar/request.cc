#include "ingest/rollbar/request.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "core/strings.h"

namespace waggle::ingest::rollbar {
namespace {

// The JSON text of a body: itself, or the decoded `payload` form field.
// Sets *form_token from a form's access_token field.
std::string JsonText(std::string_view body, std::string* form_token) {
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (body[first] == '{' || body[first] == '[')) {
    return std::string(body);
  }
  std::string json;
  for (std::string_view field : core::Split(body, '&', true)) {
    size_t eq = field.find('=');
    std::string_view name = field.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? "" : field.substr(eq + 1);
    if (name == "payload") json = core::PercentDecode(value, /*plus_is_space=*/true);
    if (name == "access_token") *form_token = core::PercentDecode(value, /*plus_is_space=*/true);
  }
  return json;
}

}  // namespace

absl::StatusOr<ItemEnvelope> ParseItemEnvelope(std::string_view body, const ScrubFields& fields) {
  if (body.size() > kMaxItemBytes) return absl::ResourceExhaustedError("request entity too large");
  ItemEnvelope out;
  std::string json = JsonText(body, &out.access_token);
  if (json.empty()) {
    return absl::InvalidArgumentError(
        "no JSON payload found: send a JSON body or a form field 'payload'");
  }
  // One parser per thread keeps its buffers from request to request.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(json).get(root)) {
    return absl::InvalidArgumentError(
        fmt::format("payload is not valid JSON: {}", simdjson::error_message(error)));
  }
  if (!root.is_object()) return absl::InvalidArgumentError("payload must be a JSON object");
  simdjson::dom::element token, data;
  if (root["access_token"].get(token) == simdjson::SUCCESS && token.is_string()) {
    out.access_token = std::string(token.get_string().value_unsafe());
  }
  if (root["data"].get(data) != simdjson::SUCCESS || data.is_null()) {
    return absl::InvalidArgumentError("payload has no 'data' field");
  }
  if (!data.is_object()) return absl::InvalidArgumentError("'data' must be a JSON object");
  out.data_json = ScrubToJson(data, fields);
  return out;
}

absl::StatusOr<Occurrence> ParseOccurrenceJson(std::string_view data_json) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element data;
  if (auto error = parser.parse(data_json.data(), data_json.size(), true).get(data)) {
    return absl::InvalidArgumentError(
        fmt::format("data is not valid JSON: {}", simdjson::error_message(error)));
  }
  return ParseOccurrence(data);
}

}  // namespace waggle::ingest::rollbar
