// File: meta/log_groups_table.h
//
// CloudWatch Logs control plane: log groups, their streams and tags, per
// Waggle environment. Events themselves live in the columnar store (one
// dataset per group); these tables hold what the Describe* calls report and
// what PutLogEvents checks per request (existence, retention), plus each
// stream's statistics, updated once per request (never per event).
//
// Deleting a group or stream removes its rows here; its events stay in the
// store until retention drops them, hidden from reads by `min_sequence`:
// events with a smaller sequence number belong to an earlier incarnation.
// Functions take a Connection used under MetaStore's lock; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "meta/connection.h"

namespace waggle::meta {

// Migration 3.
inline constexpr std::string_view kLogGroupsSchemaV1 =
    "CREATE TABLE cw_log_groups ("
    " environment TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " creation_ms INTEGER NOT NULL,"
    " retention_days INTEGER,"  // NULL = never expire
    " min_sequence INTEGER NOT NULL,"
    " stored_bytes INTEGER NOT NULL DEFAULT 0,"
    " log_group_class TEXT NOT NULL DEFAULT 'STANDARD',"
    " kms_key_id TEXT,"
    " PRIMARY KEY (environment, name));"
    "CREATE TABLE cw_log_streams ("
    " environment TEXT NOT NULL,"
    " group_name TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " creation_ms INTEGER NOT NULL,"
    " min_sequence INTEGER NOT NULL,"
    " first_event_ms INTEGER,"
    " last_event_ms INTEGER,"
    " last_ingestion_ms INTEGER,"
    " last_sequence INTEGER NOT NULL DEFAULT 0,"
    " upload_count INTEGER NOT NULL DEFAULT 0,"
    " PRIMARY KEY (environment, group_name, name),"
    " FOREIGN KEY (environment, group_name) REFERENCES cw_log_groups(environment, name)"
    "  ON DELETE CASCADE);"
    "CREATE TABLE cw_log_group_tags ("
    " environment TEXT NOT NULL,"
    " group_name TEXT NOT NULL,"
    " key TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (environment, group_name, key),"
    " FOREIGN KEY (environment, group_name) REFERENCES cw_log_groups(environment, name)"
    "  ON DELETE CASCADE)";

struct LogGroupRow {
  std::string environment;
  std::string name;
  int64_t creation_ms = 0;
  std::optional<int> retention_days;
  int64_t min_sequence = 0;
  int64_t stored_bytes = 0;
  std::string log_group_class = "STANDARD";
  std::optional<std::string> kms_key_id;
  int64_t metric_filter_count = 0;  // read only: counted from cw_metric_filters
};

struct LogStreamRow {
  std::string environment;
  std::string group_name;
  std::string name;
  int64_t creation_ms = 0;
  int64_t min_sequence = 0;
  std::optional<int64_t> first_event_ms;
  std::optional<int64_t> last_event_ms;
  std::optional<int64_t> last_ingestion_ms;
  int64_t last_sequence = 0;
  int64_t upload_count = 0;  // accepted PutLogEvents calls: the upload sequence token
};

// Which groups ListLogGroups returns: names in ascending byte order.
struct LogGroupQuery {
  std::string prefix;                // names starting with it ("" = any)
  std::string contains;              // names containing it, case-sensitive ("" = any)
  std::optional<std::string> after;  // names strictly after this one (paging)
  int limit = 50;
};

// Which streams ListLogStreams returns, and in which order.
struct LogStreamQuery {
  std::string prefix;          // names starting with it ("" = any)
  bool by_last_event = false;  // else by name; streams without events sort as 0
  bool descending = false;
  // Paging: rows strictly after this (sort key, name) in the chosen order.
  // The sort key is used only when by_last_event.
  std::optional<std::pair<int64_t, std::string>> after;
  int limit = 50;
};

// What one accepted PutLogEvents adds to a stream's statistics.
struct StreamPut {
  int64_t first_event_ms = 0;
  int64_t last_event_ms = 0;
  int64_t ingestion_ms = 0;
  int64_t last_sequence = 0;
  int64_t bytes = 0;  // message bytes, added to the group's stored bytes
};

// Inserts a group with its tags, atomically. AlreadyExists if the group
// exists.
absl::Status InsertLogGroup(Connection& conn, const LogGroupRow& row,
                            const std::map<std::string, std::string>& tags);
// Deletes a group with its streams and tags. NotFound if it does not exist.
absl::Status DeleteLogGroup(Connection& conn, std::string_view environment, std::string_view name);
// The group, or nullopt.
absl::StatusOr<std::optional<LogGroupRow>> FindLogGroup(Connection& conn,
                                                        std::string_view environment,
                                                        std::string_view name);
// Up to query.limit groups matching `query`.
absl::StatusOr<std::vector<LogGroupRow>> ListLogGroups(Connection& conn,
                                                       std::string_view environment,
                                                       const LogGroupQuery& query);
// Sets (or with nullopt clears) a group's retention. NotFound if missing.
absl::Status SetLogGroupRetention(Connection& conn, std::string_view environment,
                                  std::string_view name, std::optional<int> days);
// The group's tags, by key.
absl::StatusOr<std::map<std::string, std::string>> ListLogGroupTags(Connection& conn,
                                                                    std::string_view environment,
                                                                    std::string_view name);
// Adds `tags` to the group, replacing the values of keys it already has,
// atomically. The group must exist (FailedPrecondition otherwise).
absl::Status PutLogGroupTags(Connection& conn, std::string_view environment, std::string_view name,
                             const std::map<std::string, std::string>& tags);
// Removes the tags with these keys from the group; absent keys are ignored.
absl::Status DeleteLogGroupTags(Connection& conn, std::string_view environment,
                                std::string_view name, const std::vector<std::string>& keys);

// Inserts a stream. AlreadyExists if it exists; the group must exist
// (FailedPrecondition otherwise).
absl::Status InsertLogStream(Connection& conn, const LogStreamRow& row);
// Deletes a stream. NotFound if it does not exist.
absl::Status DeleteLogStream(Connection& conn, std::string_view environment, std::string_view group,
                             std::string_view name);
// The stream, or nullopt.
absl::StatusOr<std::optional<LogStreamRow>> FindLogStream(Connection& conn,
                                                          std::string_view environment,
                                                          std::string_view group,
                                                          std::string_view name);
// Up to query.limit streams of a group matching `query`, in its order.
absl::StatusOr<std::vector<LogStreamRow>> ListLogStreams(Connection& conn,
                                                         std::string_view environment,
                                                         std::string_view group,
                                                         const LogStreamQuery& query);
// Every stream of a group: name -> min_sequence (which events are visible).
absl::StatusOr<std::map<std::string, int64_t>> LogStreamVisibility(Connection& conn,
                                                                   std::string_view environment,
                                                                   std::string_view group);
// Folds one accepted PutLogEvents into the stream's statistics and the
// group's stored bytes, atomically (one commit outside a transaction);
// returns the stream's new upload count. NotFound if the stream no longer
// exists.
absl::StatusOr<int64_t> RecordStreamPut(Connection& conn, std::string_view environment,
                                        std::string_view group, std::string_view stream,
                                        const StreamPut& put);
// The highest sequence number any group or stream has recorded (0 if none),
// so a restarted server keeps numbering above it.
absl::StatusOr<int64_t> MaxLogSequence(Connection& conn);

}  // namespace waggle::meta
