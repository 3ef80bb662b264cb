#include "lang/cw_filter_pattern/json_pattern.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "core/strings.h"
#include "lang/cw_filter_pattern/filter_pattern.h"

namespace waggle::lang::cw::internal {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Larger messages never match a JSON pattern (CloudWatch events are ≤ 1 MB).
constexpr size_t kMaxJsonMessageBytes = 2 << 20;

bool IsNameChar(char c) { return IsWordChar(c) || c == '-'; }

// ---------------------------------------------------------------- Parsing

absl::StatusOr<Selector> ParseSelector(Scanner& s) {
  Selector sel;
  if (!s.Consume("$")) return s.Expected("a selector like $.field");
  while (true) {
    if (s.Consume(".")) {
      if (s.Peek() == '*') return s.ErrorAt(s.pos(), "wildcard selectors ($.*) are not supported");
      std::string_view rest = s.Rest();
      size_t n = 0;
      while (n < rest.size() && IsNameChar(rest[n])) ++n;
      if (n == 0) return s.Expected("a field name after '.'");
      sel.steps.push_back({false, std::string(rest.substr(0, n)), 0});
      s.Advance(n);
    } else if (s.Consume("[")) {
      std::string_view rest = s.Rest();
      size_t n = 0;
      while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
      uint64_t index = 0;
      if (n == 0 || n > 9 || !core::ParseNumber(rest.substr(0, n), &index)) {
        return s.Expected("an array index (0..999999999) after '['");
      }
      s.Advance(n);
      if (!s.Consume("]")) return s.Expected("']' after the array index");
      sel.steps.push_back({true, {}, index});
    } else if (IsWordChar(s.Peek())) {
      return s.Expected("'.' or '[' after '$' (JSON selectors look like $.field)");
    } else {
      return sel;
    }
  }
}

class Parser {
 public:
  Parser(Scanner& s, ParseContext& context) : s_(s), context_(context) {}

  absl::StatusOr<JsonNode> Or() { return List(JsonNode::Kind::kOr, "||"); }

 private:
  absl::StatusOr<JsonNode> And() { return List(JsonNode::Kind::kAnd, "&&"); }

  // operand ( sep operand )*, folded into one n-ary node.
  absl::StatusOr<JsonNode> List(JsonNode::Kind kind, std::string_view sep) {
    JsonNode node;
    node.kind = kind;
    while (true) {
      auto child = kind == JsonNode::Kind::kOr ? And() : Primary();
      if (!child.ok()) return child.status();
      node.children.push_back(std::move(*child));
      s_.SkipSpace();
      if (!s_.Consume(sep)) break;
      s_.SkipSpace();
    }
    if (node.children.size() == 1) return std::move(node.children[0]);
    return node;
  }

  absl::StatusOr<JsonNode> Primary() {
    s_.SkipSpace();
    if (s_.Peek() == '(') {
      size_t open = s_.pos();
      if (++depth_ > kMaxNestingDepth) {
        return s_.ErrorAt(open, fmt::format("parentheses nest deeper than {}", kMaxNestingDepth));
      }
      s_.Advance(1);
      auto inner = Or();
      if (!inner.ok()) return inner.status();
      s_.SkipSpace();
      if (!s_.Consume(")")) return s_.Expected("')' or && or ||");
      --depth_;
      return inner;
    }
    if (s_.Peek() != '$') return s_.Expected("a selector like $.field or '('");
    return Leaf();
  }

  absl::StatusOr<JsonNode> Leaf() {
    JsonNode leaf;
    auto sel = ParseSelector(s_);
    if (!sel.ok()) return sel.status();
    leaf.selector = std::move(*sel);
    s_.SkipSpace();
    if (s_.ConsumeKeyword("IS")) {
      s_.SkipSpace();
      if (s_.ConsumeKeyword("NULL")) {
        leaf.kind = JsonNode::Kind::kIsNull;
      } else if (s_.ConsumeKeyword("TRUE")) {
        leaf.kind = JsonNode::Kind::kIsTrue;
      } else if (s_.ConsumeKeyword("FALSE")) {
        leaf.kind = JsonNode::Kind::kIsFalse;
      } else {
        return s_.Expected("NULL, TRUE or FALSE after IS");
      }
      return leaf;
    }
    if (s_.ConsumeKeyword("NOT")) {
      s_.SkipSpace();
      if (!s_.ConsumeKeyword("EXISTS")) return s_.Expected("EXISTS after NOT");
      leaf.kind = JsonNode::Kind::kNotExists;
      return leaf;
    }
    auto condition = ParseCondition(s_, ")&|}", context_);
    if (!condition.ok()) return condition.status();
    leaf.condition = std::move(*condition);
    return leaf;
  }

