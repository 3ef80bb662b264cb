#include "query/spec/spec_json.h"

#include <fmt/format.h>
#include <simdjson.h>

namespace waggle::query {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

absl::Status Invalid(std::string_view path, std::string_view msg) {
  return absl::InvalidArgumentError(fmt::format("{}: {}", path, msg));
}

absl::StatusOr<std::string> GetString(element e, std::string_view path) {
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) return Invalid(path, "must be a string");
  return std::string(s);
}

// Sets *out unless `e` is null (a null column means "none", as Honeycomb
// clients send it).
absl::Status GetOptionalString(element e, std::string_view path, std::string* out) {
  if (e.type() == element_type::NULL_VALUE) return absl::OkStatus();
  ASSIGN_OR_RETURN(*out, GetString(e, path));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> GetInt(element e, std::string_view path) {
  int64_t i = 0;
  double d = 0;
  if (e.get_int64().get(i) == simdjson::SUCCESS) return i;
  if (e.get_double().get(d) == simdjson::SUCCESS &&
      d == static_cast<double>(static_cast<int64_t>(d))) {
    return static_cast<int64_t>(d);
  }
  return Invalid(path, "must be an integer");
}

absl::StatusOr<Literal> GetLiteral(element e, std::string_view path) {
  Literal v;
  switch (e.type()) {
    case element_type::STRING:
      v.type = Literal::Type::kString;
      v.s = std::string(e.get_string().value_unsafe());
      return v;
    case element_type::INT64:
      v.type = Literal::Type::kInt;
      v.i = e.get_int64().value_unsafe();
      v.d = static_cast<double>(v.i);
      return v;
    case element_type::UINT64:
    case element_type::DOUBLE:
      v.type = Literal::Type::kDouble;
      v.d = e.get_double().value_unsafe();
      return v;
    case element_type::BOOL:
      v.type = Literal::Type::kBool;
      v.b = e.get_bool().value_unsafe();
      return v;
    case element_type::NULL_VALUE:
      return v;
    default:
      return Invalid(path, "must be a string, number or boolean");
  }
}

// Calls fn(key, value) for each member; error if `e` is not an object.
template <typename Fn>
absl::Status ForEachMember(element e, std::string_view path, Fn fn) {
  simdjson::dom::object obj;
  if (e.get_object().get(obj) != simdjson::SUCCESS) return Invalid(path, "must be an object");
  for (auto field : obj) RETURN_IF_ERROR(fn(field.key, field.value));
  return absl::OkStatus();
}

// Calls fn(element, path) for each element, bounded by kMaxListItems.
template <typename Fn>
absl::Status ForEachItem(element e, std::string_view path, Fn fn) {
  simdjson::dom::array arr;
  if (e.get_array().get(arr) != simdjson::SUCCESS) return Invalid(path, "must be an array");
  if (arr.size() > kMaxListItems) {
    return Invalid(path, fmt::format("at most {} items are allowed", kMaxListItems));
  }
  size_t i = 0;
  for (element item : arr) {
    RETURN_IF_ERROR(fn(item, fmt::format("{}[{}]", path, i)));
    ++i;
  }
  return absl::OkStatus();
}

// Parses each element of the array `e` with `parse` into `out`.
template <typename T>
absl::Status ParseList(element e, std::string_view path,
                       absl::StatusOr<T> (*parse)(element, std::string_view), std::vector<T>* out) {
  return ForEachItem(e, path, [&](element item, const std::string& p) -> absl::Status {
    ASSIGN_OR_RETURN(T parsed, parse(item, p));
    out->push_back(std::move(parsed));
    return absl::OkStatus();
  });
}

absl::StatusOr<CalcOp> GetCalcOp(element e, std::string_view path) {
  ASSIGN_OR_RETURN(std::string name, GetString(e, path));
  std::optional<CalcOp> op = ParseCalcOp(name);
  if (!op) return Invalid(path, fmt::format("unknown calculation '{}'", name));
  return *op;
}

absl::StatusOr<FilterOp> GetFilterOp(element e, std::string_view path) {
  ASSIGN_OR_RETURN(std::string name, GetString(e, path));
  std::optional<FilterOp> op = ParseFilterOp(name);
  if (!op) return Invalid(path, fmt::format("unknown operator '{}'", name));
  return *op;
}

absl::Status CheckFilterValues(const Filter& f, bool has_value, std::string_view path) {
  bool list = f.op == FilterOp::kIn || f.op == FilterOp::kNotIn;
  bool none = f.op == FilterOp::kExists || f.op == FilterOp::kNotExists;
  if (f.column.empty()) return Invalid(path, "a filter needs a column");
  if (none) return absl::OkStatus();  // a stray value is ignored, as Honeycomb does
  if (!has_value) return Invalid(path, fmt::format("'{}' needs a value", FilterOpName(f.op)));
  if (list && f.values.empty()) return Invalid(path, "'in'/'not-in' need a non-empty list");
  bool string_op = f.op >= FilterOp::kStartsWith && f.op <= FilterOp::kNotContains &&
                   f.op != FilterOp::kExists && f.op != FilterOp::kNotExists;
  if (string_op && f.values[0].type != Literal::Type::kString) {
    return Invalid(path, fmt::format("'{}' needs a string value", FilterOpName(f.op)));
  }
  if (!list && f.values[0].type == Literal::Type::kNull) return Invalid(path, "value is null");
  return absl::OkStatus();
}

absl::Status ParseFilterValue(element v, Filter* f, std::string_view path) {
  bool list = f->op == FilterOp::kIn || f->op == FilterOp::kNotIn;
  if (list && v.type() == element_type::ARRAY) {
    return ParseList(v, path, GetLiteral, &f->values);
  }
  ASSIGN_OR_RETURN(Literal lit, GetLiteral(v, path));
  f->values.push_back(std::move(lit));
  return absl::OkStatus();
}

absl::StatusOr<Filter> ParseFilter(element e, std::string_view path) {
  Filter f;
  std::optional<element> value;
  bool has_op = false;
  RETURN_IF_ERROR(ForEachMember(e, path, [&](std::string_view key, element v) -> absl::Status {
    std::string p = fmt::format("{}.{}", path, key);
    if (key == "column") {
      ASSIGN_OR_RETURN(f.column, GetString(v, p));
    } else if (key == "op") {
      ASSIGN_OR_RETURN(f.op, GetFilterOp(v, p));
      has_op = true;
    } else if (key == "value") {
      value = v;
    } else {
      return Invalid(p, "unknown field");
    }
    return absl::OkStatus();
  }));
  if (!has_op) return Invalid(path, "a filter needs an op");
  // `op` may follow `value` in the object, so values are read afterwards.
  if (value && value->type() != element_type::NULL_VALUE) {
    RETURN_IF_ERROR(ParseFilterValue(*value, &f, fmt::format("{}.value", path)));
  }
  RETURN_IF_ERROR(CheckFilterValues(f, value && value->type() != element_type::NULL_VALUE, path));
  return f;
}

absl::StatusOr<bool> ParseCombination(element v, std::string_view path) {
  ASSIGN_OR_RETURN(std::string s, GetString(v, path));
  if (s == "AND" || s == "and") return false;
  if (s == "OR" || s == "or") return true;
  return Invalid(path, "must be AND or OR");
}

absl::StatusOr<Calculation> ParseCalculation(element e, std::string_view path) {
  Calculation c;
  bool has_op = false;
  RETURN_IF_ERROR(ForEachMember(e, path, [&](std::string_view key, element v) -> absl::Status {
    std::string p = fmt::format("{}.{}", path, key);
    if (key == "op") {
      ASSIGN_OR_RETURN(c.op, GetCalcOp(v, p));
      has_op = true;
    } else if (key == "column") {
      RETURN_IF_ERROR(GetOptionalString(v, p, &c.column));
    } else if (key == "name") {
      ASSIGN_OR_RETURN(c.name, GetString(v, p));
    } else if (key == "filters") {
      RETURN_IF_ERROR(ParseList(v, p, ParseFilter, &c.filters));
    } else if (key == "filter_combination") {
      ASSIGN_OR_RETURN(c.filters_or, ParseCombination(v, p));
    } else {
      return Invalid(p, "unknown field");
    }
    return absl::OkStatus();
  }));
  if (!has_op) return Invalid(path, "a calculation needs an op");
  return c;
}

absl::StatusOr<Order> ParseOrder(element e, std::string_view path) {
  Order o;
  RETURN_IF_ERROR(ForEachMember(e, path, [&](std::string_view key, element v) -> absl::Status {
    std::string p = fmt::format("{}.{}", path, key);
    if (key == "op") {
      ASSIGN_OR_RETURN(o.op, GetCalcOp(v, p));
    } else if (key == "column") {
      RETURN_IF_ERROR(GetOptionalString(v, p, &o.column));
    } else if (key == "order") {
      ASSIGN_OR_RETURN(std::string s, GetString(v, p));
      if (s != "ascending" && s != "descending") {
        return Invalid(p, "must be ascending or descending");
      }
      o.descending = s == "descending";
    } else {
      return Invalid(p, "unknown field");
    }
    return absl::OkStatus();
  }));
  if (!o.op && o.column.empty()) return Invalid(path, "an order needs a column or an op");
  return o;
}

absl::StatusOr<Having> ParseHaving(element e, std::string_view path) {
  Having h;
  bool has_calc = false, has_op = false, has_value = false;
  RETURN_IF_ERROR(ForEachMember(e, path, [&](std::string_view key, element v) -> absl::Status {
    std::string p = fmt::format("{}.{}", path, key);
    if (key == "calculate_op") {
      ASSIGN_OR_RETURN(h.calculate_op, GetCalcOp(v, p));
      has_calc = true;
    } else if (key == "column") {
      RETURN_IF_ERROR(GetOptionalString(v, p, &h.column));
    } else if (key == "op") {
      ASSIGN_OR_RETURN(h.op, GetFilterOp(v, p));
      has_op = true;
    } else if (key == "value") {
      if (v.get_double().get(h.value) != simdjson::SUCCESS) return Invalid(p, "must be a number");
      has_value = true;
    } else {
      return Invalid(p, "unknown field");
    }
    return absl::OkStatus();
  }));
  if (!has_calc || !has_op || !has_value) {
    return Invalid(path, "a having needs calculate_op, op and value");
  }
  return h;
}

absl::StatusOr<std::string> ParseBreakdown(element e, std::string_view path) {
  ASSIGN_OR_RETURN(std::string s, GetString(e, path));
  if (s.empty()) return Invalid(path, "empty column name");
  return s;
}

absl::Status ParseLists(std::string_view key, element v, QuerySpec* spec) {
  if (key == "calculations") return ParseList(v, key, ParseCalculation, &spec->calculations);
  if (key == "filters") return ParseList(v, key, ParseFilter, &spec->filters);
  if (key == "breakdowns") return ParseList(v, key, ParseBreakdown, &spec->breakdowns);
  if (key == "orders") return ParseList(v, key, ParseOrder, &spec->orders);
  return ParseList(v, key, ParseHaving, &spec->havings);
}

absl::Status ParseTopField(std::string_view key, element v, QuerySpec* spec) {
  std::string p(key);
  if (v.type() == element_type::NULL_VALUE) return absl::OkStatus();
  if (key == "calculations" || key == "filters" || key == "breakdowns" || key == "orders" ||
      key == "havings") {
    return ParseLists(key, v, spec);
  }
  if (key == "filter_combination") {
    ASSIGN_OR_RETURN(spec->filter_or, ParseCombination(v, p));
  } else if (key == "limit") {
    ASSIGN_OR_RETURN(spec->limit, GetInt(v, p));
  } else if (key == "time_range") {
    ASSIGN_OR_RETURN(spec->time_range, GetInt(v, p));
  } else if (key == "start_time") {
    ASSIGN_OR_RETURN(spec->start_time, GetInt(v, p));
  } else if (key == "end_time") {
    ASSIGN_OR_RETURN(spec->end_time, GetInt(v, p));
  } else if (key == "granularity") {
    ASSIGN_OR_RETURN(spec->granularity, GetInt(v, p));
  } else if (key == "dataset") {
    ASSIGN_OR_RETURN(spec->dataset, GetString(v, p));
  } else if (key == "calculated_fields" || key == "formulas" ||
             key == "compare_time_offset_seconds") {
    return Invalid(p, "not supported yet");
  } else if (key != "id" && key != "query_id") {  // echoes of a stored query are ignored
    return Invalid(p, "unknown field");
  }
  return absl::OkStatus();
}

void WriteFilter(const Filter& f, core::JsonWriter* w) {
  w->BeginObject().Key("column").String(f.column).Key("op").String(FilterOpName(f.op));
  if (f.op == FilterOp::kIn || f.op == FilterOp::kNotIn) {
    w->Key("value").BeginArray();
    for (const Literal& v : f.values) WriteLiteral(v, w);
    w->EndArray();
  } else if (!f.values.empty()) {
    w->Key("value");
    WriteLiteral(f.values[0], w);
  }
  w->EndObject();
}

void WriteCalcs(const QuerySpec& spec, core::JsonWriter* w) {
  w->Key("calculations").BeginArray();
  for (const Calculation& c : spec.calculations) {
    w->BeginObject().Key("op").String(CalcOpName(c.op));
    if (!c.column.empty()) w->Key("column").String(c.column);
    if (!c.name.empty()) w->Key("name").String(c.name);
    if (!c.filters.empty()) {
      w->Key("filters").BeginArray();
      for (const Filter& f : c.filters) WriteFilter(f, w);
      w->EndArray().Key("filter_combination").String(c.filters_or ? "OR" : "AND");
    }
    w->EndObject();
  }
  w->EndArray();
}

void WriteOrdersHavings(const QuerySpec& spec, core::JsonWriter* w) {
  w->Key("orders").BeginArray();
  for (const Order& o : spec.orders) {
    w->BeginObject();
    if (!o.column.empty()) w->Key("column").String(o.column);
    if (o.op) w->Key("op").String(CalcOpName(*o.op));
    w->Key("order").String(o.descending ? "descending" : "ascending").EndObject();
  }
  w->EndArray().Key("havings").BeginArray();
  for (const Having& h : spec.havings) {
    w->BeginObject().Key("calculate_op").String(CalcOpName(h.calculate_op));
    if (!h.column.empty()) w->Key("column").String(h.column);
    w->Key("op").String(FilterOpName(h.op)).Key("value").Double(h.value).EndObject();
  }
  w->EndArray();
}

}  // namespace

