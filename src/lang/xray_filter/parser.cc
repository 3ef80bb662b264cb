// Recursive-descent parser for X-Ray filter expressions (spec §5 grammar):
//   expr   := term { (OR | "||") term }
//   term   := factor { [AND | "&&"] factor }         side by side = AND
//   factor := ("!" | NOT) factor | "(" expr ")" | pred
#include <fmt/format.h>

#include "core/status.h"
#include "core/strings.h"
#include "lang/xray_filter/ast.h"
#include "lang/xray_filter/lexer.h"

namespace waggle::lang::xray::internal {
namespace {

using Node = FilterExpression::Node;

// Group filters may reference groups this deep (guards against cycles).
constexpr int kMaxGroupDepth = 4;

class Parser {
 public:
  Parser(std::vector<Token> tokens, const ParseOptions& options, int group_depth, int* group_budget)
      : tokens_(std::move(tokens)),
        options_(options),
        group_depth_(group_depth),
        group_budget_(group_budget) {}

  absl::StatusOr<Node> Expression() {
    auto node = Or();
    if (!node.ok()) return node.status();
    if (Peek().kind != Token::Kind::kEnd) return Expected("AND, OR or the end of the expression");
    return node;
  }

 private:
  // ------------------------------------------------------------ helpers
  const Token& Peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return tokens_[i < tokens_.size() ? i : tokens_.size() - 1];
  }
  bool IsOp(std::string_view op, size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kOp && Peek(ahead).text == op;
  }
  bool IsWord(std::string_view lower, size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kWord && core::AsciiLower(Peek(ahead).text) == lower;
  }
  const Token& Take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  absl::Status Expected(std::string_view what) const {
    return ErrorAt(Peek(), fmt::format("expected {}, found {}", what, DescribeToken(Peek())));
  }
  static absl::Status ErrorAt(const Token& at, std::string_view message) {
    return absl::InvalidArgumentError(fmt::format("at offset {}: {}", at.offset, message));
  }
  absl::Status Expect(std::string_view op, std::string_view what) {
    if (!IsOp(op)) return Expected(what);
    Take();
    return absl::OkStatus();
  }
  absl::Status Enter() {
    if (++depth_ > kMaxNestingDepth) {
      return ErrorAt(Peek(), fmt::format("the expression nests deeper than {}", kMaxNestingDepth));
    }
    return absl::OkStatus();
  }
  bool StartsFactor() const {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kAnnotation) return true;
    if (t.kind == Token::Kind::kWord) return !IsWord("or") && !IsWord("and");
    return IsOp("!") || IsOp("(");
  }

  // ------------------------------------------------------ boolean structure
  absl::StatusOr<Node> Or() {
    Node node;
    node.kind = Node::Kind::kOr;
    while (true) {
      auto child = And();
      if (!child.ok()) return child.status();
      node.children.push_back(std::move(*child));
      if (!IsWord("or") && !IsOp("||")) break;
      Take();
    }
    if (node.children.size() == 1) return std::move(node.children[0]);
    return node;
  }

  absl::StatusOr<Node> And() {
    Node node;
    node.kind = Node::Kind::kAnd;
    while (true) {
      auto child = Factor();
      if (!child.ok()) return child.status();
      node.children.push_back(std::move(*child));
      if (IsWord("and") || IsOp("&&")) {
        Take();
      } else if (!StartsFactor()) {
        break;
      }
    }
    if (node.children.size() == 1) return std::move(node.children[0]);
    return node;
  }

  absl::StatusOr<Node> Factor() {
    if (IsOp("!") || IsWord("not")) {
      Take();
      if (absl::Status s = Enter(); !s.ok()) return s;
      auto inner = Factor();
      if (!inner.ok()) return inner.status();
      --depth_;
      Node node;
      node.kind = Node::Kind::kNot;
      node.children.push_back(std::move(*inner));
      return node;
    }
    if (IsOp("(")) {
      Take();
      if (absl::Status s = Enter(); !s.ok()) return s;
      auto inner = Or();
      if (!inner.ok()) return inner.status();
      if (absl::Status s = Expect(")", "')', AND or OR"); !s.ok()) return s;
      --depth_;
      return inner;
    }
    return Predicate();
  }

