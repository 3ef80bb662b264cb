// The group and tag operations of XrayApi: CreateGroup, GetGroup,
// GetGroups, UpdateGroup, DeleteGroup, TagResource, UntagResource and
// ListTagsForResource. Groups are named filter expressions kept in the
// control plane (meta/xray_tables) per environment; the built-in Default
// group (every trace) is listed first and cannot be changed.
#include <fmt/format.h>

#include <cctype>
#include <random>

#include "api/xray/replies.h"
#include "api/xray/resources.h"
#include "api/xray/xray_api.h"
#include "lang/xray_filter/filter_expression.h"
#include "meta/xray_tables.h"

namespace waggle::api::xray {
namespace {

using net::http::Response;
using Json = simdjson::dom::element;

constexpr std::string_view kDefault = "Default";
constexpr int kGroupsPerPage = 100;

bool IsGroupName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

// The group a request names by GroupName or GroupARN.
absl::StatusOr<std::string> GroupNameOf(Json body) {
  std::string_view name;
  if (!body["GroupName"].get_string().get(name)) return std::string(name);
  std::string_view arn;
  if (!body["GroupARN"].get_string().get(arn)) {
    std::optional<ResourceName> r = ParseResourceArn(arn);
    if (r && r->kind == ResourceKind::kGroup) return r->name;
    return absl::InvalidArgumentError("GroupARN is not a group ARN");
  }
  return absl::InvalidArgumentError("GroupName or GroupARN is required");
}

// 26 random characters of base32, like the ids ending X-Ray's group ARNs.
std::string NewArnSuffix() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string out(26, 'A');
  for (char& c : out) c = kAlphabet[rng() % 32];
  return out;
}

// FilterExpression (absent = none) after checking it parses (it may
// reference other groups of `environment`).
absl::StatusOr<std::optional<std::string>> FilterOf(Json body, meta::MetaStore& meta,
                                                    std::string_view environment) {
  Json v;
  if (body["FilterExpression"].get(v) || v.is_null()) return std::nullopt;
  std::string_view text;
  if (v.get_string().get(text))
    return absl::InvalidArgumentError("FilterExpression must be a string");
  RETURN_IF_ERROR(
      lang::xray::FilterExpression::Parse(text, GroupResolver(meta, environment)).status());
  return std::string(text);
}

// Reads InsightsConfiguration's flags into `g`, if present.
void ReadInsights(Json body, meta::XrayGroupRow* g) {
  Json insights;
  if (body["InsightsConfiguration"].get(insights)) return;
  bool flag = false;
  if (!insights["InsightsEnabled"].get_bool().get(flag)) g->insights_enabled = flag;
  if (!insights["NotificationsEnabled"].get_bool().get(flag)) g->notifications_enabled = flag;
}

void WriteGroup(const meta::XrayGroupRow& g, std::string_view region, std::string_view account,
                core::JsonWriter& w) {
  w.BeginObject().Key("GroupName").String(g.name);
  w.Key("GroupARN")
      .String(fmt::format("arn:aws:xray:{}:{}:group/{}/{}", region, account, g.name, g.arn_suffix));
  w.Key("FilterExpression").String(g.filter_expression);
  w.Key("InsightsConfiguration").BeginObject();
  w.Key("InsightsEnabled").Bool(g.insights_enabled);
  w.Key("NotificationsEnabled").Bool(g.notifications_enabled);
  w.EndObject().EndObject();
}

void WriteDefaultGroup(std::string_view region, std::string_view account, core::JsonWriter& w) {
  w.BeginObject().Key("GroupName").String(kDefault);
  w.Key("GroupARN").String(fmt::format("arn:aws:xray:{}:{}:group/Default", region, account));
  w.Key("InsightsConfiguration").BeginObject();
  w.Key("InsightsEnabled").Bool(false).Key("NotificationsEnabled").Bool(false);
  w.EndObject().EndObject();
}

Response GroupReply(const meta::XrayGroupRow& g, const XrayApi::Caller& who) {
  core::JsonWriter w;
  w.BeginObject().Key("Group");
  WriteGroup(g, who.region, who.account_id, w);
  w.EndObject();
  return Reply(w);
}

Response ResourceNotFound(std::string_view arn) {
  return aws::RestJsonError(
      {404, "ResourceNotFoundException", fmt::format("Resource {} not found", arn)});
}

}  // namespace

