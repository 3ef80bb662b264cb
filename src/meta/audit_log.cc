#include "meta/audit_log.h"

#include <algorithm>

namespace waggle::meta {

absl::Status AppendAudit(Connection& conn, int64_t unix_ns, std::string_view actor,
                         std::string_view action, std::string_view detail) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("INSERT INTO audit_log(unix_ns, actor, action, detail) "
                                "VALUES (?1, ?2, ?3, ?4)"));
  st.BindInt64(1, unix_ns).BindText(2, actor).BindText(3, action).BindText(4, detail);
  return st.Run();
}

absl::StatusOr<std::vector<AuditEntry>> ListAudit(Connection& conn, int limit) {
  constexpr int kMaxAuditRows = 10000;
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("SELECT seq, unix_ns, actor, action, detail FROM audit_log "
                                "ORDER BY seq DESC LIMIT ?1"));
  st.BindInt64(1, std::clamp(limit, 0, kMaxAuditRows));
  std::vector<AuditEntry> entries;
  while (true) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    entries.push_back(AuditEntry{st.ColumnInt64(0), st.ColumnInt64(1), st.ColumnText(2),
                                 st.ColumnText(3), st.ColumnText(4)});
  }
  return entries;
}

}  // namespace waggle::meta
