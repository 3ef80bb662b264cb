#include "api/v1/keys_api.h"

#include <simdjson.h>

#include "api/common/http_errors.h"
#include "auth/aws_credentials.h"
#include "core/json_writer.h"
#include "core/strings.h"
#include "query/exec/result.h"

namespace waggle::api::v1 {
namespace {

using net::http::Request;
using net::http::Response;

constexpr size_t kMaxBody = 4096;

absl::StatusOr<Principal> Admin(const PrincipalResolver& p, const Request& req) {
  return p.Resolve(req.Header("x-honeycomb-team"), req.Header("authorization"),
                   auth::Scope::kAdmin);
}

// "key:ID" for a key's actions, "loopback" while keys are off.
std::string Actor(const Principal& who) {
  return who.key_id.empty() ? "http (keys off)" : "key:" + who.key_id;
}

void WriteKey(const auth::KeyInfo& k, core::JsonWriter& w) {
  w.Key("id").String(k.id).Key("name").String(k.name).Key("environment").String(k.environment);
  w.Key("scopes").BeginArray();
  for (const std::string& s : auth::ScopeNames(k.scopes)) w.String(s);
  w.EndArray().Key("created_at").String(query::exec::Rfc3339(k.created_unix_ns));
  w.Key("last_used_at");
  if (k.last_used_unix_ns) {
    w.String(query::exec::Rfc3339(*k.last_used_unix_ns));
  } else {
    w.Null();
  }
  w.Key("revoked").Bool(k.revoked);
}

struct NewKey {
  std::string name;
  std::string environment = "default";
  uint32_t scopes = 0;
};

absl::StatusOr<NewKey> ParseNewKey(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::object obj;
  if (body.size() > kMaxBody || parser.parse(padded).get(obj) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        "the body must be a JSON object: {\"name\", \"environment\", \"scopes\": [\"read\"]}");
  }
  NewKey k;
  std::string scopes;
  for (auto field : obj) {
    std::string_view key = field.key, text;
    if (key == "scopes") {
      simdjson::dom::array list;
      if (field.value.get_array().get(list) != simdjson::SUCCESS) {
        return absl::InvalidArgumentError("scopes must be an array of ingest, read, admin");
      }
      for (simdjson::dom::element s : list) {
        if (s.get_string().get(text) != simdjson::SUCCESS) {
          return absl::InvalidArgumentError("scopes must be an array of ingest, read, admin");
        }
        if (!scopes.empty()) scopes.push_back(',');
        scopes.append(text);
      }
    } else if (key == "name" || key == "environment") {
      if (field.value.get_string().get(text) != simdjson::SUCCESS) {
        return absl::InvalidArgumentError(std::string(key) + " must be a string");
      }
      (key == "name" ? k.name : k.environment) = text;
    } else {
      return absl::InvalidArgumentError("unknown field '" + std::string(key) + "'");
    }
  }
  ASSIGN_OR_RETURN(k.scopes, auth::ParseScopes(scopes));
  return k;
}

}  // namespace

void KeysApi::AddRoutes(net::http::Router& router) {
  router.Add("GET", "/api/v1/keys", [this](const Request& r) { return List(r); });
  router.Add("POST", "/api/v1/keys", [this](const Request& r) { return Create(r); });
  router.Add("DELETE", "/api/v1/keys/{id}", [this](const Request& r) { return Revoke(r); });
}

Response KeysApi::List(const Request& req) const {
  absl::StatusOr<Principal> who = Admin(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  absl::StatusOr<std::vector<auth::KeyInfo>> keys = keys_.List();
  if (!keys.ok()) return JsonError(keys.status());
  core::JsonWriter w;
  w.BeginObject().Key("keys").BeginArray();
  for (const auth::KeyInfo& k : *keys) {
    w.BeginObject();
    WriteKey(k, w);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return JsonOk(w.Release());
}

Response KeysApi::Create(const Request& req) const {
  absl::StatusOr<Principal> who = Admin(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  absl::StatusOr<NewKey> k = ParseNewKey(req.body);
  if (!k.ok()) return JsonError(k.status());
  auto created = keys_.Create(k->scopes, k->environment, k->name, Actor(*who));
  if (!created.ok()) return JsonError(created.status());
  const auto& [info, secret] = *created;
  core::JsonWriter w;
  w.BeginObject();
  WriteKey(info, w);
  w.Key("key").String(secret).Key("aws_access_key_id").String(info.id);
  w.Key("aws_secret_access_key").String(auth::DeriveAwsSecretAccessKey(aws_master_, info.id));
  w.EndObject();
  Response r = JsonOk(w.Release());
  r.status = 201;
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response KeysApi::Revoke(const Request& req) const {
  absl::StatusOr<Principal> who = Admin(principals_, req);
  if (!who.ok()) return JsonError(who.status());
  absl::Status s = keys_.Revoke(req.Param("id"), Actor(*who));
  if (!s.ok()) return JsonError(s);
  Response r;
  r.status = 204;
  return r;
}

}  // namespace waggle::api::v1
