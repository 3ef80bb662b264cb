#include "meta/saved_queries_table.h"

#include <fmt/format.h>

namespace waggle::meta {
namespace {

constexpr std::string_view kSavedColumns =
    "id, environment, name, dataset, description, spec_json, created_ns, updated_ns";
constexpr std::string_view kHistoryColumns =
    "id, environment, dataset, spec_json, ran_ns, elapsed_us, groups";

SavedQueryRow ReadSaved(const Statement& st) {
  return {st.ColumnInt64(0), st.ColumnText(1), st.ColumnText(2),  st.ColumnText(3),
          st.ColumnText(4),  st.ColumnText(5), st.ColumnInt64(6), st.ColumnInt64(7)};
}

QueryHistoryRow ReadHistory(const Statement& st) {
  return {st.ColumnInt64(0), st.ColumnText(1),  st.ColumnText(2), st.ColumnText(3),
          st.ColumnInt64(4), st.ColumnInt64(5), st.ColumnInt64(6)};
}

absl::Status NotFound(int64_t id) {
  return absl::NotFoundError(fmt::format("no saved query with id {}", id));
}

}  // namespace

absl::StatusOr<int64_t> InsertSavedQuery(Connection& conn, const SavedQueryRow& row) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("INSERT INTO saved_queries (environment, name, dataset,"
                                " description, spec_json, created_ns, updated_ns)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"));
  st.BindText(1, row.environment).BindText(2, row.name).BindText(3, row.dataset);
  st.BindText(4, row.description).BindText(5, row.spec_json);
  st.BindInt64(6, row.created_ns).BindInt64(7, row.updated_ns);
  absl::StatusOr<bool> stepped = st.Step();
  if (absl::IsAlreadyExists(stepped.status())) {
    return absl::AlreadyExistsError(fmt::format("a saved query named '{}' exists", row.name));
  }
  RETURN_IF_ERROR(stepped.status());
  return st.ColumnInt64(0);
}

absl::StatusOr<SavedQueryRow> GetSavedQuery(Connection& conn, std::string_view environment,
                                            int64_t id) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("SELECT {} FROM saved_queries"
                                                          " WHERE environment = ?1 AND id = ?2",
                                                          kSavedColumns)));
  st.BindText(1, environment).BindInt64(2, id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFound(id);
  return ReadSaved(st);
}

absl::StatusOr<std::vector<SavedQueryRow>> ListSavedQueries(Connection& conn,
                                                            std::string_view environment) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("SELECT {} FROM saved_queries"
                                                          " WHERE environment = ?1 ORDER BY name",
                                                          kSavedColumns)));
  st.BindText(1, environment);
  return CollectRows(st, ReadSaved);
}

absl::Status UpdateSavedQuery(Connection& conn, const SavedQueryRow& row) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare("UPDATE saved_queries SET name = ?3, dataset = ?4,"
                                              " description = ?5, spec_json = ?6, updated_ns = ?7"
                                              " WHERE environment = ?1 AND id = ?2"));
  st.BindText(1, row.environment).BindInt64(2, row.id).BindText(3, row.name);
  st.BindText(4, row.dataset).BindText(5, row.description).BindText(6, row.spec_json);
  st.BindInt64(7, row.updated_ns);
  absl::Status s = st.Run();
  if (absl::IsAlreadyExists(s)) {
    return absl::AlreadyExistsError(fmt::format("a saved query named '{}' exists", row.name));
  }
  RETURN_IF_ERROR(s);
  return conn.Changes() == 0 ? NotFound(row.id) : absl::OkStatus();
}

absl::Status DeleteSavedQuery(Connection& conn, std::string_view environment, int64_t id) {
  ASSIGN_OR_RETURN(Statement st,
                   conn.Prepare("DELETE FROM saved_queries WHERE environment = ?1 AND id = ?2"));
  st.BindText(1, environment).BindInt64(2, id);
  RETURN_IF_ERROR(st.Run());
  return conn.Changes() == 0 ? NotFound(id) : absl::OkStatus();
}

absl::Status AppendQueryHistory(Connection& conn, const QueryHistoryRow& row, int keep) {
  ASSIGN_OR_RETURN(Statement ins,
                   conn.Prepare("INSERT INTO query_history (environment, dataset, spec_json,"
                                " ran_ns, elapsed_us, groups) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  ins.BindText(1, row.environment).BindText(2, row.dataset).BindText(3, row.spec_json);
  ins.BindInt64(4, row.ran_ns).BindInt64(5, row.elapsed_us).BindInt64(6, row.groups);
  RETURN_IF_ERROR(ins.Run());
  ASSIGN_OR_RETURN(Statement trim,
                   conn.Prepare("DELETE FROM query_history WHERE environment = ?1 AND id <="
                                " (SELECT id FROM query_history WHERE environment = ?1"
                                " ORDER BY id DESC LIMIT 1 OFFSET ?2)"));
  trim.BindText(1, row.environment).BindInt64(2, keep);
  return trim.Run();
}

absl::StatusOr<std::vector<QueryHistoryRow>> ListQueryHistory(Connection& conn,
                                                              std::string_view environment,
                                                              int limit) {
  ASSIGN_OR_RETURN(Statement st, conn.Prepare(fmt::format("SELECT {} FROM query_history"
                                                          " WHERE environment = ?1"
                                                          " ORDER BY id DESC LIMIT ?2",
                                                          kHistoryColumns)));
  st.BindText(1, environment).BindInt64(2, limit);
  return CollectRows(st, ReadHistory);
}

}  // namespace waggle::meta
