#include "api/xray/sampling_rules.h"

#include <fmt/format.h>

#include <cmath>

namespace waggle::api::xray {
namespace {

using Json = simdjson::dom::element;

absl::Status Invalid(std::string_view member, std::string_view what) {
  return absl::InvalidArgumentError(fmt::format("{} {}", member, what));
}

// The string member `name` of `obj` into *out, if present; its length must
// be within [min, max].
absl::Status ReadString(Json obj, std::string_view name, size_t min, size_t max, std::string* out,
                        bool* present) {
  Json v;
  *present = !obj[name].get(v);
  if (!*present) return absl::OkStatus();
  std::string_view s;
  if (v.get_string().get(s)) return Invalid(name, "must be a string");
  if (s.size() < min || s.size() > max) {
    return Invalid(name, fmt::format("must be {} to {} characters long", min, max));
  }
  *out = std::string(s);
  return absl::OkStatus();
}

// The integer member `name` into *out, if present, within [min, max].
absl::Status ReadInt(Json obj, std::string_view name, int64_t min, int64_t max, int64_t* out,
                     bool* present) {
  Json v;
  *present = !obj[name].get(v);
  if (!*present) return absl::OkStatus();
  int64_t i = 0;
  double d = 0;
  if (!v.get_int64().get(i)) {
  } else if (!v.get_double().get(d) && d == std::floor(d) && std::abs(d) < 1e15) {
    i = static_cast<int64_t>(d);
  } else {
    return Invalid(name, "must be an integer");
  }
  if (i < min || i > max) return Invalid(name, fmt::format("must be between {} and {}", min, max));
  *out = i;
  return absl::OkStatus();
}

// The number member `name` into *out, if present, within [min, max].
absl::Status ReadRate(Json obj, std::string_view name, double* out, bool* present) {
  Json v;
  *present = !obj[name].get(v);
  if (!*present) return absl::OkStatus();
  double d = 0;
  if (v.get_double().get(d)) return Invalid(name, "must be a number");
  if (!(d >= 0 && d <= 1)) return Invalid(name, "must be between 0 and 1");
  *out = d;
  return absl::OkStatus();
}

absl::Status ReadAttributes(Json obj, std::map<std::string, std::string>* out, bool* present) {
  Json v;
  *present = !obj["Attributes"].get(v) && !v.is_null();
  if (!*present) return absl::OkStatus();
  simdjson::dom::object attrs;
  if (v.get_object().get(attrs)) return Invalid("Attributes", "must be a map of strings");
  std::map<std::string, std::string> parsed;
  for (auto [key, value] : attrs) {
    std::string_view s;
    if (value.get_string().get(s)) return Invalid("Attributes", "values must be strings");
    if (key.empty() || key.size() > 32 || s.empty() || s.size() > 32) {
      return Invalid("Attributes", "keys and values must be 1 to 32 characters long");
    }
    parsed.emplace(std::string(key), std::string(s));
  }
  if (parsed.size() > 5) return Invalid("Attributes", "may have at most 5 entries");
  *out = std::move(parsed);
  return absl::OkStatus();
}

// Reads every member but RuleName/RuleARN/Version into *rule. With
// `require_all`, each required member must be present. Default alone has
// priority 10000 (it matches last).
absl::Status ReadMembers(Json obj, bool require_all, SamplingRule* rule) {
  const int64_t max_priority = rule->name == "Default" ? 10000 : 9999;
  struct Text {
    std::string_view name;
    size_t max;
    std::string* field;
  };
  const Text texts[] = {
      {"ResourceARN", 500, &rule->resource_arn}, {"ServiceName", 64, &rule->service_name},
      {"ServiceType", 64, &rule->service_type},  {"Host", 64, &rule->host},
      {"HTTPMethod", 10, &rule->http_method},    {"URLPath", 128, &rule->url_path}};
  bool present = false;
  for (const Text& t : texts) {
    RETURN_IF_ERROR(ReadString(obj, t.name, 0, t.max, t.field, &present));
    if (require_all && !present) return Invalid(t.name, "is required");
  }
  RETURN_IF_ERROR(ReadInt(obj, "Priority", 1, max_priority, &rule->priority, &present));
  if (require_all && !present) return Invalid("Priority", "is required");
  RETURN_IF_ERROR(ReadRate(obj, "FixedRate", &rule->fixed_rate, &present));
  if (require_all && !present) return Invalid("FixedRate", "is required");
  RETURN_IF_ERROR(ReadInt(obj, "ReservoirSize", 0, INT32_MAX, &rule->reservoir_size, &present));
  if (require_all && !present) return Invalid("ReservoirSize", "is required");
  return ReadAttributes(obj, &rule->attributes, &present);
}

// The SamplingRule members of `r`, RuleARN too unless `arn` is empty.
void WriteRuleMembers(const SamplingRule& r, std::string_view arn, core::JsonWriter& w) {
  w.Key("RuleName").String(r.name);
  if (!arn.empty()) w.Key("RuleARN").String(arn);
  w.Key("ResourceARN").String(r.resource_arn);
  w.Key("Priority").Int(r.priority);
  w.Key("FixedRate").Double(r.fixed_rate);
  w.Key("ReservoirSize").Int(r.reservoir_size);
  w.Key("ServiceName").String(r.service_name);
  w.Key("ServiceType").String(r.service_type);
  w.Key("Host").String(r.host);
  w.Key("HTTPMethod").String(r.http_method);
  w.Key("URLPath").String(r.url_path);
  w.Key("Version").Int(r.version);
  // Node's SDK rejects rules without an Attributes key.
  w.Key("Attributes").BeginObject();
  for (const auto& [k, v] : r.attributes) w.Key(k).String(v);
  w.EndObject();
}

}  // namespace

absl::StatusOr<SamplingRule> ParseSamplingRule(Json obj) {
  if (!obj.is_object()) return absl::InvalidArgumentError("SamplingRule must be an object");
  SamplingRule rule;
  bool present = false;
  RETURN_IF_ERROR(ReadString(obj, "RuleName", 1, 32, &rule.name, &present));
  if (!present) return Invalid("RuleName", "is required");
  RETURN_IF_ERROR(ReadMembers(obj, /*require_all=*/true, &rule));
  RETURN_IF_ERROR(ReadInt(obj, "Version", 1, 1, &rule.version, &present));
  if (!present) return Invalid("Version", "is required");
  // Present in the stored form only; a client's values are overwritten.
  if (obj["CreatedAt"].get_double().get(rule.created_at)) rule.created_at = 0;
  if (obj["ModifiedAt"].get_double().get(rule.modified_at)) rule.modified_at = 0;
  return rule;
}

absl::StatusOr<SamplingRule> ParseStoredSamplingRule(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  Json root;
  if (parser.parse(json.data(), json.size()).get(root)) {
    return absl::DataLossError("a stored sampling rule is not JSON");
  }
  return ParseSamplingRule(root);
}

absl::Status ApplySamplingRuleUpdate(Json update, SamplingRule* rule) {
  if (!update.is_object())
    return absl::InvalidArgumentError("SamplingRuleUpdate must be an object");
  SamplingRule updated = *rule;
  RETURN_IF_ERROR(ReadMembers(update, /*require_all=*/false, &updated));
  *rule = std::move(updated);
  return absl::OkStatus();
}

std::string SamplingRuleJson(const SamplingRule& r) {
  core::JsonWriter w;
  w.BeginObject();
  WriteRuleMembers(r, "", w);
  w.Key("CreatedAt").Double(r.created_at).Key("ModifiedAt").Double(r.modified_at);
  w.EndObject();
  return w.Release();
}

std::string SamplingRuleArn(std::string_view region, std::string_view account,
                            std::string_view name) {
  return fmt::format("arn:aws:xray:{}:{}:sampling-rule/{}", region, account, name);
}

void WriteSamplingRuleRecord(const SamplingRule& r, std::string_view region,
                             std::string_view account, core::JsonWriter& w) {
  w.BeginObject().Key("SamplingRule").BeginObject();
  WriteRuleMembers(r, SamplingRuleArn(region, account, r.name), w);
  w.EndObject();
  w.Key("CreatedAt").Double(r.created_at).Key("ModifiedAt").Double(r.modified_at);
  w.EndObject();
}

}  // namespace waggle::api::xray
