// The sampling-rule operations of XrayApi: CreateSamplingRule,
// GetSamplingRules, UpdateSamplingRule and DeleteSamplingRule. Rules live
// in the control plane (meta/xray_tables) per environment; Default is
// built in until it is updated, and cannot be deleted.
#include <fmt/format.h>

#include "api/xray/replies.h"
#include "api/xray/resources.h"
#include "api/xray/sampling_rules.h"
#include "api/xray/xray_api.h"
#include "meta/xray_tables.h"

namespace waggle::api::xray {
namespace {

using net::http::Response;
using Json = simdjson::dom::element;

constexpr std::string_view kDefault = "Default";

// The rule a request names by RuleName or RuleARN (in `obj`).
absl::StatusOr<std::string> RuleNameOf(Json obj) {
  std::string_view name;
  if (!obj["RuleName"].get_string().get(name) && !name.empty()) return std::string(name);
  std::string_view arn;
  if (!obj["RuleARN"].get_string().get(arn)) {
    std::optional<ResourceName> r = ParseResourceArn(arn);
    if (r && r->kind == ResourceKind::kSamplingRule) return r->name;
    return absl::InvalidArgumentError("RuleARN is not a sampling rule ARN");
  }
  return absl::InvalidArgumentError("RuleName or RuleARN is required");
}

// 200 {"SamplingRuleRecord": ...} for `rule` in the caller's region.
Response RecordReply(const SamplingRule& rule, const XrayApi::Caller& who) {
  core::JsonWriter w;
  w.BeginObject().Key("SamplingRuleRecord");
  WriteSamplingRuleRecord(rule, who.region, who.account_id, w);
  w.EndObject();
  return Reply(w);
}

double EpochSeconds(int64_t ns) { return static_cast<double>(ns / 1'000'000) / 1e3; }

}  // namespace

Response XrayApi::GetSamplingRules(Json, const Caller& who) const {
  core::JsonWriter w;
  absl::Status written = sampling_.WriteRules(who.environment, who.region, who.account_id, w);
  return written.ok() ? Reply(w) : StoreError(written);
}

Response XrayApi::CreateSamplingRule(Json body, const Caller& who) const {
  Json member;
  if (body["SamplingRule"].get(member)) return Invalid("SamplingRule is required");
  absl::StatusOr<SamplingRule> rule = ParseSamplingRule(member);
  if (!rule.ok()) return Invalid(std::string(rule.status().message()));
  if (rule->name == kDefault) return Invalid("Sampling rule Default already exists");
  std::vector<std::pair<std::string, std::string>> tags;
  if (absl::Status s = ParseTags(body, &tags); !s.ok()) return Invalid(std::string(s.message()));
  int64_t now_ns = clock_.NowNanos();
  rule->created_at = rule->modified_at = EpochSeconds(now_ns);
  meta::XraySamplingRuleRow row{who.environment, rule->name, SamplingRuleJson(*rule), now_ns,
                                now_ns};
  absl::Status s = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(int64_t count, meta::CountXraySamplingRules(c, who.environment));
    if (count >= kMaxSamplingRules) return absl::ResourceExhaustedError("too many rules");
    RETURN_IF_ERROR(meta::InsertXraySamplingRule(c, row));
    ResourceName name{ResourceKind::kSamplingRule, rule->name};
    return meta::PutXrayTags(c, TagKey(who.environment, name), tags);
  });
  if (absl::IsResourceExhausted(s)) {
    return aws::RestJsonError(
        {400, "RuleLimitExceededException",
         fmt::format("You have reached the maximum number of sampling rules ({})",
                     kMaxSamplingRules)});
  }
  if (absl::IsAlreadyExists(s)) return Invalid("Sampling rule already exists");
  if (!s.ok()) return StoreError(s);
  return RecordReply(*rule, who);
}

Response XrayApi::UpdateSamplingRule(Json body, const Caller& who) const {
  Json update;
  if (body["SamplingRuleUpdate"].get(update) || !update.is_object()) {
    return Invalid("SamplingRuleUpdate is required");
  }
  absl::StatusOr<std::string> name = RuleNameOf(update);
  if (!name.ok()) return Invalid(std::string(name.status().message()));
  int64_t now_ns = clock_.NowNanos();
  SamplingRule rule;
  absl::Status s = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto row, meta::FindXraySamplingRule(c, who.environment, *name));
    if (!row && *name != kDefault) return absl::NotFoundError("Sampling rule does not exist");
    if (row) {
      ASSIGN_OR_RETURN(rule, ParseStoredSamplingRule(row->rule_json));
    } else {
      rule = DefaultSamplingRule();
    }
    RETURN_IF_ERROR(ApplySamplingRuleUpdate(update, &rule));
    if (*name == kDefault) {
      // Only Default's rate and reservoir may change: it matches everything, last.
      SamplingRule fixed = DefaultSamplingRule();
      fixed.fixed_rate = rule.fixed_rate;
      fixed.reservoir_size = rule.reservoir_size;
      fixed.created_at = rule.created_at;
      rule = fixed;
    }
    rule.modified_at = EpochSeconds(now_ns);
    meta::XraySamplingRuleRow updated{who.environment, rule.name, SamplingRuleJson(rule),
                                      row ? row->created_unix_ns : now_ns, now_ns};
    return row ? meta::UpdateXraySamplingRule(c, updated)
               : meta::InsertXraySamplingRule(c, updated);
  });
  if (!s.ok()) return StatusError(s);
  return RecordReply(rule, who);
}

Response XrayApi::DeleteSamplingRule(Json body, const Caller& who) const {
  absl::StatusOr<std::string> name = RuleNameOf(body);
  if (!name.ok()) return Invalid(std::string(name.status().message()));
  if (*name == kDefault) return Invalid("The Default sampling rule cannot be deleted");
  SamplingRule rule;
  absl::Status s = meta_.Transact([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(auto row, meta::FindXraySamplingRule(c, who.environment, *name));
    if (!row) return absl::NotFoundError("Sampling rule does not exist");
    ASSIGN_OR_RETURN(rule, ParseStoredSamplingRule(row->rule_json));
    RETURN_IF_ERROR(meta::DeleteXraySamplingRule(c, who.environment, *name));
    ResourceName resource{ResourceKind::kSamplingRule, *name};
    return meta::DeleteAllXrayTags(c, TagKey(who.environment, resource));
  });
  if (!s.ok()) return StatusError(s);
  return RecordReply(rule, who);
}

}  // namespace waggle::api::xray
