// File: meta/saved_queries_table.h
//
// Saved queries (a name, a dataset and a query specification, per
// environment) and the query history (the queries people ran from the UI
// and CLI, newest kept). Functions take a Connection and run under the
// MetaStore's lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

// Migration 9.
inline constexpr std::string_view kSavedQueriesSchemaV1 =
    "CREATE TABLE saved_queries ("
    " id INTEGER PRIMARY KEY,"
    " environment TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " dataset TEXT NOT NULL,"
    " description TEXT NOT NULL,"
    " spec_json TEXT NOT NULL,"
    " created_ns INTEGER NOT NULL,"
    " updated_ns INTEGER NOT NULL,"
    " UNIQUE (environment, name));"
    "CREATE TABLE query_history ("
    " id INTEGER PRIMARY KEY,"
    " environment TEXT NOT NULL,"
    " dataset TEXT NOT NULL,"
    " spec_json TEXT NOT NULL,"
    " ran_ns INTEGER NOT NULL,"
    " elapsed_us INTEGER NOT NULL,"
    " groups INTEGER NOT NULL);"
    "CREATE INDEX query_history_by_environment ON query_history(environment, id);";

struct SavedQueryRow {
  int64_t id = 0;  // assigned on insert
  std::string environment;
  std::string name;
  std::string dataset;
  std::string description;
  std::string spec_json;
  int64_t created_ns = 0;
  int64_t updated_ns = 0;
};

// Inserts `row` and returns its id; AlreadyExists if the environment has a
// saved query of that name.
absl::StatusOr<int64_t> InsertSavedQuery(Connection& conn, const SavedQueryRow& row);
// Saved query `id` of `environment`; NotFound if absent.
absl::StatusOr<SavedQueryRow> GetSavedQuery(Connection& conn, std::string_view environment,
                                            int64_t id);
// Every saved query of `environment`, by name.
absl::StatusOr<std::vector<SavedQueryRow>> ListSavedQueries(Connection& conn,
                                                            std::string_view environment);
// Replaces name, dataset, description, spec and updated time of
// (row.environment, row.id); NotFound if absent, AlreadyExists if the new
// name is another query's.
absl::Status UpdateSavedQuery(Connection& conn, const SavedQueryRow& row);
// Deletes saved query `id`; NotFound if absent.
absl::Status DeleteSavedQuery(Connection& conn, std::string_view environment, int64_t id);

struct QueryHistoryRow {
  int64_t id = 0;
  std::string environment;
  std::string dataset;
  std::string spec_json;
  int64_t ran_ns = 0;
  int64_t elapsed_us = 0;
  int64_t groups = 0;
};

// Appends `row` and drops the environment's entries beyond the newest `keep`.
absl::Status AppendQueryHistory(Connection& conn, const QueryHistoryRow& row, int keep);
// Up to `limit` history entries of `environment`, newest first.
absl::StatusOr<std::vector<QueryHistoryRow>> ListQueryHistory(Connection& conn,
                                                              std::string_view environment,
                                                              int limit);

}  // namespace waggle::meta
