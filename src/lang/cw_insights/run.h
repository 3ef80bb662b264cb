// File: lang/cw_insights/run.h
//
// Runs a parsed Insights query over log events fed one at a time: each
// event goes through the query's per-event commands in order (filter,
// parse, computed fields), then into the stats groups (count,
// count_distinct, sum, avg, min, max, stddev, pct, earliest, latest,
// sortsFirst, sortsLast; by expressions and bin(period)) or becomes a
// projected row; then come the filters after stats, sort, dedup and limit.
// Fields are those the commands set, the built-ins (@timestamp, @message,
// @logStream, @log, @ingestionTime) and, for JSON messages, their keys by
// dotted path (`user.id`, `items.0.sku`). Not thread-safe: one runner per
// query.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lang/cw_insights/eval.h"
#include "lang/cw_insights/query.h"

namespace waggle::lang::cw_insights {

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
// Distinct values count_distinct tracks per group.
inline constexpr size_t kMaxDistinctValues = 1'000'000;

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
    double mean = 0, m2 = 0;     // stddev (Welford)
    std::vector<double> values;  // pct
    std::set<std::string> distinct;
    int64_t time = 0;  // earliest, latest: the chosen event's
    Value chosen;      // earliest, latest, sortsFirst, sortsLast
  };
  struct Group {
    std::vector<ResultField> keys;
    std::vector<Accumulator> accs;
  };

  void AddStats(const LogEvent& e, EventView& ev);
  void Accumulate(const Aggregate& a, const LogEvent& e, EventView& ev, Accumulator& acc);
  void AddRow(const LogEvent& e, EventView& ev);
  std::vector<std::vector<ResultField>> StatsRows();
  std::vector<std::vector<ResultField>> EventRows();
  // The aggregate's value in a result row ("" when it has none).
  static std::string Result(const Aggregate& a, Accumulator& acc);
  void SortDedupLimit(std::vector<std::vector<ResultField>>& rows) const;

  const Query& q_;
  simdjson::dom::parser parser_;
  std::map<std::string, Group> groups_;                             // by the keys' joined values
  std::vector<std::pair<int64_t, std::vector<ResultField>>> rows_;  // (timestamp, row)
  QueryResult result_;
  uint64_t sequence_ = 0;
};

}  // namespace waggle::lang::cw_insights
