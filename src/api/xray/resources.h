// File: api/xray/resources.h
//
// Names of the X-Ray API's taggable resources (internal to api/xray):
// groups (arn:aws:xray:R:A:group/NAME/ID) and sampling rules
// (arn:aws:xray:R:A:sampling-rule/NAME). Tags are stored under a key made of
// the caller's environment, the kind and the name, so they do not depend on
// the region a client signs for.
#pragma once

#include <fmt/format.h>
#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace waggle::api::xray {

enum class ResourceKind { kGroup, kSamplingRule };

struct ResourceName {
  ResourceKind kind = ResourceKind::kGroup;
  std::string name;
};

// The resource an X-Ray ARN names, or nullopt if it names neither kind.
inline std::optional<ResourceName> ParseResourceArn(std::string_view arn) {
  if (!arn.starts_with("arn:")) return std::nullopt;
  size_t colons = 0, at = 0;
  for (; at < arn.size() && colons < 5; ++at) colons += arn[at] == ':';
  if (colons < 5) return std::nullopt;
  std::string_view resource = arn.substr(at);
  if (resource.starts_with("group/")) {
    std::string_view rest = resource.substr(6);
    std::string_view name = rest.substr(0, rest.find('/'));
    if (name.empty()) return std::nullopt;
    return ResourceName{ResourceKind::kGroup, std::string(name)};
  }
  if (resource.starts_with("sampling-rule/") && resource.size() > 14) {
    return ResourceName{ResourceKind::kSamplingRule, std::string(resource.substr(14))};
  }
  return std::nullopt;
}

// The key the tags of a resource are stored under.
inline std::string TagKey(std::string_view environment, const ResourceName& r) {
  return fmt::format("{}|{}/{}", environment,
                     r.kind == ResourceKind::kGroup ? "group" : "sampling-rule", r.name);
}

// Most tags one resource may carry.
inline constexpr size_t kMaxTagsPerResource = 50;

// Parses a Tags member ([{"Key":..,"Value":..}], Key 1-128 and Value 0-256
// bytes) into `out`; an absent or null member is no tags.
inline absl::Status ParseTags(simdjson::dom::element obj,
                              std::vector<std::pair<std::string, std::string>>* out) {
  simdjson::dom::element v;
  if (obj["Tags"].get(v) || v.is_null()) return absl::OkStatus();
  simdjson::dom::array tags;
  if (v.get_array().get(tags)) return absl::InvalidArgumentError("Tags must be a list");
  for (simdjson::dom::element t : tags) {
    std::string_view key, value;
    if (t["Key"].get_string().get(key) || t["Value"].get_string().get(value)) {
      return absl::InvalidArgumentError("each tag needs a Key and a Value string");
    }
    if (key.empty() || key.size() > 128 || value.size() > 256) {
      return absl::InvalidArgumentError("tag keys are 1 to 128 characters, values at most 256");
    }
    out->emplace_back(key, value);
  }
  if (out->size() > kMaxTagsPerResource) {
    return absl::InvalidArgumentError(
        fmt::format("a resource may have at most {} tags", kMaxTagsPerResource));
  }
  return absl::OkStatus();
}

}  // namespace waggle::api::xray
