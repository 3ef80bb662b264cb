// File: api/cloudwatch/insights_queries.h
//
// Logs Insights queries started with StartQuery: each runs to completion
// when started (over the stored events of its log groups, with
// lang/cw_insights) and its result is kept here until read, at most
// kMaxKeptQueries of them (the oldest go first) and for an hour, as
// GetQueryResults serves them for. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "lang/cw_insights/run.h"

namespace waggle::api::cloudwatch {

struct InsightsQuery {
  std::string id;
  std::string environment;
  std::string query_string;
  std::string log_group;  // the first group it read
  std::string status = "Complete";
  int64_t create_ms = 0;
  lang::cw_insights::QueryResult result;
};

class InsightsQueries {
 public:
  static constexpr size_t kMaxKeptQueries = 1000;
  static constexpr int64_t kKeepMs = 3'600'000;

  // Keeps `q`, dropping the oldest past the bounds (`now_ms` ages them).
  void Put(InsightsQuery q, int64_t now_ms);
  // The query `id` of `environment`, or nullopt.
  std::optional<InsightsQuery> Get(std::string_view environment, std::string_view id) const;
  // The queries of `environment`, newest first, at most `max`.
  std::vector<InsightsQuery> List(std::string_view environment, size_t max) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, InsightsQuery, std::less<>> by_id_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> order_ ABSL_GUARDED_BY(mu_);  // oldest first
};

}  // namespace waggle::api::cloudwatch