  Scanner& s_;
  ParseContext& context_;
  int depth_ = 0;
};

// ------------------------------------------------------------- Evaluation

std::optional<element> Lookup(element e, const Selector& sel) {
  for (const Selector::Step& step : sel.steps) {
    simdjson::simdjson_result<element> next(simdjson::INCORRECT_TYPE);
    if (step.is_index && e.is_array()) next = e.at(step.index);
    if (!step.is_index && e.is_object()) next = e.at_key(step.name);
    if (next.error()) return std::nullopt;
    e = next.value_unsafe();
  }
  return e;
}

bool IsScalar(element e) {
  return e.type() != element_type::ARRAY && e.type() != element_type::OBJECT;
}

// A scalar as text: string content, number in shortest form, true/false/null.
std::string ScalarText(element e) {
  switch (e.type()) {
    case element_type::STRING:
      return std::string(e.get_string().value_unsafe());
    case element_type::INT64:
      return fmt::format("{}", e.get_int64().value_unsafe());
    case element_type::UINT64:
      return fmt::format("{}", e.get_uint64().value_unsafe());
    case element_type::DOUBLE:
      return fmt::format("{}", e.get_double().value_unsafe());
    case element_type::BOOL:
      return e.get_bool().value_unsafe() ? "true" : "false";
    default:
      return "null";
  }
}

bool TestCompare(const JsonNode& leaf, element e) {
  if (!IsScalar(e)) return false;
  std::optional<double> numeric;
  if (e.is_number()) {
    numeric = e.get_double().value_unsafe();
  } else if (e.is_string()) {
    std::string_view str = e.get_string().value_unsafe();
    numeric = ParseNumberLiteral(str);
    return leaf.condition.Test(str, numeric);
  }
  return leaf.condition.Test(ScalarText(e), numeric);
}

bool Eval(const JsonNode& node, element root) {
  switch (node.kind) {
    case JsonNode::Kind::kAnd:
      for (const JsonNode& c : node.children) {
        if (!Eval(c, root)) return false;
      }
      return true;
    case JsonNode::Kind::kOr:
      for (const JsonNode& c : node.children) {
        if (Eval(c, root)) return true;
      }
      return false;
    default:
      break;
  }
  std::optional<element> e = Lookup(root, node.selector);
  if (node.kind == JsonNode::Kind::kNotExists) return !e.has_value();
  if (!e.has_value()) return false;
  switch (node.kind) {
    case JsonNode::Kind::kIsNull:
      return e->is_null();
    case JsonNode::Kind::kIsTrue:
      return e->is_bool() && e->get_bool().value_unsafe();
    case JsonNode::Kind::kIsFalse:
      return e->is_bool() && !e->get_bool().value_unsafe();
    default:
      return TestCompare(node, *e);
  }
}

// Parses `message` with this thread's reusable parser; nullopt unless it is
// a JSON object. The element stays valid until the next parse on this thread.
std::optional<element> ParseObject(std::string_view message) {
  if (message.size() > kMaxJsonMessageBytes) return std::nullopt;
  thread_local simdjson::dom::parser parser(kMaxJsonMessageBytes);
  element doc;
  if (parser.parse(message.data(), message.size()).get(doc) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  if (!doc.is_object()) return std::nullopt;
  return doc;
}

}  // namespace

bool JsonPattern::Matches(std::string_view message) const {
  std::optional<element> doc = ParseObject(message);
  return doc.has_value() && Eval(root, *doc);
}

std::optional<std::string> JsonPattern::Extract(std::string_view message,
                                                std::string_view selector_text) const {
  auto selector = ParseSelectorText(selector_text);
  if (!selector.ok()) return std::nullopt;
  std::optional<element> doc = ParseObject(message);
  if (!doc.has_value() || !Eval(root, *doc)) return std::nullopt;
  std::optional<element> e = Lookup(*doc, *selector);
  if (!e.has_value() || !IsScalar(*e)) return std::nullopt;
  return ScalarText(*e);
}

absl::StatusOr<JsonPattern> ParseJsonPattern(std::string_view text, ParseContext& context) {
  Scanner s(text);
  s.SkipSpace();
  if (!s.Consume("{")) return s.Expected("'{' to start a JSON pattern");
  Parser parser(s, context);
  auto root = parser.Or();
  if (!root.ok()) return root.status();
  s.SkipSpace();
  if (!s.Consume("}")) return s.Expected("'}', && or || after the condition");
  s.SkipSpace();
  if (!s.AtEnd()) return s.Expected("the end of the pattern after '}'");
  return JsonPattern{std::move(*root)};
}

absl::StatusOr<Selector> ParseSelectorText(std::string_view text) {
  Scanner s(text);
  auto sel = ParseSelector(s);
  if (!sel.ok()) return sel.status();
  if (!s.AtEnd()) return s.Expected("the end of the selector");
  return sel;
}

}  // namespace waggle::lang::cw::internal
