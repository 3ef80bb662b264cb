#include "meta/meta_store.h"

#include <utility>

namespace waggle::meta {

absl::StatusOr<std::unique_ptr<MetaStore>> MetaStore::Open(const std::string& path,
                                                           Options options) {
  const core::Clock& clock = options.clock != nullptr ? *options.clock : core::SystemClock::Get();
  ASSIGN_OR_RETURN(Connection conn, Connection::Open(path));
  ASSIGN_OR_RETURN(int version, ApplyMigrations(conn, options.migrations, clock.NowNanos()));
  return std::unique_ptr<MetaStore>(new MetaStore(path, std::move(conn), clock, version));
}

absl::Status MetaStore::Run(const std::function<absl::Status(Connection&)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  return fn(conn_);
}

absl::Status MetaStore::Transact(const std::function<absl::Status(Connection&)>& fn) {
  std::lock_guard<std::mutex> lock(mu_);
  return conn_.InTransaction([&] { return fn(conn_); });
}

absl::Status MetaStore::Audit(std::string_view actor, std::string_view action,
                              std::string_view detail) {
  const int64_t now = clock_.NowNanos();
  return Run([&](Connection& c) { return AppendAudit(c, now, actor, action, detail); });
}

absl::StatusOr<std::vector<AuditEntry>> MetaStore::RecentAudit(int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  return ListAudit(conn_, limit);
}

absl::StatusOr<int64_t> MetaStore::DataVersion() {
  std::lock_guard<std::mutex> lock(mu_);
  return conn_.DataVersion();
}

}  // namespace waggle::meta
