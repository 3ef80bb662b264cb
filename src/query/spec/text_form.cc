#include "query/spec/text_form.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "core/trim.h"

namespace waggle::query {
namespace {

absl::Status Bad(std::string_view token, std::string_view why) {
  return absl::InvalidArgumentError(fmt::format("'{}': {}", token, why));
}

Literal LiteralOf(std::string_view raw) {
  Literal v;
  raw = core::TrimBlanks(raw);
  if (raw.size() >= 2 && (raw.front() == '"' || raw.front() == '\'') && raw.back() == raw.front()) {
    v.type = Literal::Type::kString;
    v.s = std::string(raw.substr(1, raw.size() - 2));
    return v;
  }
  if (raw == "true" || raw == "false") {
    v.type = Literal::Type::kBool;
    v.b = raw == "true";
  } else if (core::ParseNumber(raw, &v.i)) {
    v.type = Literal::Type::kInt;
    v.d = static_cast<double>(v.i);
  } else if (core::ParseNumber(raw, &v.d)) {
    v.type = Literal::Type::kDouble;
  } else {
    v.type = Literal::Type::kString;
    v.s = std::string(raw);
  }
  return v;
}

// Splits "column op rest" at the first operator token (longest match).
bool SplitFilter(std::string_view text, std::string_view* column, FilterOp* op,
                 std::string_view* rest) {
  std::vector<std::string_view> words = core::Split(text, ' ', true);
  for (size_t i = 1; i < words.size(); ++i) {
    std::optional<FilterOp> parsed = ParseFilterOp(words[i]);
    if (!parsed) continue;
    *op = *parsed;
    *column = core::TrimBlanks(text.substr(0, words[i].data() - text.data()));
    *rest = core::TrimBlanks(text.substr(words[i].data() + words[i].size() - text.data()));
    return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<int64_t> ParseDurationText(std::string_view text) {
  int64_t n = 0;
  if (core::ParseNumber(text, &n) && n > 0) return n;
  if (text.size() < 2 || !core::ParseNumber(text.substr(0, text.size() - 1), &n) || n <= 0) {
    return Bad(text, "expected a duration such as 90s, 30m, 2h, 7d");
  }
  switch (text.back()) {
    case 's':
      return n;
    case 'm':
      return n * 60;
    case 'h':
      return n * 3600;
    case 'd':
      return n * 86400;
    case 'w':
      return n * 7 * 86400;
    default:
      return Bad(text, "unknown unit (use s, m, h, d or w)");
  }
}

absl::StatusOr<Calculation> ParseCalculationText(std::string_view text) {
  text = core::TrimBlanks(text);
  Calculation c;
  size_t open = text.find('(');
  std::string_view op = open == std::string_view::npos ? text : text.substr(0, open);
  std::optional<CalcOp> parsed = ParseCalcOp(op);
  if (!parsed) return Bad(op, "unknown calculation");
  c.op = *parsed;
  if (open != std::string_view::npos) {
    if (text.back() != ')') return Bad(text, "missing ')'");
    c.column = std::string(core::TrimBlanks(text.substr(open + 1, text.size() - open - 2)));
  }
  if (CalcTakesNoColumn(c.op) && !c.column.empty()) return Bad(text, "takes no column");
  if (!CalcTakesNoColumn(c.op) && c.column.empty()) {
    return Bad(text, fmt::format("needs a column, e.g. {}(duration_ms)", op));
  }
  return c;
}

absl::StatusOr<Filter> ParseFilterText(std::string_view text) {
  std::string_view column, rest;
  Filter f;
  if (!SplitFilter(core::TrimBlanks(text), &column, &f.op, &rest)) {
    return Bad(text,
               "expected 'column op value' with op one of = != > >= < <= starts-with "
               "does-not-start-with ends-with does-not-end-with contains does-not-contain "
               "exists does-not-exist in not-in");
  }
  if (column.empty()) return Bad(text, "missing column before the operator");
  f.column = std::string(column);
  bool none = f.op == FilterOp::kExists || f.op == FilterOp::kNotExists;
  if (none) {
    if (!rest.empty()) return Bad(rest, "exists/does-not-exist take no value");
    return f;
  }
  if (rest.empty()) return Bad(text, "missing value after the operator");
  if (f.op == FilterOp::kIn || f.op == FilterOp::kNotIn) {
    for (std::string_view item : core::Split(rest, ',', true)) f.values.push_back(LiteralOf(item));
  } else {
    f.values.push_back(LiteralOf(rest));
  }
  bool string_op = f.op >= FilterOp::kStartsWith && f.op <= FilterOp::kNotContains && !none;
  if (string_op) {
    f.values[0].type = Literal::Type::kString;
    f.values[0].s = std::string(LiteralOf(rest).type == Literal::Type::kString
                                    ? LiteralOf(rest).s
                                    : std::string(core::TrimBlanks(rest)));
  }
  return f;
}

absl::StatusOr<QuerySpec> ParseTextQuery(const TextQuery& text) {
  QuerySpec spec;
  for (const std::string& c : text.calculations) {
    ASSIGN_OR_RETURN(Calculation calc, ParseCalculationText(c));
    spec.calculations.push_back(std::move(calc));
  }
  if (spec.calculations.empty()) spec.calculations.push_back(Calculation{});
  for (const std::string& w : text.where) {
    ASSIGN_OR_RETURN(Filter f, ParseFilterText(w));
    spec.filters.push_back(std::move(f));
  }
  spec.filter_or = text.any;
  spec.breakdowns = text.by;
  for (const std::string& o : text.order) {
    std::vector<std::string_view> words = core::Split(o, ' ', true);
    if (words.empty() || words.size() > 2) return Bad(o, "expected 'TERM [asc|desc]'");
    Order order;
    if (words.size() == 2) {
      if (words[1] != "asc" && words[1] != "desc") return Bad(words[1], "expected asc or desc");
      order.descending = words[1] == "desc";
    }
    absl::StatusOr<Calculation> calc = ParseCalculationText(words[0]);
    if (calc.ok()) {
      order.op = calc->op;
      order.column = calc->column;
    } else {
      order.column = std::string(words[0]);
    }
    spec.orders.push_back(std::move(order));
  }
  for (const std::string& h : text.having) {
    std::vector<std::string_view> words = core::Split(h, ' ', true);
    if (words.size() != 3) return Bad(h, "expected 'CALC op number', e.g. 'COUNT > 10'");
    ASSIGN_OR_RETURN(Calculation calc, ParseCalculationText(words[0]));
    std::optional<FilterOp> op = ParseFilterOp(words[1]);
    Having having{calc.op, calc.column, op.value_or(FilterOp::kIn), 0};
    if (!op || *op > FilterOp::kLe) return Bad(words[1], "expected = != > >= < <=");
    if (!core::ParseNumber(words[2], &having.value)) return Bad(words[2], "expected a number");
    spec.havings.push_back(having);
  }
  if (!text.last.empty()) {
    ASSIGN_OR_RETURN(int64_t range, ParseDurationText(text.last));
    spec.time_range = range;
  }
  if (text.limit != 0) spec.limit = text.limit;
  RETURN_IF_ERROR(ValidateSpec(spec));
  return spec;
}

}  // namespace waggle::query
