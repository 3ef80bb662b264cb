// File: api/xray/sampling_rules.h
//
// The SamplingRule object of the X-Ray API (specs/xray.md §4): parsing with
// X-Ray's validations (CreateSamplingRule, and the stored form read back),
// applying a SamplingRuleUpdate, and writing a SamplingRuleRecord. Rules
// are stored as their JSON without RuleARN, which depends on the region the
// caller signs for. Pure functions; thread-safe.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "api/xray/sampling.h"
#include "core/json_writer.h"
#include "core/status.h"

namespace waggle::api::xray {

// Most rules an environment may have besides Default (X-Ray's quota).
inline constexpr int64_t kMaxSamplingRules = 25;

// Parses a SamplingRule object: every required member present and within
// X-Ray's bounds (RuleName 1-32 bytes, Priority 1-9999, FixedRate 0-1,
// ReservoirSize >= 0, Version 1, string members within their lengths, at
// most 5 Attributes of 1-32 bytes). InvalidArgument names the member.
absl::StatusOr<SamplingRule> ParseSamplingRule(simdjson::dom::element rule);
// Parses a rule stored by SamplingRuleJson.
absl::StatusOr<SamplingRule> ParseStoredSamplingRule(std::string_view json);
// Applies a SamplingRuleUpdate object's present members to `rule`, with the
// same bounds; `rule` is unchanged on error.
absl::Status ApplySamplingRuleUpdate(simdjson::dom::element update, SamplingRule* rule);
// The stored form of `rule`: its SamplingRule JSON without RuleARN.
std::string SamplingRuleJson(const SamplingRule& rule);
// Writes {"SamplingRule":{...,"RuleARN":...},"CreatedAt":..,"ModifiedAt":..}.
void WriteSamplingRuleRecord(const SamplingRule& rule, std::string_view region,
                             std::string_view account, core::JsonWriter& w);
// arn:aws:xray:REGION:ACCOUNT:sampling-rule/NAME.
std::string SamplingRuleArn(std::string_view region, std::string_view account,
                            std::string_view name);

}  // namespace waggle::api::xray
