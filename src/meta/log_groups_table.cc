#include "meta/log_groups_table.h"

#include <fmt/format.h>

#include "meta/savepoint.h"

namespace waggle::meta {
namespace {

constexpr std::string_view kGroupColumns =
    "environment, name, creation_ms, retention_days, min_sequence, stored_bytes, "
    "log_group_class, kms_key_id";
// kGroupColumns read back, and the group's metric filter count.
constexpr std::string_view kGroupReadColumns =
    "environment, name, creation_ms, retention_days, min_sequence, stored_bytes, "
    "log_group_class, kms_key_id, (SELECT COUNT(*) FROM cw_metric_filters f WHERE "
    "f.environment = cw_log_groups.environment AND f.group_name = cw_log_groups.name)";
constexpr std::string_view kStreamColumns =
    "environment, group_name, name, creation_ms, min_sequence, first_event_ms, last_event_ms, "
    "last_ingestion_ms, last_sequence, upload_count";

LogGroupRow ReadGroup(const Statement& st) {
  LogGroupRow row;
  row.environment = st.ColumnText(0);
  row.name = st.ColumnText(1);
  row.creation_ms = st.ColumnInt64(2);
  if (!st.ColumnIsNull(3)) row.retention_days = static_cast<int>(st.ColumnInt64(3));
  row.min_sequence = st.ColumnInt64(4);
  row.stored_bytes = st.ColumnInt64(5);
  row.log_group_class = st.ColumnText(6);
  row.kms_key_id = st.ColumnOptionalText(7);
  row.metric_filter_count = st.ColumnInt64(8);
  return row;
}

LogStreamRow ReadStream(const Statement& st) {
  LogStreamRow row;
  row.environment = st.ColumnText(0);
  row.group_name = st.ColumnText(1);
  row.name = st.ColumnText(2);
  row.creation_ms = st.ColumnInt64(3);
  row.min_sequence = st.ColumnInt64(4);
  row.first_event_ms = st.ColumnOptionalInt64(5);
  row.last_event_ms = st.ColumnOptionalInt64(6);
  row.last_ingestion_ms = st.ColumnOptionalInt64(7);
  row.last_sequence = st.ColumnInt64(8);
  row.upload_count = st.ColumnInt64(9);
  return row;
}

// The ORDER BY / paging clause of ListLogStreams: ?3 = after key, ?4 = after name.
std::string StreamOrder(const LogStreamQuery& q) {
  const char* cmp = q.descending ? "<" : ">";
  const char* dir = q.descending ? "DESC" : "ASC";
  if (!q.by_last_event) {
    std::string where = q.after ? fmt::format(" AND name {} ?4", cmp) : "";
    return fmt::format("{} ORDER BY name {}", where, dir);
  }
  constexpr std::string_view key = "COALESCE(last_event_ms, 0)";
  std::string where =
      q.after ? fmt::format(" AND ({0} {1} ?3 OR ({0} = ?3 AND name {1} ?4))", key, cmp) : "";
  return fmt::format("{} ORDER BY {} {}, name {}", where, key, dir, dir);
}

}  // namespace

absl::Status InsertLogGroup(Connection& conn, const LogGroupRow& row,
                            const std::map<std::string, std::string>& tags) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("INSERT INTO cw_log_groups({}) VALUES "
                                                          "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                                          kGroupColumns)));
  st.BindText(1, row.environment).BindText(2, row.name).BindInt64(3, row.creation_ms);
  st.BindOptionalInt64(4, row.retention_days).BindInt64(5, row.min_sequence);
  st.BindInt64(6, row.stored_bytes).BindText(7, row.log_group_class);
  st.BindOptionalText(8, row.kms_key_id);
  ASSIGN_OR_RETURN(Statement tag, conn.Prepare("INSERT INTO cw_log_group_tags(environment, "
                                               "group_name, key, value) VALUES (?1, ?2, ?3, ?4)"));
  // The group and its tags are one unit: no group is left without its tags.
  return InSavepoint(conn, [&]() -> absl::Status {
    RETURN_IF_ERROR(st.Run());
    for (const auto& [key, value] : tags) {
      tag.Reset();
      tag.BindText(1, row.environment).BindText(2, row.name).BindText(3, key).BindText(4, value);
      RETURN_IF_ERROR(tag.Run());
    }
    return absl::OkStatus();
  });
}

absl::Status DeleteLogGroup(Connection& conn, std::string_view environment, std::string_view name) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("DELETE FROM cw_log_groups WHERE environment = ?1 "
                                              "AND name = ?2"));
  st.BindText(1, environment).BindText(2, name);
  RETURN_IF_ERROR(st.Run());
  if (conn.Changes() == 0) return absl::NotFoundError("The specified log group does not exist.");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<LogGroupRow>> FindLogGroup(Connection& conn,
                                                        std::string_view environment,
                                                        std::string_view name) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format("SELECT {} FROM cw_log_groups WHERE environment = ?1 "
                                            "AND name = ?2",
                                            kGroupReadColumns)));
  st.BindText(1, environment).BindText(2, name);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<LogGroupRow>();
  return std::optional<LogGroupRow>(ReadGroup(st));
}

