#include "auth/key_info.h"

#include <fmt/format.h>

#include <array>

namespace waggle::auth {
namespace {

struct ScopeName {
  Scope scope;
  std::string_view name;
};
constexpr std::array<ScopeName, 3> kScopeNames = {{
    {Scope::kIngest, "ingest"},
    {Scope::kRead, "read"},
    {Scope::kAdmin, "admin"},
}};

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

std::optional<uint32_t> ParseOneScope(std::string_view item) {
  for (const ScopeName& s : kScopeNames) {
    if (EqualsIgnoreCase(item, s.name)) return static_cast<uint32_t>(s.scope);
  }
  return std::nullopt;
}

bool IsEnvironmentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

bool HasScope(const KeyInfo& key, Scope scope) {
  const uint32_t wanted = static_cast<uint32_t>(scope) | static_cast<uint32_t>(Scope::kAdmin);
  return (key.scopes & wanted) != 0;
}

absl::StatusOr<uint32_t> ParseScopes(std::string_view text) {
  if (TrimSpaces(text).empty()) return absl::InvalidArgumentError("no scopes given");
  uint32_t scopes = 0;
  while (true) {
    const size_t comma = text.find(',');
    std::string_view item = TrimSpaces(text.substr(0, comma));
    std::optional<uint32_t> bit = ParseOneScope(item);
    if (!bit.has_value()) {
      return absl::InvalidArgumentError(
          fmt::format("unknown scope \"{}\"; expected ingest, read or admin", item));
    }
    scopes |= *bit;
    if (comma == std::string_view::npos) return scopes;
    text.remove_prefix(comma + 1);
  }
}

std::vector<std::string> ScopeNames(uint32_t scopes) {
  std::vector<std::string> names;
  for (const ScopeName& s : kScopeNames) {
    if ((scopes & static_cast<uint32_t>(s.scope)) != 0) names.emplace_back(s.name);
  }
  return names;
}

absl::Status ValidateEnvironment(std::string_view environment) {
  constexpr size_t kMaxEnvironment = 64;
  if (environment.empty() || environment.size() > kMaxEnvironment) {
    return absl::InvalidArgumentError("environment must be 1 to 64 characters long");
  }
  for (char c : environment) {
    if (!IsEnvironmentChar(c)) {
      return absl::InvalidArgumentError(
          "environment may contain only letters, digits, '.', '_' and '-'");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateKeyName(std::string_view name) {
  constexpr size_t kMaxName = 128;
  if (name.size() > kMaxName) {
    return absl::InvalidArgumentError("key name must be at most 128 bytes long");
  }
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return absl::InvalidArgumentError("key name must not contain control characters");
    }
  }
  return absl::OkStatus();
}

}  // namespace waggle::auth
