// File: meta/keys_table.h
//
// The `api_keys` table: one row per API key ever created. Only the SHA-256
// of a key's secret is stored, never the secret (auth/key_store.h owns the
// key format and verification; this file only stores rows). Revoked keys
// keep their row, marked with the revocation time, so listings and the
// audit trail stay meaningful.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

// Migration 2.
inline constexpr std::string_view kKeysTableSchemaV1 =
    "CREATE TABLE api_keys ("
    " id TEXT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " environment TEXT NOT NULL,"
    " scopes INTEGER NOT NULL,"
    " secret_sha256 BLOB NOT NULL,"
    " created_unix_ns INTEGER NOT NULL,"
    " last_used_unix_ns INTEGER,"
    " revoked_unix_ns INTEGER)";

struct KeyRow {
  std::string id;
  std::string name;
  std::string environment;
  uint32_t scopes = 0;        // bitmask of auth::Scope
  std::string secret_sha256;  // 32 raw bytes
  int64_t created_unix_ns = 0;
  std::optional<int64_t> last_used_unix_ns;
  std::optional<int64_t> revoked_unix_ns;
};

// Inserts `row`. AlreadyExists if a key with its id exists.
absl::Status InsertKey(Connection& conn, const KeyRow& row);

// Every key, revoked ones included, oldest first (ties by id).
absl::StatusOr<std::vector<KeyRow>> ListKeys(Connection& conn);

// Marks key `id` revoked at `unix_ns` (keeping the first revocation time if
// it was already revoked). NotFound if there is no such key.
absl::Status RevokeKey(Connection& conn, std::string_view id, int64_t unix_ns);

// Raises key `id`'s last-used time to `unix_ns` (never lowers it). A
// missing key is not an error: it changes nothing.
absl::Status TouchKey(Connection& conn, std::string_view id, int64_t unix_ns);

}  // namespace waggle::meta
