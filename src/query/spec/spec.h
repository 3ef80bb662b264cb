// The query specification (shared/specs/query.md §1): what a Honeycomb-style
// query asks for — calculations, filters, breakdowns, orders, havings, limit
// and a time window. A plain value type; parsing lives in spec_json.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace waggle::query {

enum class CalcOp : uint8_t {
  kCount,
  kConcurrency,
  kSum,
  kAvg,
  kCountDistinct,
  kMin,
  kMax,
  kP001,
  kP01,
  kP05,
  kP10,
  kP20,
  kP25,
  kP50,
  kP75,
  kP80,
  kP90,
  kP95,
  kP99,
  kP999,
  kHeatmap,
  kRateSum,
  kRateAvg,
  kRateMax,
};

enum class FilterOp : uint8_t {
  kEq,
  kNe,
  kGt,
  kGe,
  kLt,
  kLe,
  kStartsWith,
  kNotStartsWith,
  kEndsWith,
  kNotEndsWith,
  kExists,
  kNotExists,
  kContains,
  kNotContains,
  kIn,
  kNotIn,
};

// The wire name of an op ("P99", "does-not-exist"); parse returns nullopt
// for unknown names.
std::string_view CalcOpName(CalcOp op);
std::optional<CalcOp> ParseCalcOp(std::string_view name);
std::string_view FilterOpName(FilterOp op);
std::optional<FilterOp> ParseFilterOp(std::string_view name);

// The percentile (0..1) of a P* op, or nullopt for other ops.
std::optional<double> PercentileOf(CalcOp op);
// True for ops that take no column (COUNT, CONCURRENCY).
bool CalcTakesNoColumn(CalcOp op);
// True for ops that need a numeric column.
bool CalcNeedsNumber(CalcOp op);
// True for RATE_SUM, RATE_AVG and RATE_MAX.
bool IsRateOp(CalcOp op);

// A filter or having value: a JSON scalar.
struct Literal {
  enum class Type : uint8_t { kNull, kBool, kInt, kDouble, kString };
  Type type = Type::kNull;
  bool b = false;
  int64_t i = 0;
  double d = 0;  // also set for kInt
  std::string s;

  bool is_number() const { return type == Type::kInt || type == Type::kDouble; }
  bool operator==(const Literal&) const = default;
};

struct Filter {
  std::string column;
  FilterOp op = FilterOp::kEq;
  // One value for comparisons and string ops, the list for in/not-in, none
  // for exists/does-not-exist.
  std::vector<Literal> values;
};

struct Calculation {
  CalcOp op = CalcOp::kCount;
  std::string column;  // empty for COUNT / CONCURRENCY
  std::string name;    // optional label; replaces the result key
  // Restrict only this calculation (combined with filter_or).
  std::vector<Filter> filters;
  bool filters_or = false;
};

struct Order {
  std::string column;        // a breakdown, or the calculation's column
  std::optional<CalcOp> op;  // set when ordering by a calculation
  bool descending = false;
};

struct Having {
  CalcOp calculate_op = CalcOp::kCount;
  std::string column;
  FilterOp op = FilterOp::kEq;  // only = != > >= < <=
  double value = 0;
};

inline constexpr int64_t kDefaultTimeRange = 7200;
inline constexpr int64_t kDefaultLimit = 100;
inline constexpr int64_t kMaxLimit = 10000;
inline constexpr size_t kMaxListItems = 100;

struct QuerySpec {
  std::vector<Calculation> calculations;  // never empty after parsing
  std::vector<Filter> filters;
  bool filter_or = false;
  std::vector<std::string> breakdowns;
  std::vector<Order> orders;
  std::vector<Having> havings;
  int64_t limit = kDefaultLimit;
  std::optional<int64_t> time_range;  // seconds
  std::optional<int64_t> start_time;  // unix seconds
  std::optional<int64_t> end_time;
  std::optional<int64_t> granularity;  // seconds
  // The dataset to query when the surface takes it in the body ("__all__"
  // = every dataset of the environment); empty otherwise.
  std::string dataset;
};

// The result key of a calculation: its name, else "COUNT" or "OP(column)".
std::string CalcKey(const Calculation& calc);
std::string CalcKey(CalcOp op, std::string_view column);

// The resolved time window of a query, in nanoseconds, with its bucket
// width. Buckets are aligned to multiples of the granularity since the epoch.
struct TimeWindow {
  int64_t start_ns = 0;
  int64_t end_ns = 0;
  int64_t granularity_ns = 0;

  // Index of the first bucket (start_ns / granularity) and bucket count.
  int64_t first_bucket() const { return FloorDiv(start_ns, granularity_ns); }
  int64_t bucket_count() const { return FloorDiv(end_ns - 1, granularity_ns) - first_bucket() + 1; }
  static int64_t FloorDiv(int64_t a, int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  }
};

// Resolves §1.5: start+end, range+start, range+end, or range ending at
// `now_ns`; auto granularity is the smallest nice step giving <= ~300
// buckets. InvalidArgument if the combination is inconsistent or the
// granularity is outside [range/1000, range].
absl::StatusOr<TimeWindow> ResolveTimeWindow(const QuerySpec& spec, int64_t now_ns);

// Checks cross-field rules (orders and havings refer to calculations or
// breakdowns, column presence per op, limits). InvalidArgument with a
// message naming the offending item.
absl::Status ValidateSpec(const QuerySpec& spec);

}  // namespace waggle::query