lang::xray::ParseOptions GroupResolver(meta::MetaStore& meta, std::string_view environment) {
  lang::xray::ParseOptions options;
  options.resolve_group = [&meta, env = std::string(environment)](
                              std::string_view kind,
                              std::string_view value) -> std::optional<std::string> {
    std::string name(value);
    if (kind == "arn") {
      std::optional<ResourceName> r = ParseResourceArn(value);
      if (!r || r->kind != ResourceKind::kGroup) return std::nullopt;
      name = r->name;
    }
    if (name == kDefault) return std::string();
    std::optional<meta::XrayGroupRow> g;
    absl::Status s = meta.Run([&](meta::Connection& c) -> absl::Status {
      ASSIGN_OR_RETURN(g, meta::FindXrayGroup(c, env, name));
      return absl::OkStatus();
    });
    if (!s.ok() || !g) return std::nullopt;
    return g->filter_expression;
  };
  return options;
}

Response XrayApi::CreateGroup(Json body, const Caller& who) const {
  std::string_view name;
  if (body["GroupName"].get_string().get(name)) return Invalid("GroupName is required");
  if (!IsGroupName(name)) {
    return Invalid("GroupName must be 1 to 32 letters, digits, '-' or '_'");
  }
  if (name == kDefault) return Invalid("Group Default already exists");
  absl::StatusOr<std::optional<std::string>> filter = FilterOf(body, meta_, who.environment);
  if (!filter.ok()) return Invalid(std::string(filter.status().message()));
  std::vector<std::pair<std::string, std::string>> tags;
  if (absl::Status s = ParseTags(body, &tags); !s.ok()) return Invalid(std::string(s.message()));
  meta::XrayGroupRow g{
      who.environment, std::string(name), NewArnSuffix(), filter->value_or(""), false,
      false,           clock_.NowNanos()};
  ReadInsights(body, &g);
  absl::Status s = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    RETURN_IF_ERROR(meta::InsertXrayGroup(c, g));
    return meta::PutXrayTags(c, TagKey(who.environment, {ResourceKind::kGroup, g.name}), tags);
  });
  if (absl::IsAlreadyExists(s)) return Invalid(fmt::format("Group {} already exists", name));
  if (!s.ok()) return StoreError(s);
  return GroupReply(g, who);
}

Response XrayApi::GetGroup(Json body, const Caller& who) const {
  absl::StatusOr<std::string> name = GroupNameOf(body);
  if (!name.ok()) return Invalid(std::string(name.status().message()));
  if (*name == kDefault) {
    core::JsonWriter w;
    w.BeginObject().Key("Group");
    WriteDefaultGroup(who.region, who.account_id, w);
    w.EndObject();
    return Reply(w);
  }
  std::optional<meta::XrayGroupRow> g;
  absl::Status s = meta_.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(g, meta::FindXrayGroup(c, who.environment, *name));
    return absl::OkStatus();
  });
  if (!s.ok()) return StoreError(s);
  if (!g) return Invalid("Group not found");
  return GroupReply(*g, who);
}

Response XrayApi::GetGroups(Json body, const Caller& who) const {
  std::string_view token;
  if (Json v; !body["NextToken"].get(v) && !v.is_null() &&
              (v.get_string().get(token) || token.empty() || token.size() > 100)) {
    return Invalid("NextToken is invalid");
  }
  std::vector<meta::XrayGroupRow> groups;
  absl::Status s = meta_.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(groups, meta::ListXrayGroups(c, who.environment, token, kGroupsPerPage));
    return absl::OkStatus();
  });
  if (!s.ok()) return StoreError(s);
  core::JsonWriter w;
  w.BeginObject().Key("Groups").BeginArray();
  if (token.empty()) WriteDefaultGroup(who.region, who.account_id, w);
  for (const meta::XrayGroupRow& g : groups) WriteGroup(g, who.region, who.account_id, w);
  w.EndArray();
  if (groups.size() == kGroupsPerPage) w.Key("NextToken").String(groups.back().name);
  w.EndObject();
  return Reply(w);
}

Response XrayApi::UpdateGroup(Json body, const Caller& who) const {
  absl::StatusOr<std::string> name = GroupNameOf(body);
  if (!name.ok()) return Invalid(std::string(name.status().message()));
  if (*name == kDefault) return Invalid("The Default group cannot be updated");
  absl::StatusOr<std::optional<std::string>> filter = FilterOf(body, meta_, who.environment);
  if (!filter.ok()) return Invalid(std::string(filter.status().message()));
  meta::XrayGroupRow g;
  absl::Status s = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto found, meta::FindXrayGroup(c, who.environment, *name));
    if (!found) return absl::NotFoundError("Group not found");
    g = std::move(*found);
    if (*filter) g.filter_expression = **filter;
    ReadInsights(body, &g);
    return meta::UpdateXrayGroup(c, g);
  });
  if (!s.ok()) return StatusError(s);
  return GroupReply(g, who);
}

