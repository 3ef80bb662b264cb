#include "ingest/rollbar/scrub.h"

#include "core/json_writer.h"
#include "core/strings.h"
#include "ingest/rollbar/json_view.h"

namespace waggle::ingest::rollbar {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// The part of `key` inside its last [...] or %5B...%5D, or "" if none.
std::string_view BracketedPart(std::string_view key) {
  if (key.size() > 2 && key.back() == ']') {
    size_t open = key.rfind('[');
    if (open != std::string_view::npos) return key.substr(open + 1, key.size() - open - 2);
  }
  std::string lower = core::AsciiLower(key);
  if (lower.size() > 6 && lower.ends_with("%5d")) {
    size_t open = lower.rfind("%5b");
    if (open != std::string::npos && open + 3 <= key.size() - 3) {
      return key.substr(open + 3, key.size() - 3 - (open + 3));
    }
  }
  return {};
}

// Keys whose string values are URLs or query strings.
bool IsUrlKey(std::string_view key) {
  std::string lower = core::AsciiLower(key);
  return lower == "url" || lower == "link" || lower == "href" || lower == "query_string";
}

void Write(element value, const ScrubFields& fields, bool url_value, core::JsonWriter& w) {
  switch (value.type()) {
    case element_type::OBJECT:
      w.BeginObject();
      for (auto field : AsObject(value)) {
        w.Key(field.key);
        if (fields.Matches(field.key)) {
          w.String(kScrubbedValue);
        } else {
          Write(field.value, fields, IsUrlKey(field.key), w);
        }
      }
      w.EndObject();
      break;
    case element_type::ARRAY:
      w.BeginArray();
      for (element e : AsArray(value)) Write(e, fields, false, w);
      w.EndArray();
      break;
    case element_type::STRING: {
      std::string_view s = value.get_string().value_unsafe();
      if (url_value) {
        w.String(ScrubQueryParams(s, fields));
      } else {
        w.String(s);
      }
      break;
    }
    case element_type::INT64:
      w.Int(value.get_int64().value_unsafe());
      break;
    case element_type::UINT64:
      w.Uint(value.get_uint64().value_unsafe());
      break;
    case element_type::DOUBLE:
      w.Double(value.get_double().value_unsafe());
      break;
    case element_type::BOOL:
      w.Bool(value.get_bool().value_unsafe());
      break;
    case element_type::NULL_VALUE:
      w.Null();
      break;
  }
}

}  // namespace

const std::vector<std::string>& DefaultScrubFields() {
  static const std::vector<std::string>* const fields = new std::vector<std::string>{
      // pyrollbar and rollbar.js field names.
      "pw", "pass", "passwd", "password", "secret", "confirm_password", "confirmPassword",
      "password_confirmation", "passwordConfirmation", "access_token", "accessToken",
      "X-Rollbar-Access-Token", "secret_key", "secretKey", "secretToken", "secret_token", "api_key",
      "authenticity_token", "oauth_token", "token", "user_session_secret", "auth", "authentication",
      "authorization", "auth_token", "csrf_token", "_csrf", "csrf", "cookie", "cookies",
      "set-cookie",
      // rollbar.js sensitive headers.
      "www-authorization", "http_authorization", "omniauth.auth", "oauth-access-token",
      "x-access-token", "x_csrf_token", "http_x_csrf_token", "x-csrf-token"};
  return *fields;
}

ScrubFields::ScrubFields(const std::vector<std::string>& names) {
  for (const std::string& n : names) lower_.insert(core::AsciiLower(n));
}

bool ScrubFields::Matches(std::string_view key) const {
  if (lower_.contains(core::AsciiLower(key))) return true;
  std::string_view inner = BracketedPart(key);
  return !inner.empty() && lower_.contains(core::AsciiLower(inner));
}

std::string ScrubToJson(element value, const ScrubFields& fields) {
  core::JsonWriter w;
  Write(value, fields, false, w);
  return w.Release();
}

std::string ScrubQueryParams(std::string_view text, const ScrubFields& fields) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    // A parameter starts after '?', '&' or ';' (or at the start of a bare query string).
    size_t eq = text.find('=', pos);
    if (eq == std::string_view::npos) break;
    size_t start = text.find_last_of("?&;", eq);
    start = (start == std::string_view::npos || start < pos) ? pos : start + 1;
    size_t end = text.find_first_of("&;#", eq + 1);
    if (end == std::string_view::npos) end = text.size();
    out.append(text.substr(pos, eq + 1 - pos));
    if (fields.Matches(text.substr(start, eq - start))) {
      out.append(kScrubbedValue);
    } else {
      out.append(text.substr(eq + 1, end - eq - 1));
    }
    pos = end;
    if (pos < text.size()) out.push_back(text[pos++]);
  }
  if (pos < text.size()) out.append(text.substr(pos));
  return out;
}

}  // namespace waggle::ingest::rollbar