absl::StatusOr<std::vector<LogGroupRow>> ListLogGroups(Connection& conn,
                                                       std::string_view environment,
                                                       const LogGroupQuery& q) {
  ASSIGN_OR_RETURN(
      Statement st,
      conn.Prepare(fmt::format("SELECT {} FROM cw_log_groups WHERE environment = ?1"
                               " AND substr(name, 1, length(?2)) = ?2 AND instr(name, ?3) > 0{}"
                               " ORDER BY name LIMIT ?5",
                               kGroupReadColumns, q.after ? " AND name > ?4" : "")));
  st.BindText(1, environment).BindText(2, q.prefix).BindText(3, q.contains);
  if (q.after) st.BindText(4, *q.after);
  st.BindInt64(5, q.limit);
  return CollectRows(st, ReadGroup);
}

absl::Status SetLogGroupRetention(Connection& conn, std::string_view environment,
                                  std::string_view name, std::optional<int> days) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("UPDATE cw_log_groups SET retention_days = ?3 "
                                              "WHERE environment = ?1 AND name = ?2"));
  st.BindText(1, environment).BindText(2, name);
  st.BindOptionalInt64(3, days);
  RETURN_IF_ERROR(st.Run());
  if (conn.Changes() == 0) return absl::NotFoundError("The specified log group does not exist.");
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, std::string>> ListLogGroupTags(Connection& conn,
                                                                    std::string_view environment,
                                                                    std::string_view name) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("SELECT key, value FROM cw_log_group_tags WHERE "
                                              "environment = ?1 AND group_name = ?2"));
  st.BindText(1, environment).BindText(2, name);
  std::map<std::string, std::string> tags;
  while (true) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    tags.emplace(st.ColumnText(0), st.ColumnText(1));
  }
  return tags;
}

absl::Status PutLogGroupTags(Connection& conn, std::string_view environment, std::string_view name,
                             const std::map<std::string, std::string>& tags) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("INSERT INTO cw_log_group_tags(environment, group_name, key, "
                                "value) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (environment, "
                                "group_name, key) DO UPDATE SET value = ?4"));
  return InSavepoint(conn, [&]() -> absl::Status {
    for (const auto& [key, value] : tags) {
      st.Reset();
      st.BindText(1, environment).BindText(2, name).BindText(3, key).BindText(4, value);
      RETURN_IF_ERROR(st.Run());
    }
    return absl::OkStatus();
  });
}

absl::Status DeleteLogGroupTags(Connection& conn, std::string_view environment,
                                std::string_view name, const std::vector<std::string>& keys) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("DELETE FROM cw_log_group_tags WHERE environment "
                                              "= ?1 AND group_name = ?2 AND key = ?3"));
  return InSavepoint(conn, [&]() -> absl::Status {
    for (const std::string& key : keys) {
      st.Reset();
      st.BindText(1, environment).BindText(2, name).BindText(3, key);
      RETURN_IF_ERROR(st.Run());
    }
    return absl::OkStatus();
  });
}

absl::Status InsertLogStream(Connection& conn, const LogStreamRow& row) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format("INSERT INTO cw_log_streams({}) VALUES "
                                            "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                            kStreamColumns)));
  st.BindText(1, row.environment)
      .BindText(2, row.group_name)
      .BindText(3, row.name)
      .BindInt64(4, row.creation_ms)
      .BindInt64(5, row.min_sequence)
      .BindOptionalInt64(6, row.first_event_ms)
      .BindOptionalInt64(7, row.last_event_ms)
      .BindOptionalInt64(8, row.last_ingestion_ms)
      .BindInt64(9, row.last_sequence)
      .BindInt64(10, row.upload_count);
  return st.Run();
}

