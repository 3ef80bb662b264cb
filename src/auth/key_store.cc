#include "auth/key_store.h"

#include <algorithm>

#include "auth/key_format.h"
#include "core/json_writer.h"
#include "core/log.h"
#include "meta/audit_log.h"
#include "meta/keys_table.h"

namespace waggle::auth {
namespace {

// Random ids collide with probability ~n^2 / 2^60; retry a few times anyway.
constexpr int kCreateAttempts = 3;

KeyInfo InfoFromRow(const meta::KeyRow& row) {
  return KeyInfo{row.id,
                 row.name,
                 row.environment,
                 row.scopes,
                 row.created_unix_ns,
                 row.last_used_unix_ns,
                 row.revoked_unix_ns.has_value()};
}

// The audit detail for a created key: everything but the secret.
std::string CreateDetail(const KeyInfo& info) {
  core::JsonWriter json;
  json.BeginObject().Key("id").String(info.id).Key("name").String(info.name);
  json.Key("environment").String(info.environment).Key("scopes").BeginArray();
  for (const std::string& scope : ScopeNames(info.scopes)) json.String(scope);
  json.EndArray().EndObject();
  return json.Release();
}

std::string RevokeDetail(std::string_view id) {
  core::JsonWriter json;
  json.BeginObject().Key("id").String(id).EndObject();
  return json.Release();
}

absl::Status ValidateCreate(uint32_t scopes, std::string_view environment, std::string_view name) {
  if (scopes == 0 || (scopes & ~kAllScopes) != 0) {
    return absl::InvalidArgumentError("a key needs one or more of the scopes ingest, read, admin");
  }
  RETURN_IF_ERROR(ValidateEnvironment(environment));
  return ValidateKeyName(name);
}

}  // namespace

absl::StatusOr<std::pair<KeyInfo, std::string>> KeyStore::Create(uint32_t scopes,
                                                                 std::string environment,
                                                                 std::string name,
                                                                 std::string_view actor) {
  RETURN_IF_ERROR(ValidateCreate(scopes, environment, name));
  for (int attempt = 1;; ++attempt) {
    ASSIGN_OR_RETURN(std::string id, RandomBase62(kKeyIdLength));
    ASSIGN_OR_RETURN(std::string secret, RandomBase62(kKeySecretLength));
    meta::KeyRow row{id, name, environment, scopes, Sha256(secret), meta_.clock().NowNanos()};
    KeyInfo info = InfoFromRow(row);
    absl::Status status = meta_.Transact([&](meta::Connection& c) -> absl::Status {
      RETURN_IF_ERROR(meta::InsertKey(c, row));
      return meta::AppendAudit(c, row.created_unix_ns, actor, "key.create", CreateDetail(info));
    });
    if (absl::IsAlreadyExists(status) && attempt < kCreateAttempts) continue;
    RETURN_IF_ERROR(status);
    Invalidate();
    return std::make_pair(std::move(info), FormatKey(id, secret));
  }
}

absl::StatusOr<std::vector<KeyInfo>> KeyStore::List() {
  std::vector<meta::KeyRow> rows;
  RETURN_IF_ERROR(meta_.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(rows, meta::ListKeys(c));
    return absl::OkStatus();
  }));
  std::vector<KeyInfo> keys;
  keys.reserve(rows.size());
  std::lock_guard<std::mutex> lock(mu_);
  for (const meta::KeyRow& row : rows) {
    keys.push_back(InfoFromRow(row));
    // Recent uses may not have been written back yet.
    auto it = keys_.find(row.id);
    if (it != keys_.end() && it->second.info.last_used_unix_ns.has_value()) {
      keys.back().last_used_unix_ns =
          std::max(keys.back().last_used_unix_ns.value_or(0), *it->second.info.last_used_unix_ns);
    }
  }
  return keys;
}

absl::Status KeyStore::Revoke(std::string_view id, std::string_view actor) {
  const int64_t now = meta_.clock().NowNanos();
  RETURN_IF_ERROR(meta_.Transact([&](meta::Connection& c) -> absl::Status {
    RETURN_IF_ERROR(meta::RevokeKey(c, id, now));
    return meta::AppendAudit(c, now, actor, "key.revoke", RevokeDetail(id));
  }));
  Invalidate();
  return absl::OkStatus();
}