Response XrayApi::DeleteGroup(Json body, const Caller& who) const {
  absl::StatusOr<std::string> name = GroupNameOf(body);
  if (!name.ok()) return Invalid(std::string(name.status().message()));
  if (*name == kDefault) return Invalid("The Default group cannot be deleted");
  absl::Status s = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    RETURN_IF_ERROR(meta::DeleteXrayGroup(c, who.environment, *name));
    return meta::DeleteAllXrayTags(c, TagKey(who.environment, {ResourceKind::kGroup, *name}));
  });
  if (!s.ok()) return StatusError(s);
  return aws::JsonReply("{}", "application/json");
}

// --- Tags -------------------------------------------------------------------

namespace {

// The tag key of the existing resource `arn` names in `environment`, or
// NotFound. Default (group or rule) always exists.
absl::StatusOr<std::string> ExistingResource(meta::Connection& c, std::string_view environment,
                                             std::string_view arn) {
  std::optional<ResourceName> r = ParseResourceArn(arn);
  if (!r) return absl::NotFoundError("not an X-Ray group or sampling rule ARN");
  bool exists = r->name == kDefault;
  if (!exists && r->kind == ResourceKind::kGroup) {
    ASSIGN_OR_RETURN(auto g, meta::FindXrayGroup(c, environment, r->name));
    exists = g.has_value();
  } else if (!exists) {
    ASSIGN_OR_RETURN(auto rule, meta::FindXraySamplingRule(c, environment, r->name));
    exists = rule.has_value();
  }
  if (!exists) return absl::NotFoundError("no such resource");
  return TagKey(environment, *r);
}

}  // namespace

Response XrayApi::TagResource(Json body, const Caller& who) const {
  std::string_view arn;
  if (body["ResourceARN"].get_string().get(arn)) return Invalid("ResourceARN is required");
  std::vector<std::pair<std::string, std::string>> tags;
  if (absl::Status s = ParseTags(body, &tags); !s.ok()) return Invalid(std::string(s.message()));
  absl::Status s = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::string key, ExistingResource(c, who.environment, arn));
    RETURN_IF_ERROR(meta::PutXrayTags(c, key, tags));
    ASSIGN_OR_RETURN(auto all, meta::ListXrayTags(c, key));
    if (all.size() > kMaxTagsPerResource) return absl::ResourceExhaustedError("too many tags");
    return absl::OkStatus();
  });
  if (absl::IsNotFound(s)) return ResourceNotFound(arn);
  if (absl::IsResourceExhausted(s)) {
    return aws::RestJsonError(
        {400, "TooManyTagsException",
         fmt::format("A resource may have at most {} tags", kMaxTagsPerResource)});
  }
  if (!s.ok()) return StoreError(s);
  return aws::JsonReply("{}", "application/json");
}

Response XrayApi::UntagResource(Json body, const Caller& who) const {
  std::string_view arn;
  if (body["ResourceARN"].get_string().get(arn)) return Invalid("ResourceARN is required");
  simdjson::dom::array list;
  if (body["TagKeys"].get_array().get(list)) return Invalid("TagKeys is required");
  std::vector<std::string> keys;
  for (Json k : list) {
    std::string_view key;
    if (k.get_string().get(key)) return Invalid("TagKeys must hold strings");
    keys.emplace_back(key);
  }
  absl::Status s = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::string key, ExistingResource(c, who.environment, arn));
    return meta::DeleteXrayTags(c, key, keys);
  });
  if (absl::IsNotFound(s)) return ResourceNotFound(arn);
  if (!s.ok()) return StoreError(s);
  return aws::JsonReply("{}", "application/json");
}

Response XrayApi::ListTagsForResource(Json body, const Caller& who) const {
  std::string_view arn;
  if (body["ResourceARN"].get_string().get(arn)) return Invalid("ResourceARN is required");
  std::vector<std::pair<std::string, std::string>> tags;
  absl::Status s = meta_.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::string key, ExistingResource(c, who.environment, arn));
    ASSIGN_OR_RETURN(tags, meta::ListXrayTags(c, key));
    return absl::OkStatus();
  });
  if (absl::IsNotFound(s)) return ResourceNotFound(arn);
  if (!s.ok()) return StoreError(s);
  core::JsonWriter w;
  w.BeginObject().Key("Tags").BeginArray();
  for (const auto& [k, v] : tags)
    w.BeginObject().Key("Key").String(k).Key("Value").String(v).EndObject();
  w.EndArray().EndObject();
  return Reply(w);
}

}  // namespace waggle::api::xray
