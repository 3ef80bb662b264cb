#include "meta/keys_table.h"

#include <fmt/format.h>

namespace waggle::meta {
namespace {

KeyRow ReadRow(const Statement& st) {
  KeyRow row;
  row.id = st.ColumnText(0);
  row.name = st.ColumnText(1);
  row.environment = st.ColumnText(2);
  row.scopes = static_cast<uint32_t>(st.ColumnInt64(3));
  row.secret_sha256 = st.ColumnBlob(4);
  row.created_unix_ns = st.ColumnInt64(5);
  row.last_used_unix_ns = st.ColumnOptionalInt64(6);
  row.revoked_unix_ns = st.ColumnOptionalInt64(7);
  return row;
}

}  // namespace

absl::Status InsertKey(Connection& conn, const KeyRow& row) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("INSERT INTO api_keys(id, name, environment, scopes, "
                                "secret_sha256, created_unix_ns, last_used_unix_ns, "
                                "revoked_unix_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  st.BindText(1, row.id)
      .BindText(2, row.name)
      .BindText(3, row.environment)
      .BindInt64(4, row.scopes)
      .BindBlob(5, row.secret_sha256)
      .BindInt64(6, row.created_unix_ns)
      .BindOptionalInt64(7, row.last_used_unix_ns)
      .BindOptionalInt64(8, row.revoked_unix_ns);
  return st.Run();
}

absl::StatusOr<std::vector<KeyRow>> ListKeys(Connection& conn) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("SELECT id, name, environment, scopes, secret_sha256, "
                                "created_unix_ns, last_used_unix_ns, revoked_unix_ns "
                                "FROM api_keys ORDER BY created_unix_ns, id"));
  return CollectRows(st, ReadRow);
}

absl::Status RevokeKey(Connection& conn, std::string_view id, int64_t unix_ns) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("UPDATE api_keys SET revoked_unix_ns = "
                                              "COALESCE(revoked_unix_ns, ?2) WHERE id = ?1"));
  st.BindText(1, id).BindInt64(2, unix_ns);
  RETURN_IF_ERROR(st.Run());
  if (conn.Changes() == 0) return absl::NotFoundError(fmt::format("no API key with id {}", id));
  return absl::OkStatus();
}

absl::Status TouchKey(Connection& conn, std::string_view id, int64_t unix_ns) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("UPDATE api_keys SET last_used_unix_ns = ?2 WHERE id = ?1 "
                                "AND (last_used_unix_ns IS NULL OR last_used_unix_ns < ?2)"));
  st.BindText(1, id).BindInt64(2, unix_ns);
  return st.Run();
}

}  // namespace waggle::meta
