#include "query/spec/spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace waggle::query {
namespace {

struct CalcInfo {
  CalcOp op;
  std::string_view name;
  double percentile;  // < 0 when not a percentile
};

constexpr std::array<CalcInfo, 24> kCalcs = {{
    {CalcOp::kCount, "COUNT", -1},
    {CalcOp::kConcurrency, "CONCURRENCY", -1},
    {CalcOp::kSum, "SUM", -1},
    {CalcOp::kAvg, "AVG", -1},
    {CalcOp::kCountDistinct, "COUNT_DISTINCT", -1},
    {CalcOp::kMin, "MIN", -1},
    {CalcOp::kMax, "MAX", -1},
    {CalcOp::kP001, "P001", 0.001},
    {CalcOp::kP01, "P01", 0.01},
    {CalcOp::kP05, "P05", 0.05},
    {CalcOp::kP10, "P10", 0.10},
    {CalcOp::kP20, "P20", 0.20},
    {CalcOp::kP25, "P25", 0.25},
    {CalcOp::kP50, "P50", 0.50},
    {CalcOp::kP75, "P75", 0.75},
    {CalcOp::kP80, "P80", 0.80},
    {CalcOp::kP90, "P90", 0.90},
    {CalcOp::kP95, "P95", 0.95},
    {CalcOp::kP99, "P99", 0.99},
    {CalcOp::kP999, "P999", 0.999},
    {CalcOp::kHeatmap, "HEATMAP", -1},
    {CalcOp::kRateSum, "RATE_SUM", -1},
    {CalcOp::kRateAvg, "RATE_AVG", -1},
    {CalcOp::kRateMax, "RATE_MAX", -1},
}};

constexpr std::array<std::string_view, 16> kFilterNames = {"=",           "!=",
                                                           ">",           ">=",
                                                           "<",           "<=",
                                                           "starts-with", "does-not-start-with",
                                                           "ends-with",   "does-not-end-with",
                                                           "exists",      "does-not-exist",
                                                           "contains",    "does-not-contain",
                                                           "in",          "not-in"};

// Nice bucket widths in seconds (§1.1 design choice).
constexpr std::array<int64_t, 15> kNiceSteps = {1,   5,    10,   15,    30,    60,    300,  600,
                                                900, 1800, 3600, 10800, 21600, 43200, 86400};
constexpr int64_t kMaxAutoBuckets = 300;
constexpr int64_t kNs = 1'000'000'000;

absl::Status Invalid(std::string msg) { return absl::InvalidArgumentError(std::move(msg)); }

bool CalcMatches(const Calculation& c, CalcOp op, std::string_view column) {
  return c.op == op && (CalcTakesNoColumn(op) || c.column == column);
}

absl::Status ValidateOrder(const QuerySpec& spec, const Order& o, size_t i) {
  if (!o.op) {
    if (std::find(spec.breakdowns.begin(), spec.breakdowns.end(), o.column) ==
        spec.breakdowns.end()) {
      return Invalid(
          fmt::format("orders[{}]: column '{}' is not one of the breakdowns", i, o.column));
    }
    return absl::OkStatus();
  }
  if (*o.op == CalcOp::kHeatmap)
    return Invalid(fmt::format("orders[{}]: cannot order by HEATMAP", i));
  for (const Calculation& c : spec.calculations) {
    if (CalcMatches(c, *o.op, o.column)) return absl::OkStatus();
  }
  return Invalid(
      fmt::format("orders[{}]: {} is not one of the calculations", i, CalcKey(*o.op, o.column)));
}

absl::Status ValidateHaving(const QuerySpec& spec, const Having& h, size_t i) {
  if (h.calculate_op == CalcOp::kHeatmap) {
    return Invalid(fmt::format("havings[{}]: HEATMAP is not allowed in havings", i));
  }
  if (h.op > FilterOp::kLe) {
    return Invalid(fmt::format("havings[{}]: op must be one of = != > >= < <=", i));
  }
  for (const Calculation& c : spec.calculations) {
    if (CalcMatches(c, h.calculate_op, h.column)) return absl::OkStatus();
  }
  return Invalid(fmt::format("havings[{}]: {} is not one of the calculations", i,
                             CalcKey(h.calculate_op, h.column)));
}

absl::Status ValidateCalc(const Calculation& c, size_t i) {
  if (CalcTakesNoColumn(c.op) && !c.column.empty()) {
    return Invalid(fmt::format("calculations[{}]: {} takes no column", i, CalcOpName(c.op)));
  }
  if (!CalcTakesNoColumn(c.op) && c.column.empty()) {
    return Invalid(fmt::format("calculations[{}]: {} needs a column", i, CalcOpName(c.op)));
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view CalcOpName(CalcOp op) { return kCalcs[static_cast<size_t>(op)].name; }

std::optional<CalcOp> ParseCalcOp(std::string_view name) {
  for (const CalcInfo& c : kCalcs) {
    if (c.name == name) return c.op;
  }
  return std::nullopt;
}

std::string_view FilterOpName(FilterOp op) { return kFilterNames[static_cast<size_t>(op)]; }

std::optional<FilterOp> ParseFilterOp(std::string_view name) {
  for (size_t i = 0; i < kFilterNames.size(); ++i) {
    if (kFilterNames[i] == name) return static_cast<FilterOp>(i);
  }
  // Aliases seen in Honeycomb clients and docs.
  if (name == "not-exists") return FilterOp::kNotExists;
  if (name == "==") return FilterOp::kEq;
  return std::nullopt;
}

std::optional<double> PercentileOf(CalcOp op) {
  double p = kCalcs[static_cast<size_t>(op)].percentile;
  if (p < 0) return std::nullopt;
  return p;
}

bool CalcTakesNoColumn(CalcOp op) { return op == CalcOp::kCount || op == CalcOp::kConcurrency; }

bool CalcNeedsNumber(CalcOp op) { return !CalcTakesNoColumn(op) && op != CalcOp::kCountDistinct; }

bool IsRateOp(CalcOp op) {
  return op == CalcOp::kRateSum || op == CalcOp::kRateAvg || op == CalcOp::kRateMax;
}

std::string CalcKey(CalcOp op, std::string_view column) {
  if (CalcTakesNoColumn(op)) return std::string(CalcOpName(op));
  return fmt::format("{}({})", CalcOpName(op), column);
}

std::string CalcKey(const Calculation& calc) {
  if (!calc.name.empty()) return calc.name;
  return CalcKey(calc.op, calc.column);
}

absl::StatusOr<TimeWindow> ResolveTimeWindow(const QuerySpec& spec, int64_t now_ns) {
  TimeWindow w;
  const auto& range = spec.time_range;
  if (range && spec.start_time && spec.end_time) {
    return Invalid("give at most two of time_range, start_time and end_time");
  }
  if (range && *range <= 0) return Invalid("time_range must be positive");
  int64_t r = range.value_or(kDefaultTimeRange);
  if (spec.start_time && spec.end_time) {
    if (*spec.start_time > *spec.end_time) return Invalid("start_time is after end_time");
    w.start_ns = *spec.start_time * kNs;
    w.end_ns = *spec.end_time * kNs;
    if (w.end_ns == w.start_ns) w.end_ns += kNs;
  } else if (spec.start_time) {
    w.start_ns = *spec.start_time * kNs;
    w.end_ns = w.start_ns + r * kNs;
  } else if (spec.end_time) {
    w.end_ns = *spec.end_time * kNs;
    w.start_ns = w.end_ns - r * kNs;
  } else {
    w.end_ns = now_ns;
    w.start_ns = now_ns - r * kNs;
  }
  int64_t span_s = std::max<int64_t>(1, (w.end_ns - w.start_ns + kNs - 1) / kNs);
  if (spec.granularity) {
    int64_t g = *spec.granularity;
    if (g <= 0 || g > span_s || g * 1000 < span_s) {
      return Invalid(fmt::format(
          "granularity must be between time range/1000 and the time range ({}..{} s here)",
          std::max<int64_t>(1, span_s / 1000), span_s));
    }
    w.granularity_ns = g * kNs;
  } else {
    w.granularity_ns = kNiceSteps.back() * kNs;
    for (int64_t step : kNiceSteps) {
      if ((span_s + step - 1) / step <= kMaxAutoBuckets) {
        w.granularity_ns = step * kNs;
        break;
      }
    }
    while (span_s / (w.granularity_ns / kNs) > kMaxAutoBuckets) w.granularity_ns *= 2;
  }
  return w;
}

absl::Status ValidateSpec(const QuerySpec& spec) {
  if (spec.calculations.empty()) return Invalid("at least one calculation is needed");
  for (size_t i = 0; i < spec.calculations.size(); ++i) {
    RETURN_IF_ERROR(ValidateCalc(spec.calculations[i], i));
  }
  for (size_t i = 0; i < spec.orders.size(); ++i)
    RETURN_IF_ERROR(ValidateOrder(spec, spec.orders[i], i));
  for (size_t i = 0; i < spec.havings.size(); ++i) {
    RETURN_IF_ERROR(ValidateHaving(spec, spec.havings[i], i));
  }
  if (spec.limit < 1 || spec.limit > kMaxLimit) {
    return Invalid(fmt::format("limit must be between 1 and {}", kMaxLimit));
  }
  return absl::OkStatus();
}

}  // namespace waggle::query