absl::StatusOr<QuerySpec> ParseQuerySpec(std::string_view json) {
  if (json.size() > kMaxSpecBytes) {
    return absl::InvalidArgumentError("the query is larger than 1 MiB");
  }
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  element root;
  if (parser.parse(padded).get(root) != simdjson::SUCCESS) {
    return absl::InvalidArgumentError("the query is not valid JSON");
  }
  QuerySpec spec;
  RETURN_IF_ERROR(ForEachMember(root, "query", [&](std::string_view key, element v) {
    return ParseTopField(key, v, &spec);
  }));
  if (spec.calculations.empty()) spec.calculations.push_back(Calculation{});
  RETURN_IF_ERROR(ValidateSpec(spec));
  return spec;
}

void WriteLiteral(const Literal& v, core::JsonWriter* w) {
  switch (v.type) {
    case Literal::Type::kNull:
      w->Null();
      break;
    case Literal::Type::kBool:
      w->Bool(v.b);
      break;
    case Literal::Type::kInt:
      w->Int(v.i);
      break;
    case Literal::Type::kDouble:
      w->Double(v.d);
      break;
    case Literal::Type::kString:
      w->String(v.s);
      break;
  }
}

void WriteQuerySpec(const QuerySpec& spec, core::JsonWriter* w) {
  w->BeginObject();
  WriteCalcs(spec, w);
  w->Key("filters").BeginArray();
  for (const Filter& f : spec.filters) WriteFilter(f, w);
  w->EndArray().Key("filter_combination").String(spec.filter_or ? "OR" : "AND");
  w->Key("breakdowns").BeginArray();
  for (const std::string& b : spec.breakdowns) w->String(b);
  w->EndArray();
  WriteOrdersHavings(spec, w);
  w->Key("limit").Int(spec.limit);
  if (spec.time_range) w->Key("time_range").Int(*spec.time_range);
  if (spec.start_time) w->Key("start_time").Int(*spec.start_time);
  if (spec.end_time) w->Key("end_time").Int(*spec.end_time);
  if (spec.granularity) w->Key("granularity").Int(*spec.granularity);
  w->EndObject();
}

}  // namespace waggle::query
