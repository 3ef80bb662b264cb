// File: lang/cw_insights/query.h
//
// CloudWatch Logs Insights queries (specs/cloudwatch-logs.md §7), the
// subset Waggle runs: `fields` and `display` (expressions with `as`
// aliases), `filter` (comparisons, [not] like "text" | /regex/, =~, [not]
// in [...], and/or/not, functions, arithmetic), `parse` (glob or regex
// with named groups), `stats` (count, count_distinct, sum, avg, min, max,
// stddev, pct, earliest, latest, sortsFirst, sortsLast) `by` expressions
// and bin(period), `filter` after stats, `sort`, `dedup` and `limit`.
// Per-event commands run in query order. Parse errors are MalformedQuery
// with the offending offset. Regexes are RE2 (linear time).
//
//   ASSIGN_OR_RETURN(Query q, ParseQuery("parse @message \"* * *\" as ip, "
//       "method, path | filter method = \"GET\" | stats count(*) by path"));
//   QueryRunner runner(q);  // run.h
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
// Most fields one parse command may extract.
inline constexpr size_t kMaxParsedFields = 100;

// The functions usable in expressions (functions.cc has their names).
enum class Fn {
  kBin,
  kIsPresent,
  kIsEmpty,
  kIsBlank,
  kCoalesce,
  kConcat,
  kStrlen,
  kToUpper,
  kToLower,
  kSubstr,
  kReplace,
  kStrContains,
  kTrim,
  kLtrim,
  kRtrim,
  kAbs,
  kCeil,
  kFloor,
  kGreatest,
  kLeast,
  kLog,
  kSqrt,
  kFromMillis,
  kToMillis,
  kDateFloor,
  kDateCeil,
};

enum class BinaryOp { kAdd, kSub, kMul, kDiv, kMod, kPow, kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr };

// An expression node.
struct Expr {
  enum class Kind {
    kField,   // text: the name
    kString,  // text: the literal
    kNumber,  // number (text: the source)
    kRegex,   // regex (text: the source); like/=~ right-hand side only
    kPeriod,  // number: milliseconds (bin, datefloor, dateceil)
    kCall,    // fn(args...)
    kBinary,  // args[0] op args[1]
    kNot,     // not args[0]
    kNegate,  // -args[0]
    kLike,    // args[0] [not] like args[1] (a kString or kRegex)
    kIn,      // args[0] [not] in [args[1..]]
  };
  Kind kind = Kind::kField;
  std::string text;
  double number = 0;
  Fn fn = Fn::kBin;
  BinaryOp op = BinaryOp::kEq;
  bool negated = false;  // not like / not in
  std::shared_ptr<const RE2> regex;
  std::vector<Expr> args;
};

// A per-event command, run in query order before stats or the row.
struct Stage {
  enum class Kind {
    kFilter,  // drop the event unless `expr` holds
    kAssign,  // set field `name` to `expr` (fields/display projections)
    kParse,   // match `expr` against `regex`, setting `names` (group i+1)
  };
  Kind kind = Kind::kFilter;
  Expr expr;
  std::string name;
  std::shared_ptr<const RE2> regex;
  std::vector<std::string> names;  // "" for an unnamed group
};

struct Aggregate {
  enum class Fn {
    kCount,
    kCountDistinct,
    kSum,
    kAvg,
    kMin,
    kMax,
    kStddev,
    kPct,
    kEarliest,
    kLatest,
    kSortsFirst,
    kSortsLast,
  };
  Fn fn = Fn::kCount;
  std::optional<Expr> arg;  // nullopt for count(*)
  double pct = 0;           // kPct: 0..100
  std::string name;         // alias, else the expression text ("count(*)")
};

struct GroupKey {
  Expr key;          // a field, bin(period) or another expression
  std::string name;  // alias, else the expression text ("bin(5m)")
};

// A result column: the field `name`, set by a kAssign stage when it is
// not a plain field read.
struct Projection {
  std::string name;
};

struct Query {
  std::vector<Stage> stages;          // per event, in order
  std::vector<Projection> fields;     // fields commands, in order
  std::vector<std::string> display;   // the last display command
  std::vector<Aggregate> aggregates;  // the stats command
  std::vector<GroupKey> group_by;
  std::vector<Expr> result_filters;                // filter commands after stats
  std::vector<std::pair<std::string, bool>> sort;  // (field, descending)
  std::vector<std::string> dedup;                  // fields, empty without dedup
  std::optional<int64_t> limit;
};

// Parses `text`; InvalidArgument "Query failed to parse at offset N: ..."
absl::StatusOr<Query> ParseQuery(std::string_view text);

}  // namespace waggle::lang::cw_insights
