// The compact text form of a query for humans (the `waggle query` CLI):
//
//   calculations  COUNT  P99(duration_ms)  HEATMAP(duration_ms)
//   --where       'http.status_code >= 500'  'name in a,b'  'error exists'
//   --by          http.route
//   --order       'P99(duration_ms) desc'  'http.route asc'
//   --having      'COUNT > 10'
//   --last        90s | 30m | 2h | 7d | 3600
//
// Errors are InvalidArgument naming the offending token.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "query/spec/spec.h"

namespace waggle::query {

struct TextQuery {
  std::vector<std::string> calculations;
  std::vector<std::string> where;
  bool any = false;  // combine `where` with OR
  std::vector<std::string> by;
  std::vector<std::string> order;
  std::vector<std::string> having;
  std::string last;
  int64_t limit = 0;  // 0 = default
};

// Builds and validates the spec of a text query.
absl::StatusOr<QuerySpec> ParseTextQuery(const TextQuery& text);

// Parses one calculation such as "P99(duration_ms)" or "COUNT".
absl::StatusOr<Calculation> ParseCalculationText(std::string_view text);
// Parses one filter such as "duration_ms > 100" or "name in a,b".
absl::StatusOr<Filter> ParseFilterText(std::string_view text);
// Parses a duration: plain seconds or a number with s, m, h, d, w.
absl::StatusOr<int64_t> ParseDurationText(std::string_view text);

}  // namespace waggle::query
