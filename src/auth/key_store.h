// File: auth/key_store.h
//
// API keys: created with scopes and an environment, shown once, stored
// only as SHA-256 of their secret (see auth/key_format.h), revocable, and
// checked on every request.
//
//   KeyStore keys(*meta);
//   ASSIGN_OR_RETURN(auto created, keys.Create(kIngest, "production", "backend-flask"));
//   // created.second is the only copy of the key text: hand it to the user.
//   ASSIGN_OR_RETURN(KeyInfo who, keys.Authenticate(PresentedKey(team, authz)));
//
// Authenticate is on the ingest path, so it never touches SQLite in the
// common case: every key row (there are few) is cached in memory and the
// presented secret's hash is compared in constant time. The cache is
// dropped on Create/Revoke through this store, and at most once a second it
// asks SQLite whether another process (e.g. the CLI working on the same
// data dir) has committed, reloading if so. A key's last-used time is kept
// in memory and written back at most once a minute per key. Find (the
// lookup by id for AWS SigV4, whose secret is derived rather than
// presented) reads the same cache but asks SQLite for its data_version on
// every call, a counter read rather than a table read, so a key created or
// revoked by another process is seen at once.
//
// Thread-safe: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "auth/key_info.h"
#include "core/status.h"
#include "meta/meta_store.h"

namespace waggle::auth {

class KeyStore {
 public:
  // How often Authenticate checks for writes by other processes.
  static constexpr int64_t kRecheckIntervalNs = 1'000'000'000;
  // How often a key's last-used time is written back to SQLite.
  static constexpr int64_t kLastUsedWriteIntervalNs = 60'000'000'000;

  // Keys live in `meta` (with timestamps from meta.clock()), which must
  // outlive this store.
  explicit KeyStore(meta::MetaStore& meta) : meta_(meta) {}
  KeyStore(const KeyStore&) = delete;
  KeyStore& operator=(const KeyStore&) = delete;

  // Creates a key with `scopes` (a non-empty bitmask of Scope) for
  // `environment` (see ValidateEnvironment), labelled `name` (see
  // ValidateKeyName), and records it in the audit log as done by `actor`.
  // Returns its info and the key text, which is never stored (only the
  // secret's SHA-256 is) and cannot be shown again. InvalidArgument for bad
  // arguments; other errors come from SQLite, and then no key exists.
  absl::StatusOr<std::pair<KeyInfo, std::string>> Create(uint32_t scopes, std::string environment,
                                                         std::string name,
                                                         std::string_view actor = "system");

  // Every key, revoked ones included, oldest first.
  absl::StatusOr<std::vector<KeyInfo>> List();

  // Revokes key `id` durably and audits it as done by `actor`; once this
  // returns OK, Authenticate rejects the key. Revoking a revoked key is OK.
  // NotFound if there is no such key.
  absl::Status Revoke(std::string_view id, std::string_view actor = "system");

  // True if any unrevoked key exists. If SQLite cannot be read this logs
  // the error and returns true, so callers deciding whether to demand keys
  // fail closed.
  bool HasKeys();

  // Resolves a presented key (see PresentedKey) to its info, noting its
  // use. Unauthenticated if it is malformed, unknown, has the wrong secret
  // or is revoked; other errors only if SQLite cannot be read.
  absl::StatusOr<KeyInfo> Authenticate(std::string_view presented);

  // The key with id `id`, revoked or not (see KeyInfo::revoked), as of the
  // latest commit by any process. Does not note a use (the caller has not
  // verified anything yet). NotFound if there is no such key; other errors
  // only if SQLite cannot be read.
  absl::StatusOr<KeyInfo> Find(std::string_view id);

 private:
  struct Entry {
    KeyInfo info;
    std::string secret_sha256;
    int64_t written_last_used = 0;  // last_used value known to be in SQLite
  };

  // Makes keys_ current: loads it if dropped, or reloads it if another
  // connection committed since the last check (checked at most once per
  // kRecheckIntervalNs of `now`, or now when `recheck_now`).
  absl::Status RefreshLocked(int64_t now, bool recheck_now = false)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status ReloadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Drops the cache so the next use reloads it from SQLite.
  void Invalidate();

  meta::MetaStore& meta_;
  // Lock order: mu_ before the MetaStore's own mutex, never the reverse.
  std::mutex mu_;
  bool loaded_ ABSL_GUARDED_BY(mu_) = false;
  int64_t data_version_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t checked_at_ns_ ABSL_GUARDED_BY(mu_) = 0;
  std::unordered_map<std::string, Entry> keys_ ABSL_GUARDED_BY(mu_);  // by id
};

}  // namespace waggle::auth
