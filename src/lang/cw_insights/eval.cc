#include "lang/cw_insights/eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/strings.h"
#include "lang/cw_insights/functions.h"

namespace waggle::lang::cw_insights {
namespace {

using Json = simdjson::dom::element;

std::optional<std::string> JsonText(Json v) {
  std::string_view s;
  if (!v.get_string().get(s)) return std::string(s);
  int64_t i = 0;
  if (!v.get_int64().get(i)) return std::to_string(i);
  double d = 0;
  if (!v.get_double().get(d)) return fmt::format("{}", d);
  bool b = false;
  if (!v.get_bool().get(b)) return b ? "true" : "false";
  if (v.is_null()) return std::nullopt;
  return simdjson::to_string(v);  // objects and arrays as JSON
}

Value Arithmetic(BinaryOp op, const Value& a, const Value& b) {
  std::optional<double> x = a.AsNumber(), y = b.AsNumber();
  if (!x || !y) return Value();
  switch (op) {
    case BinaryOp::kAdd:
      return Value::Number(*x + *y);
    case BinaryOp::kSub:
      return Value::Number(*x - *y);
    case BinaryOp::kMul:
      return Value::Number(*x * *y);
    case BinaryOp::kDiv:
      return *y == 0 ? Value() : Value::Number(*x / *y);
    case BinaryOp::kMod:
      return *y == 0 ? Value() : Value::Number(std::fmod(*x, *y));
    case BinaryOp::kPow:
      return Value::Number(std::pow(*x, *y));
    default:
      return Value();
  }
}

bool Compares(BinaryOp op, int c) {
  switch (op) {
    case BinaryOp::kEq:
      return c == 0;
    case BinaryOp::kNe:
      return c != 0;
    case BinaryOp::kLt:
      return c < 0;
    case BinaryOp::kLe:
      return c <= 0;
    case BinaryOp::kGt:
      return c > 0;
    case BinaryOp::kGe:
      return c >= 0;
    default:
      return false;
  }
}

Value Binary(const Expr& e, FieldSource& fields) {
  if (e.op == BinaryOp::kAnd) {
    return Value::Bool(Truthy(Eval(e.args[0], fields)) && Truthy(Eval(e.args[1], fields)));
  }
  if (e.op == BinaryOp::kOr) {
    return Value::Bool(Truthy(Eval(e.args[0], fields)) || Truthy(Eval(e.args[1], fields)));
  }
  Value a = Eval(e.args[0], fields), b = Eval(e.args[1], fields);
  if (e.op >= BinaryOp::kEq) {
    return Value::Bool(a.present() && b.present() && Compares(e.op, CompareValues(a, b)));
  }
  return Arithmetic(e.op, a, b);
}

Value Call(const Expr& e, FieldSource& fields) {
  std::vector<Value> args;
  args.reserve(e.args.size() + 1);
  if (e.fn == Fn::kBin) args.push_back(fields.Field("@timestamp"));
  for (const Expr& a : e.args) args.push_back(Eval(a, fields));
  return CallFunction(e.fn, args);
}

bool Like(const Expr& e, FieldSource& fields) {
  std::string text = Eval(e.args[0], fields).Text();
  const Expr& pattern = e.args[1];
  bool like = pattern.kind == Expr::Kind::kRegex ? RE2::PartialMatch(text, *pattern.regex)
                                                 : text.find(pattern.text) != std::string::npos;
  return like != e.negated;
}

bool In(const Expr& e, FieldSource& fields) {
  Value v = Eval(e.args[0], fields);
  bool in = v.present() && std::any_of(e.args.begin() + 1, e.args.end(), [&](const Expr& x) {
              Value item = Eval(x, fields);
              return item.present() && CompareValues(v, item) == 0;
            });
  return in != e.negated;
}

}  // namespace

Value Eval(const Expr& e, FieldSource& fields) {
  switch (e.kind) {
    case Expr::Kind::kField:
      return fields.Field(e.text);
    case Expr::Kind::kString:
    case Expr::Kind::kRegex:
      return Value::String(e.text);
    case Expr::Kind::kNumber:
    case Expr::Kind::kPeriod:
      return Value::Number(e.number);
    case Expr::Kind::kCall:
      return Call(e, fields);
    case Expr::Kind::kBinary:
      return Binary(e, fields);
    case Expr::Kind::kNot:
      return Value::Bool(!Truthy(Eval(e.args[0], fields)));
    case Expr::Kind::kNegate: {
      std::optional<double> x = Eval(e.args[0], fields).AsNumber();
      return x ? Value::Number(-*x) : Value();
    }
    case Expr::Kind::kLike:
      return Value::Bool(Like(e, fields));
    case Expr::Kind::kIn:
      return Value::Bool(In(e, fields));
  }
  return Value();
}

Value EventView::Field(std::string_view name) {
  for (auto it = set_.rbegin(); it != set_.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  if (name == "@timestamp") return Value::Time(e_.timestamp_ms);
  if (name == "@ingestionTime") return Value::Time(e_.ingestion_ms);
  if (name == "@message") return Value::String(std::string(e_.message));
  if (name == "@logStream") return Value::String(std::string(e_.stream));
  if (name == "@log") return Value::String(std::string(e_.group));
  return JsonField(name);
}

void EventView::Set(std::string_view name, Value v) {
  for (auto& [n, value] : set_) {
    if (n == name) {
      value = std::move(v);
      return;
    }
  }
  set_.emplace_back(std::string(name), std::move(v));
}

Value EventView::JsonField(std::string_view path) {
  if (!parsed_) {
    parsed_ = true;
    json_ = !e_.message.empty() && e_.message.front() == '{' &&
            !parser_.parse(e_.message.data(), e_.message.size()).get(root_);
  }
  if (!json_) return Value();
  Json node = root_;
  for (std::string_view key : core::Split(path, '.')) {
    Json next;
    size_t index = 0;
    if (node.is_object()) {
      if (node[key].get(next)) return Value();
    } else if (node.is_array() && core::ParseNumber(key, &index)) {
      if (node.at(index).get(next)) return Value();
    } else {
      return Value();
    }
    node = next;
  }
  std::optional<std::string> text = JsonText(node);
  return text ? Value::String(*std::move(text)) : Value();
}

void RunParse(const Stage& stage, EventView& ev) {
  Value source = Eval(stage.expr, ev);
  if (!source.present()) return;
  std::string text = source.Text();
  const int n = static_cast<int>(stage.names.size()) + 1;
  re2::StringPiece groups[kMaxParsedFields + 1];
  if (!stage.regex->Match(text, 0, text.size(), RE2::UNANCHORED, groups, n)) return;
  for (size_t i = 0; i < stage.names.size(); ++i) {
    if (stage.names[i].empty() || groups[i + 1].data() == nullptr) continue;
    ev.Set(stage.names[i], Value::String(std::string(groups[i + 1])));
  }
}

}  // namespace waggle::lang::cw_insights
