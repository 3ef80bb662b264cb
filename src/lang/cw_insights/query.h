// File: lang/cw_insights/query.h
//
// CloudWatch Logs Insights queries (specs/cloudwatch-logs.md §7), the
// subset Waggle runs: `fields` and `display` (field names, `as` aliases),
// `filter` (=, !=, <, <=, >, >=, [not] like "text" | /regex/, =~, [not]
// in [...], and/or/not, parentheses), `stats` (count(*), count(f),
// count_distinct(f), sum, avg, min, max, pct(f, p)) `by` fields and
// bin(period), `sort` and `limit`. Parse errors are MalformedQuery with
// the offending offset. Regexes are RE2 (linear time).
//
//   ASSIGN_OR_RETURN(Query q, ParseQuery("fields @timestamp, @message "
//       "| filter @message like /ERROR/ | stats count(*) by bin(5m)"));
//   QueryResult r = RunQuery(q, events);
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace waggle::lang::cw_insights {

// Longest accepted query, in bytes.
inline constexpr size_t kMaxQueryBytes = 10'000;

// An operand: a field, a literal, a regex (like/=~ only) or bin(period).
struct Operand {
  enum class Kind { kField, kString, kNumber, kRegex, kBin };
  Kind kind = Kind::kField;
  std::string text;  // field name, string literal, or the source text
  double number = 0;
  int64_t bin_ms = 0;
  std::shared_ptr<const RE2> regex;
};

struct Condition {
  enum class Kind { kAnd, kOr, kNot, kCompare, kLike, kIn };
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };
  Kind kind = Kind::kCompare;
  Op op = Op::kEq;
  bool negated = false;  // not like / not in
  Operand lhs, rhs;
  std::vector<Operand> list;        // kIn
  std::vector<Condition> children;  // kAnd/kOr (two), kNot (one)
};

struct Aggregate {
  enum class Fn { kCount, kCountDistinct, kSum, kAvg, kMin, kMax, kPct };
  Fn fn = Fn::kCount;
  std::string field;  // empty for count(*)
  double pct = 0;     // kPct: 0..100
  std::string name;   // alias, else the expression text ("count(*)")
};

struct GroupKey {
  Operand key;       // a field or bin(period)
  std::string name;  // alias, else the expression text ("bin(5m)")
};

struct Projection {
  std::string field;
  std::string name;  // alias, else the field
};

struct Query {
  std::vector<Projection> fields;    // fields commands, in order
  std::vector<std::string> display;  // the last display command
  std::vector<Condition> filters;    // every filter command (all must hold)
  std::vector<Aggregate> aggregates;
  std::vector<GroupKey> group_by;
  std::vector<std::pair<std::string, bool>> sort;  // (field, descending)
  std::optional<int64_t> limit;
};

// Parses `text`; InvalidArgument "Query failed to parse at offset N: ..."
absl::StatusOr<Query> ParseQuery(std::string_view text);

}  // namespace waggle::lang::cw_insights