bool KeyStore::HasKeys() {
  std::lock_guard<std::mutex> lock(mu_);
  absl::Status status = RefreshLocked(meta_.clock().NowNanos());
  if (!status.ok()) {
    core::LogError("cannot read API keys, assuming some exist: {}", status.ToString());
    return true;
  }
  return std::any_of(keys_.begin(), keys_.end(),
                     [](const auto& kv) { return !kv.second.info.revoked; });
}

absl::StatusOr<KeyInfo> KeyStore::Authenticate(std::string_view presented) {
  std::optional<ParsedKey> parsed = ParseKey(presented);
  if (!parsed.has_value()) return absl::UnauthenticatedError("malformed API key");
  const std::string hash = Sha256(parsed->secret);  // outside the lock: it is the slow part
  const int64_t now = meta_.clock().NowNanos();
  KeyInfo info;
  bool write_back = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(RefreshLocked(now));
    auto it = keys_.find(std::string(parsed->id));
    if (it == keys_.end() || !ConstantTimeEquals(hash, it->second.secret_sha256)) {
      return absl::UnauthenticatedError("invalid API key");
    }
    Entry& entry = it->second;
    if (entry.info.revoked) return absl::UnauthenticatedError("API key has been revoked");
    entry.info.last_used_unix_ns = std::max(entry.info.last_used_unix_ns.value_or(0), now);
    if (now - entry.written_last_used >= kLastUsedWriteIntervalNs) {
      entry.written_last_used = now;
      write_back = true;
    }
    info = entry.info;
  }
  if (write_back) {
    // Best effort: a lost last-used time must not fail the request.
    absl::Status status =
        meta_.Run([&](meta::Connection& c) { return meta::TouchKey(c, info.id, now); });
    if (!status.ok())
      core::LogWarn("cannot record use of API key {}: {}", info.id, status.ToString());
  }
  return info;
}

absl::StatusOr<KeyInfo> KeyStore::Find(std::string_view id) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(RefreshLocked(meta_.clock().NowNanos(), /*recheck_now=*/true));
  auto it = keys_.find(std::string(id));
  if (it == keys_.end()) return absl::NotFoundError("no such API key");
  return it->second.info;
}

absl::Status KeyStore::RefreshLocked(int64_t now, bool recheck_now) {
  if (loaded_ && !recheck_now && now - checked_at_ns_ < kRecheckIntervalNs) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(int64_t version, meta_.DataVersion());
  checked_at_ns_ = now;
  if (loaded_ && version == data_version_) return absl::OkStatus();
  RETURN_IF_ERROR(ReloadLocked());
  // Read before the reload: a commit in between only causes one more reload.
  data_version_ = version;
  loaded_ = true;
  return absl::OkStatus();
}

absl::Status KeyStore::ReloadLocked() {
  std::vector<meta::KeyRow> rows;
  RETURN_IF_ERROR(meta_.Run([&](meta::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(rows, meta::ListKeys(c));
    return absl::OkStatus();
  }));
  std::unordered_map<std::string, Entry> fresh;
  for (meta::KeyRow& row : rows) {
    Entry entry{InfoFromRow(row), std::move(row.secret_sha256), row.last_used_unix_ns.value_or(0)};
    // Keep uses seen since the last write-back.
    auto old = keys_.find(entry.info.id);
    if (old != keys_.end()) {
      entry.written_last_used = std::max(entry.written_last_used, old->second.written_last_used);
      if (old->second.info.last_used_unix_ns.has_value()) {
        entry.info.last_used_unix_ns =
            std::max(entry.info.last_used_unix_ns.value_or(0), *old->second.info.last_used_unix_ns);
      }
    }
    std::string id = entry.info.id;
    fresh.emplace(std::move(id), std::move(entry));
  }
  keys_ = std::move(fresh);
  return absl::OkStatus();
}

void KeyStore::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  loaded_ = false;
}

}  // namespace waggle::auth