  // ----------------------------------------------------------- predicates
  absl::StatusOr<Node> Predicate() {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kAnnotation) {
      if (level_ != Level::kTrace) {
        return ErrorAt(t,
                       "annotation.* cannot be used inside service(), edge() or rootcause filters");
      }
      return Comparison(InfoOf(Field::kAnnotation));
    }
    if (t.kind != Token::Kind::kWord || IsWord("and") || IsWord("or")) {
      return Expected("a keyword, '!' or '('");
    }
    std::string word = core::AsciiLower(t.text);
    if (word == "service" || word == "edge") return ServiceOrEdge(word == "edge");
    if (word.rfind("rootcause.", 0) == 0) return RootCause(word);
    if (word == "group.name" || word == "group.arn") return Group(word.substr(6));
    const FieldInfo* info = FindField(word);
    if (info == nullptr) return ErrorAt(t, fmt::format("unknown keyword '{}'", t.text));
    if ((info->levels & static_cast<uint8_t>(level_)) == 0) {
      return ErrorAt(t,
                     fmt::format("'{}' can only be used {}", t.text, DescribeLevels(info->levels)));
    }
    return Comparison(*info);
  }

  // The operator after a keyword, or kIsSet when there is none.
  std::optional<Op> TakeOp() {
    static constexpr std::pair<std::string_view, Op> kOps[] = {{"=", Op::kEq}, {"!=", Op::kNe},
                                                               {"<", Op::kLt}, {"<=", Op::kLe},
                                                               {">", Op::kGt}, {">=", Op::kGe}};
    for (const auto& [text, op] : kOps) {
      if (IsOp(text)) {
        Take();
        return op;
      }
    }
    if (IsWord("contains") || IsWord("beginswith") || IsWord("endswith")) {
      std::string w = core::AsciiLower(Take().text);
      return w == "contains" ? Op::kContains : w == "beginswith" ? Op::kBeginsWith : Op::kEndsWith;
    }
    return std::nullopt;
  }

  absl::StatusOr<Node> Comparison(const FieldInfo& info) {
    const Token keyword = Take();
    Node node;
    node.kind = Node::Kind::kCompare;
    node.field = info.field;
    node.annotation_key = info.field == Field::kAnnotation ? keyword.text : "";
    std::string name =
        info.field == Field::kAnnotation ? "annotation." + keyword.text : keyword.text;
    std::optional<Op> op = TakeOp();
    if (!op.has_value()) {
      if (info.type == FieldType::kBool || info.type == FieldType::kAnnotation) return node;
      return Expected(fmt::format("a comparison operator after '{}'", name));
    }
    node.op = *op;
    absl::StatusOr<AnnotationValue> value = Value(info.type, *op, name);
    if (!value.ok()) return value.status();
    node.value = std::move(*value);
    return node;
  }

  absl::StatusOr<AnnotationValue> Value(FieldType type, Op op, const std::string& name) {
    const Token& t = Peek();
    bool equality = op == Op::kEq || op == Op::kNe;
    bool ordering = op == Op::kLt || op == Op::kLe || op == Op::kGt || op == Op::kGe;
    bool boolean = IsWord("true") || IsWord("false");
    if (boolean && equality && (type == FieldType::kBool || type == FieldType::kAnnotation)) {
      return core::AsciiLower(Take().text) == "true";
    }
    if (t.kind == Token::Kind::kNumber && (equality || ordering) &&
        (type == FieldType::kNumber || type == FieldType::kAnnotation)) {
      return Take().number;
    }
    if (t.kind == Token::Kind::kString && !ordering &&
        (type == FieldType::kString || type == FieldType::kAnnotation)) {
      return Take().text;
    }
    switch (type) {
      case FieldType::kBool:
        return equality ? Expected(fmt::format("true or false after '{}' =", name))
                        : ErrorAt(t, fmt::format("'{}' is a boolean: use {}, !{} or {} = false",
                                                 name, name, name, name));
      case FieldType::kNumber:
        return equality || ordering
                   ? Expected(fmt::format("a number after the operator ('{}' is a number)", name))
                   : ErrorAt(t, fmt::format("'{}' is a number: use = != < <= > >=", name));
      case FieldType::kString:
        return ordering ? ErrorAt(t, fmt::format("'{}' is a string: use = != CONTAINS "
                                                 "BEGINSWITH ENDSWITH",
                                                 name))
                        : Expected(fmt::format("a double-quoted string after the operator "
                                               "('{}' is a string)",
                                               name));
      case FieldType::kAnnotation:
        break;
    }
    if (ordering) return Expected("a number after the operator");
    return Expected("a double-quoted string after the operator");
  }

  // ---------------------------------------------------- service() / edge()
  absl::StatusOr<Node> ServiceOrEdge(bool edge) {
    const Token keyword = Take();
    if (level_ != Level::kTrace) {
      return ErrorAt(keyword, fmt::format("{}() can only be used at the top level", keyword.text));
    }
    Node node;
    node.kind = edge ? Node::Kind::kEdge : Node::Kind::kService;
    if (absl::Status s = Expect("(", fmt::format("'(' after {}", keyword.text)); !s.ok()) return s;
    while (!IsOp(")")) {
      if (!node.selectors.empty()) {
        if (absl::Status s = Expect(",", "',' or ')'"); !s.ok()) return s;
      }
      auto selector = Selector();
      if (!selector.ok()) return selector.status();
      node.selectors.push_back(std::move(*selector));
      if (node.selectors.size() > (edge ? 2u : 1u)) {
        return ErrorAt(Peek(), edge ? "edge() takes two services: edge(\"a\", \"b\")"
                                    : "service() takes at most one service");
      }
    }
    if (edge && node.selectors.size() != 2) {
      return ErrorAt(Peek(), "edge() takes two services: edge(\"a\", \"b\")");
    }
    Take();  // ')'
    return Braces(std::move(node), edge ? Level::kEdge : Level::kService);
  }

  // A quoted name or id(name: "…", type: "…", account.id: "…").
  absl::StatusOr<NodeSelector> Selector() {
    NodeSelector sel;
    if (Peek().kind == Token::Kind::kString) {
      sel.name = Take().text;
      return sel;
    }
    if (!IsWord("id")) return Expected("a quoted service name or id(...)");
    Take();
    if (absl::Status s = Expect("(", "'(' after id"); !s.ok()) return s;
    while (!IsOp(")")) {
      if (sel.name || sel.type || sel.account_id) {
        if (absl::Status s = Expect(",", "',' or ')'"); !s.ok()) return s;
      }
      std::string key = core::AsciiLower(Peek().text);
      std::optional<std::string>* slot = Peek().kind != Token::Kind::kWord ? nullptr
                                         : key == "name"                   ? &sel.name
                                         : key == "type"                   ? &sel.type
                                         : key == "account.id"             ? &sel.account_id
                                                                           : nullptr;
      if (slot == nullptr) return Expected("name, type or account.id inside id()");
      if (slot->has_value()) return ErrorAt(Peek(), fmt::format("'{}' is given twice", key));
      Take();
      if (absl::Status s = Expect(":", fmt::format("':' after {}", key)); !s.ok()) return s;
      if (Peek().kind != Token::Kind::kString) return Expected("a double-quoted string");
      *slot = Take().text;
    }
    Take();  // ')'
    return sel;
  }

  // An optional `{ filter }` evaluated at `level`; empty braces = no filter.
  absl::StatusOr<Node> Braces(Node node, Level level) {
    if (!IsOp("{")) return node;
    Take();
    if (absl::Status s = Enter(); !s.ok()) return s;
    if (!IsOp("}")) {
      level_ = level;
      auto inner = Or();
      level_ = Level::kTrace;
      if (!inner.ok()) return inner.status();
      node.children.push_back(std::move(*inner));
    }
    if (absl::Status s = Expect("}", "'}', AND or OR"); !s.ok()) return s;
    --depth_;
    return node;
  }

  // -------------------------------------------------------- rootcause.*
  absl::StatusOr<Node> RootCause(const std::string& word) {
    const Token keyword = Take();
    if (word == "rootcause.json") {
      return ErrorAt(keyword,
                     "rootcause.json is not supported; use rootcause.fault.service { … } "
                     "and the other rootcause.* filters");
    }
    if (level_ != Level::kTrace) {
      return ErrorAt(keyword, "rootcause filters can only be used at the top level");
    }
    static constexpr std::pair<std::string_view, RootCauseKind> kKinds[] = {
        {"fault", RootCauseKind::kFault},
        {"error", RootCauseKind::kError},
        {"responsetime", RootCauseKind::kResponseTime}};
    static constexpr std::pair<std::string_view, CauseTarget> kTargets[] = {
        {"service", CauseTarget::kService},
        {"entity", CauseTarget::kEntity},
        {"exception", CauseTarget::kException}};
    static constexpr Level kLevels[] = {Level::kCauseService, Level::kCauseEntity,
                                        Level::kCauseException};
    Node node;
    node.kind = Node::Kind::kRootCause;
    for (const auto& [kind_name, kind] : kKinds) {
      for (size_t i = 0; i < 3; ++i) {
        auto [target_name, target] = kTargets[i];
        if (word != fmt::format("rootcause.{}.{}", kind_name, target_name)) continue;
        if (kind == RootCauseKind::kResponseTime && target == CauseTarget::kException) continue;
        node.cause_kind = kind;
        node.cause_target = target;
        return Braces(std::move(node), kLevels[i]);
      }
    }
    return ErrorAt(keyword, fmt::format("unknown keyword '{}' (expected rootcause.fault|error."
                                        "service|entity|exception or rootcause.responsetime."
                                        "service|entity)",
                                        keyword.text));
  }

  // ------------------------------------------------------------- groups
  absl::StatusOr<Node> Group(const std::string& kind) {
    const Token keyword = Take();
    if (level_ != Level::kTrace) {
      return ErrorAt(keyword, "group filters can only be used at the top level");
    }
    if (absl::Status s = Expect("=", fmt::format("'=' after {}", keyword.text)); !s.ok()) return s;
    if (Peek().kind != Token::Kind::kString) return Expected("a double-quoted group name or ARN");
    const Token value = Take();
    if (!options_.resolve_group) {
      return ErrorAt(keyword, "group filters cannot be used in this expression");
    }
    if (group_depth_ + 1 > kMaxGroupDepth) {
      return ErrorAt(keyword, "group filters reference each other too deeply");
    }
    if (--*group_budget_ < 0) {
      return ErrorAt(keyword, fmt::format("more than {} group references", kMaxGroupReferences));
    }
    std::optional<std::string> text = options_.resolve_group(kind, value.text);
    if (!text.has_value()) {
      return ErrorAt(value, fmt::format("unknown group {} \"{}\"", kind, value.text));
    }
    auto tree = ParseTree(*text, options_, group_depth_ + 1, group_budget_);
    if (!tree.ok()) {
      return ErrorAt(value, fmt::format("in the filter of group \"{}\": {}", value.text,
                                        tree.status().message()));
    }
    if (*tree == nullptr) return Node{};  // A blank group filter matches all.
    return **tree;
  }

  std::vector<Token> tokens_;
  const ParseOptions& options_;
  int group_depth_;
  int* group_budget_;
  size_t pos_ = 0;
  int depth_ = 0;
  Level level_ = Level::kTrace;
};

}  // namespace

absl::StatusOr<std::shared_ptr<const Node>> ParseTree(std::string_view text,
                                                      const ParseOptions& options, int group_depth,
                                                      int* group_budget) {
  if (text.size() > kMaxExpressionBytes) {
    return absl::InvalidArgumentError(
        fmt::format("the filter expression is {} bytes long; at most {} are allowed", text.size(),
                    kMaxExpressionBytes));
  }
  auto tokens = Tokenize(text);
  if (!tokens.ok()) return tokens.status();
  if (tokens->size() == 1) return std::shared_ptr<const Node>();  // Blank: match all.
  Parser parser(std::move(*tokens), options, group_depth, group_budget);
  auto node = parser.Expression();
  if (!node.ok()) return node.status();
  return std::make_shared<const Node>(std::move(*node));
}

}  // namespace waggle::lang::xray::internal
