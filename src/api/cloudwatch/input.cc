#include "api/cloudwatch/input.h"

#include <fmt/format.h>

namespace waggle::api::cloudwatch {
namespace {

using simdjson::dom::element_type;

absl::Status Invalid(std::string_view detail) {
  return absl::InvalidArgumentError(fmt::format("1 validation error detected: {}", detail));
}

absl::Status NotNull(std::string_view member) {
  return Invalid(fmt::format(
      "Value null at '{}' failed to satisfy constraint: Member must not be null", member));
}

absl::Status WrongType(std::string_view member, std::string_view want) {
  return Invalid(
      fmt::format("Value at '{}' failed to satisfy constraint: Member must be {}", member, want));
}

// The member's value, or nullopt when absent or null.
std::optional<Json> Member(Json input, std::string_view member) {
  Json v;
  if (input[member].get(v) || v.is_null()) return std::nullopt;
  return v;
}

absl::Status CheckLength(std::string_view member, std::string_view value, size_t lo, size_t hi) {
  if (value.size() < lo) {
    return Invalid(fmt::format(
        "Value '{}' at '{}' failed to satisfy constraint: Member must have length greater than "
        "or equal to {}",
        value, member, lo));
  }
  if (value.size() > hi) {
    return Invalid(fmt::format(
        "Value at '{}' failed to satisfy constraint: Member must have length less than or equal "
        "to {}",
        member, hi));
  }
  return absl::OkStatus();
}

bool IsGroupNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == '/' || c == '#';
}

}  // namespace

std::string_view NameFromIdentifier(std::string_view id) {
  constexpr std::string_view kMarker = ":log-group:";
  if (id.substr(0, 4) != "arn:") return id;
  size_t at = id.find(kMarker);
  if (at == std::string_view::npos) return id;
  std::string_view name = id.substr(at + kMarker.size());
  if (name.size() >= 2 && name.substr(name.size() - 2) == ":*") name.remove_suffix(2);
  return name;
}

absl::StatusOr<std::optional<std::string_view>> OptionalString(Json input,
                                                               std::string_view member) {
  std::optional<Json> v = Member(input, member);
  if (!v) return std::optional<std::string_view>();
  std::string_view s;
  if (v->get_string().get(s)) return WrongType(member, "a string");
  return std::optional<std::string_view>(s);
}

absl::StatusOr<std::string_view> RequiredString(Json input, std::string_view member) {
  ASSIGN_OR_RETURN(std::optional<std::string_view> s, OptionalString(input, member));
  if (!s) return NotNull(member);
  return *s;
}

absl::StatusOr<std::optional<int64_t>> OptionalInt(Json input, std::string_view member) {
  std::optional<Json> v = Member(input, member);
  if (!v) return std::optional<int64_t>();
  if (v->type() != element_type::INT64) return WrongType(member, "a 64-bit integer");
  return std::optional<int64_t>(v->get_int64().value_unsafe());
}

absl::StatusOr<bool> OptionalBool(Json input, std::string_view member, bool fallback) {
  std::optional<Json> v = Member(input, member);
  if (!v) return fallback;
  bool b = false;
  if (v->get_bool().get(b)) return WrongType(member, "a boolean");
  return b;
}

absl::StatusOr<std::optional<std::vector<std::string_view>>> OptionalStringList(
    Json input, std::string_view member, size_t max_items) {
  std::optional<Json> v = Member(input, member);
  if (!v) return std::optional<std::vector<std::string_view>>();
  simdjson::dom::array arr;
  if (v->get_array().get(arr)) return WrongType(member, "a list of strings");
  if (arr.size() < 1 || arr.size() > max_items) {
    return Invalid(fmt::format(
        "Value at '{}' failed to satisfy constraint: Member must have length between 1 and {}",
        member, max_items));
  }
  std::vector<std::string_view> out;
  for (Json item : arr) {
    std::string_view s;
    if (item.get_string().get(s)) return WrongType(member, "a list of strings");
    out.push_back(s);
  }
  return std::optional<std::vector<std::string_view>>(std::move(out));
}

absl::StatusOr<std::map<std::string, std::string>> OptionalStringMap(Json input,
                                                                     std::string_view member,
                                                                     size_t max_items) {
  std::map<std::string, std::string> out;
  std::optional<Json> v = Member(input, member);
  if (!v) return out;
  simdjson::dom::object obj;
  if (v->get_object().get(obj)) return WrongType(member, "a map of strings");
  for (auto field : obj) {
    std::string_view s;
    if (field.value.get_string().get(s)) return WrongType(member, "a map of strings");
    RETURN_IF_ERROR(CheckLength(fmt::format("{}.key", member), field.key, 1, 128));
    RETURN_IF_ERROR(CheckLength(fmt::format("{}.value", member), s, 0, 256));
    out.emplace(std::string(field.key), std::string(s));
  }
  if (out.size() > max_items) {
    return Invalid(fmt::format(
        "Value at '{}' failed to satisfy constraint: Member must have length less than or equal "
        "to {}",
        member, max_items));
  }
  return out;
}

absl::StatusOr<int64_t> LimitMember(Json input, std::string_view member, int64_t lo, int64_t hi,
                                    int64_t fallback) {
  ASSIGN_OR_RETURN(std::optional<int64_t> v, OptionalInt(input, member));
  if (!v) return fallback;
  if (*v < lo || *v > hi) {
    return Invalid(fmt::format(
        "Value '{}' at '{}' failed to satisfy constraint: Member must have value {} {}", *v, member,
        *v < lo ? "greater than or equal to" : "less than or equal to", *v < lo ? lo : hi));
  }
  return *v;
}

absl::Status ValidateGroupName(std::string_view member, std::string_view name) {
  RETURN_IF_ERROR(CheckLength(member, name, 1, 512));
  for (char c : name) {
    if (!IsGroupNameChar(c)) {
      return Invalid(fmt::format(
          "Value '{}' at '{}' failed to satisfy constraint: Member must satisfy regular "
          "expression pattern: [\\.\\-_/#A-Za-z0-9]+",
          name, member));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateStreamName(std::string_view member, std::string_view name) {
  RETURN_IF_ERROR(CheckLength(member, name, 1, 512));
  if (name.find_first_of(":*") != std::string_view::npos) {
    return Invalid(fmt::format(
        "Value '{}' at '{}' failed to satisfy constraint: Member must satisfy regular expression "
        "pattern: [^:*]*",
        name, member));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> GroupFromNameOrIdentifier(Json input, bool required) {
  ASSIGN_OR_RETURN(std::optional<std::string_view> name, OptionalString(input, "logGroupName"));
  ASSIGN_OR_RETURN(std::optional<std::string_view> id, OptionalString(input, "logGroupIdentifier"));
  if (name && id) {
    return absl::InvalidArgumentError(
        "LogGroupName and LogGroupIdentifier are mutually exclusive parameters.");
  }
  if (name) {
    RETURN_IF_ERROR(ValidateGroupName("logGroupName", *name));
    return std::string(*name);
  }
  if (id) {
    RETURN_IF_ERROR(CheckLength("logGroupIdentifier", *id, 1, 2048));
    std::string_view group = NameFromIdentifier(*id);
    RETURN_IF_ERROR(ValidateGroupName("logGroupIdentifier", group));
    return std::string(group);
  }
  if (required) {
    return absl::InvalidArgumentError("Should provide either logGroupName or logGroupIdentifier.");
  }
  return std::string();
}

}  // namespace waggle::api::cloudwatch
