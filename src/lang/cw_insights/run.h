// File: lang/cw_insights/run.h
//
// Runs a parsed Insights query over log events fed one at a time: filters,
// then either stats groups (count, count_distinct, sum, avg, min, max,
// pct; by fields and bin(period)) or projected rows; then sort and limit.
// Fields are the built-ins (@timestamp, @message, @logStream, @log,
// @ingestionTime) and, for JSON messages, their keys by dotted path
// (`user.id`, `items.0.sku`). Not thread-safe: one runner per query.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lang/cw_insights/query.h"

namespace waggle::lang::cw_insights {

class EventView;  // run.cc: one event's fields

struct LogEvent {
  int64_t timestamp_ms = 0;
  int64_t ingestion_ms = 0;
  std::string_view message;
  std::string_view stream;
  std::string_view group;
};

struct ResultField {
  std::string field;
  std::string value;
  bool operator==(const ResultField&) const = default;
};

struct QueryResult {
  std::vector<std::vector<ResultField>> rows;
  int64_t records_scanned = 0;  // events fed
  int64_t records_matched = 0;  // events past the filters
  int64_t bytes_scanned = 0;    // message bytes fed
};

// Rows kept before sort and limit when a query has no stats; past it the
// newest rows are kept.
inline constexpr size_t kMaxBufferedRows = 100'000;

class QueryRunner {
 public:
  explicit QueryRunner(const Query& query) : q_(query) {}
  // Feeds one event.
  void Add(const LogEvent& e);
  // The result (call once, after every Add).
  QueryResult Finish();

 private:
  struct Accumulator {
    int64_t count = 0;
    double sum = 0, min = 0, max = 0;
    std::vector<double> values;  // pct
    std::set<std::string> distinct;
  };
  struct Group {
    std::vector<ResultField> keys;
    std::vector<Accumulator> accs;
  };

  void AddStats(const LogEvent& e, EventView& ev);
  void AddRow(const LogEvent& e, EventView& ev);

  const Query& q_;
  simdjson::dom::parser parser_;
  std::map<std::string, Group> groups_;                             // by the keys' joined values
  std::vector<std::pair<int64_t, std::vector<ResultField>>> rows_;  // (timestamp, row)
  QueryResult result_;
  uint64_t sequence_ = 0;
};

// `ms` as Insights renders timestamps: "YYYY-MM-DD HH:MM:SS.mmm" (UTC).
std::string FormatTimestamp(int64_t ms);

}  // namespace waggle::lang::cw_insights
