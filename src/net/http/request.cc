#include "net/http/request.h"

#include "core/json_writer.h"
#include "core/strings.h"

namespace waggle::net::http {
std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

std::string Request::QueryParam(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    // Keys are compared decoded only when they contain escapes: the common
    // case allocates nothing.
    bool match = key.find_first_of("%+") == std::string_view::npos
                     ? key == name
                     : core::PercentDecode(key, /*plus_is_space=*/true) == name;
    if (match) return core::PercentDecode(value, /*plus_is_space=*/true);
  }
  return {};
}

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

Response DefaultErrorResponse(const Request& /*request*/, int status, std::string_view message) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  core::JsonWriter json;
  json.BeginObject().Key("error").String(message).EndObject();
  response.body = json.Release();
  return response;
}

}  // namespace waggle::net::http
