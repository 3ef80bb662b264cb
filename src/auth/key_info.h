// File: auth/key_info.h
//
// What an API key is allowed to do (its scopes) and what Waggle knows about
// it (KeyInfo), plus the validation rules for the fields a user chooses.
// Pure values and functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace waggle::auth {

// Scopes are bits so a key can hold several. Admin implies read and ingest.
enum class Scope : uint32_t { kIngest = 1, kRead = 2, kAdmin = 4 };

// Every defined scope bit.
inline constexpr uint32_t kAllScopes = 7;

struct KeyInfo {
  std::string id;           // the public part of the key, e.g. "a1B2c3D4e5"
  std::string name;         // free-form label chosen at creation
  std::string environment;  // e.g. "production"; validated by ValidateEnvironment
  uint32_t scopes = 0;      // bitmask of Scope
  int64_t created_unix_ns = 0;
  std::optional<int64_t> last_used_unix_ns;  // unset until first authenticated use
  bool revoked = false;
};

// True if `key` may act in `scope`; admin keys may act in every scope.
bool HasScope(const KeyInfo& key, Scope scope);

// Parses a comma-separated list of "ingest", "read", "admin" (ASCII case
// and surrounding spaces ignored, repeats allowed) into a bitmask.
// InvalidArgument for an empty list, an empty item or an unknown name.
absl::StatusOr<uint32_t> ParseScopes(std::string_view text);

// The names of the scopes set in `scopes`, in the order ingest, read,
// admin; undefined bits are ignored.
std::vector<std::string> ScopeNames(uint32_t scopes);

// OK if `environment` is 1-64 characters of [A-Za-z0-9._-]; else
// InvalidArgument saying why.
absl::Status ValidateEnvironment(std::string_view environment);

// OK if `name` is at most 128 bytes with no ASCII control characters
// (empty is allowed); else InvalidArgument.
absl::Status ValidateKeyName(std::string_view name);

}  // namespace waggle::auth