absl::Status DeleteLogStream(Connection& conn, std::string_view environment, std::string_view group,
                             std::string_view name) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("DELETE FROM cw_log_streams WHERE environment = ?1 "
                                              "AND group_name = ?2 AND name = ?3"));
  st.BindText(1, environment).BindText(2, group).BindText(3, name);
  RETURN_IF_ERROR(st.Run());
  if (conn.Changes() == 0) return absl::NotFoundError("The specified log stream does not exist.");
  return absl::OkStatus();
}

absl::StatusOr<std::optional<LogStreamRow>> FindLogStream(Connection& conn,
                                                          std::string_view environment,
                                                          std::string_view group,
                                                          std::string_view name) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format("SELECT {} FROM cw_log_streams WHERE environment = ?1 "
                                            "AND group_name = ?2 AND name = ?3",
                                            kStreamColumns)));
  st.BindText(1, environment).BindText(2, group).BindText(3, name);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<LogStreamRow>();
  return std::optional<LogStreamRow>(ReadStream(st));
}

absl::StatusOr<std::vector<LogStreamRow>> ListLogStreams(Connection& conn,
                                                         std::string_view environment,
                                                         std::string_view group,
                                                         const LogStreamQuery& q) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare(fmt::format("SELECT {} FROM cw_log_streams WHERE environment = ?1 "
                                            "AND group_name = ?2 AND substr(name, 1, length(?5)) "
                                            "= ?5{} LIMIT ?6",
                                            kStreamColumns, StreamOrder(q))));
  st.BindText(1, environment).BindText(2, group).BindText(5, q.prefix).BindInt64(6, q.limit);
  if (q.after) {
    if (q.by_last_event) st.BindInt64(3, q.after->first);
    st.BindText(4, q.after->second);
  }
  return CollectRows(st, ReadStream);
}

absl::StatusOr<std::map<std::string, int64_t>> LogStreamVisibility(Connection& conn,
                                                                   std::string_view environment,
                                                                   std::string_view group) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("SELECT name, min_sequence FROM cw_log_streams "
                                              "WHERE environment = ?1 AND group_name = ?2"));
  st.BindText(1, environment).BindText(2, group);
  std::map<std::string, int64_t> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.emplace(st.ColumnText(0), st.ColumnInt64(1));
  }
  return out;
}

absl::StatusOr<int64_t> RecordStreamPut(Connection& conn, std::string_view environment,
                                        std::string_view group, std::string_view stream,
                                        const StreamPut& put) {
  ASSIGN_OR_RETURN(
      Statement st,
      conn.Prepare("UPDATE cw_log_streams SET"
                   " first_event_ms = MIN(COALESCE(first_event_ms, ?4), ?4),"
                   " last_event_ms = MAX(COALESCE(last_event_ms, ?5), ?5),"
                   " last_ingestion_ms = MAX(COALESCE(last_ingestion_ms, ?6), ?6),"
                   " last_sequence = MAX(last_sequence, ?7), upload_count = upload_count + 1"
                   " WHERE environment = ?1 AND group_name = ?2 AND name = ?3"
                   " RETURNING upload_count"));
  st.BindText(1, environment).BindText(2, group).BindText(3, stream);
  st.BindInt64(4, put.first_event_ms).BindInt64(5, put.last_event_ms);
  st.BindInt64(6, put.ingestion_ms).BindInt64(7, put.last_sequence);
  ASSIGN_OR_RETURN(Statement g, conn.Prepare("UPDATE cw_log_groups SET stored_bytes = "
                                             "stored_bytes + ?3 WHERE environment = ?1 AND "
                                             "name = ?2"));
  g.BindText(1, environment).BindText(2, group).BindInt64(3, put.bytes);
  // Stream and group statistics change together, in one commit (one fsync)
  // when the caller has no transaction open.
  int64_t count = 0;
  RETURN_IF_ERROR(InSavepoint(conn, [&]() -> absl::Status {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return absl::NotFoundError("The specified log stream does not exist.");
    count = st.ColumnInt64(0);
    RETURN_IF_ERROR(st.Run());
    return g.Run();
  }));
  return count;
}

absl::StatusOr<int64_t> MaxLogSequence(Connection& conn) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("SELECT MAX(COALESCE((SELECT MAX(min_sequence) FROM "
                                "cw_log_groups), 0), COALESCE((SELECT MAX(MAX(min_sequence, "
                                "last_sequence)) FROM cw_log_streams), 0))"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt64(0) : 0;
}

}  // namespace waggle::meta
