// The expressions of the Insights query language (parser.h): or, and, not,
// comparisons (=, !=, <, <=, >, >=, [not] like, =~, [not] in), + -, * / %,
// ^, unary minus, literals, fields and function calls.
#include <fmt/format.h>

#include <cctype>

#include "core/strings.h"
#include "lang/cw_insights/functions.h"
#include "lang/cw_insights/parser.h"

namespace waggle::lang::cw_insights {
namespace {

constexpr int kMaxDepth = 64;

Expr MakeBinary(BinaryOp op, Expr a, Expr b) {
  Expr e;
  e.kind = Expr::Kind::kBinary;
  e.op = op;
  e.args.push_back(std::move(a));
  e.args.push_back(std::move(b));
  return e;
}

// `source` with AWS's named groups `(?<name>` spelled as RE2's `(?P<name>`.
std::string NamedGroupsForRe2(std::string_view source) {
  std::string out;
  bool in_class = false;
  for (size_t k = 0; k < source.size(); ++k) {
    char c = source[k];
    out.push_back(c);
    if (c == '\\' && k + 1 < source.size()) {
      out.push_back(source[++k]);
    } else if (c == '[') {
      in_class = true;
    } else if (c == ']') {
      in_class = false;
    } else if (!in_class && c == '(' && source.substr(k + 1, 2) == "?<" && k + 3 < source.size() &&
               (std::isalpha(static_cast<unsigned char>(source[k + 3])) || source[k + 3] == '_')) {
      out += "?P<";
      k += 2;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<Expr> Parser::OrExpr() {
  ASSIGN_OR_RETURN(Expr left, AndExpr());
  while (Keyword("or")) {
    ASSIGN_OR_RETURN(Expr right, AndExpr());
    left = MakeBinary(BinaryOp::kOr, std::move(left), std::move(right));
  }
  return left;
}

absl::StatusOr<Expr> Parser::AndExpr() {
  ASSIGN_OR_RETURN(Expr left, NotExpr());
  while (Keyword("and")) {
    ASSIGN_OR_RETURN(Expr right, NotExpr());
    left = MakeBinary(BinaryOp::kAnd, std::move(left), std::move(right));
  }
  return left;
}

absl::StatusOr<Expr> Parser::NotExpr() {
  if (!Keyword("not")) return Comparison();
  if (++depth_ > kMaxDepth) return Error("the expression nests too deeply");
  absl::StatusOr<Expr> inner = NotExpr();
  --depth_;
  if (!inner.ok()) return inner.status();
  Expr e;
  e.kind = Expr::Kind::kNot;
  e.args.push_back(*std::move(inner));
  return e;
}

absl::StatusOr<Expr> Parser::Comparison() {
  ASSIGN_OR_RETURN(Expr lhs, Additive());
  Expr e;
  e.negated = Keyword("not");
  if (Keyword("like") || (!e.negated && Take("=~"))) {
    e.kind = Expr::Kind::kLike;
    SkipSpace();
    Expr rhs;
    if (i_ < t_.size() && t_[i_] == '/') {
      ASSIGN_OR_RETURN(rhs, Regex(/*named_groups=*/false));
    } else if (i_ < t_.size() && (t_[i_] == '"' || t_[i_] == '\'')) {
      ASSIGN_OR_RETURN(rhs, Quoted());
    } else {
      return Error("like takes a \"string\" or a /regex/");
    }
    e.args.push_back(std::move(lhs));
    e.args.push_back(std::move(rhs));
    return e;
  }
  if (Keyword("in")) {
    e.kind = Expr::Kind::kIn;
    e.args.push_back(std::move(lhs));
    if (!Take("[")) return Error("expected '[' after in");
    do {
      ASSIGN_OR_RETURN(Expr v, Additive());
      e.args.push_back(std::move(v));
    } while (Take(","));
    if (!Take("]")) return Error("expected ']'");
    return e;
  }
  if (e.negated) return Error("expected like or in after not");
  static constexpr std::pair<std::string_view, BinaryOp> kOps[] = {
      {"!=", BinaryOp::kNe}, {"<=", BinaryOp::kLe}, {">=", BinaryOp::kGe},
      {"=", BinaryOp::kEq},  {"<", BinaryOp::kLt},  {">", BinaryOp::kGt}};
  for (const auto& [text, op] : kOps) {
    if (Take(text)) {
      ASSIGN_OR_RETURN(Expr rhs, Additive());
      return MakeBinary(op, std::move(lhs), std::move(rhs));
    }
  }
  return lhs;  // used for its truth (ispresent(f), strcontains(...))
}

absl::StatusOr<Expr> Parser::Additive() {
  ASSIGN_OR_RETURN(Expr left, Multiplicative());
  while (true) {
    BinaryOp op;
    if (Take("+")) {
      op = BinaryOp::kAdd;
    } else if (Take("-")) {
      op = BinaryOp::kSub;
    } else {
      return left;
    }
    ASSIGN_OR_RETURN(Expr right, Multiplicative());
    left = MakeBinary(op, std::move(left), std::move(right));
  }
}

absl::StatusOr<Expr> Parser::Multiplicative() {
  ASSIGN_OR_RETURN(Expr left, Power());
  while (true) {
    BinaryOp op;
    if (Take("*")) {
      op = BinaryOp::kMul;
    } else if (Take("/")) {
      op = BinaryOp::kDiv;
    } else if (Take("%")) {
      op = BinaryOp::kMod;
    } else {
      return left;
    }
    ASSIGN_OR_RETURN(Expr right, Power());
    left = MakeBinary(op, std::move(left), std::move(right));
  }
}

absl::StatusOr<Expr> Parser::Power() {
  ASSIGN_OR_RETURN(Expr base, Unary());
  if (!Take("^")) return base;
  ASSIGN_OR_RETURN(Expr exponent, Unary());
  return MakeBinary(BinaryOp::kPow, std::move(base), std::move(exponent));
}

absl::StatusOr<Expr> Parser::Unary() {
  SkipSpace();
  if (i_ + 1 < t_.size() && t_[i_] == '-' &&
      !std::isdigit(static_cast<unsigned char>(t_[i_ + 1]))) {
    ++i_;
    if (++depth_ > kMaxDepth) return Error("the expression nests too deeply");
    absl::StatusOr<Expr> inner = Unary();
    --depth_;
    if (!inner.ok()) return inner.status();
    Expr e;
    e.kind = Expr::Kind::kNegate;
    e.args.push_back(*std::move(inner));
    return e;
  }
  return Primary();
}

absl::StatusOr<Expr> Parser::Primary() {
  SkipSpace();
  if (i_ >= t_.size()) return Error("expected a value");
  char c = t_[i_];
  if (c == '"' || c == '\'') return Quoted();
  if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') return Number();
  if (c == '/') return Error("a /regex/ may only follow like or =~");
  if (c == '(') {
    ++i_;
    if (++depth_ > kMaxDepth) return Error("the expression nests too deeply");
    absl::StatusOr<Expr> inner = Expression();
    --depth_;
    if (!inner.ok()) return inner.status();
    if (!Take(")")) return Error("expected ')'");
    return inner;
  }
  size_t start = i_;
  bool quoted = c == '`';
  ASSIGN_OR_RETURN(std::string name, Name());
  if (!quoted && i_ < t_.size() && t_[i_] == '(') return Call(std::move(name), start);
  Expr e;
  e.text = std::move(name);
  return e;
}

// name(args...): a known function with the right number of arguments.
absl::StatusOr<Expr> Parser::Call(std::string name, size_t start) {
  const FunctionInfo* f = FindFunction(name);
  if (f == nullptr) return ErrorAt(start, fmt::format("unknown function '{}'", name));
  Take("(");
  Expr e;
  e.kind = Expr::Kind::kCall;
  e.fn = f->fn;
  if (!Take(")")) {
    if (++depth_ > kMaxDepth) return Error("the expression nests too deeply");
    do {
      absl::StatusOr<Expr> arg =
          static_cast<int>(e.args.size()) == f->period_arg ? Period() : Expression();
      if (!arg.ok()) return arg.status();
      e.args.push_back(*std::move(arg));
    } while (Take(","));
    --depth_;
    if (!Take(")")) return Error("expected ')'");
  }
  int n = static_cast<int>(e.args.size());
  if (n < f->min_args || (f->max_args >= 0 && n > f->max_args)) {
    return ErrorAt(start,
                   fmt::format("{} takes {} argument{}", name,
                               f->min_args == f->max_args ? fmt::format("{}", f->min_args)
                                                          : fmt::format("{} or more", f->min_args),
                               f->max_args == 1 ? "" : "s"));
  }
  return e;
}

// A period: a number and a unit (ms, s, m, h, d, w), as in bin(5m).
absl::StatusOr<Expr> Parser::Period() {
  SkipSpace();
  size_t start = i_;
  while (i_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_]))) ++i_;
  int64_t n = 0;
  bool ok = core::ParseNumber(t_.substr(start, i_ - start), &n) && n > 0 && n < 1'000'000'000;
  size_t unit_start = i_;
  while (i_ < t_.size() && std::isalpha(static_cast<unsigned char>(t_[i_]))) ++i_;
  std::string unit = core::AsciiLower(t_.substr(unit_start, i_ - unit_start));
  static constexpr std::pair<std::string_view, int64_t> kUnits[] = {
      {"ms", 1},           {"s", 1'000},       {"sec", 1'000},       {"m", 60'000},
      {"min", 60'000},     {"h", 3'600'000},   {"hr", 3'600'000},    {"d", 86'400'000},
      {"day", 86'400'000}, {"w", 604'800'000}, {"week", 604'800'000}};
  for (const auto& [name, ms] : kUnits) {
    if (ok && unit == name) {
      Expr e;
      e.kind = Expr::Kind::kPeriod;
      e.number = static_cast<double>(n * ms);
      e.text = std::string(t_.substr(start, i_ - start));
      return e;
    }
  }
  return ErrorAt(start, "expected a period such as 5m (units ms, s, m, h, d, w)");
}

absl::StatusOr<Expr> Parser::Number() {
  SkipSpace();
  size_t start = i_;
  if (i_ < t_.size() && (t_[i_] == '-' || t_[i_] == '+')) ++i_;
  while (i_ < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[i_])) || t_[i_] == '.')) {
    ++i_;
  }
  Expr e;
  e.kind = Expr::Kind::kNumber;
  e.text = std::string(t_.substr(start, i_ - start));
  if (!core::ParseNumber(e.text, &e.number)) return ErrorAt(start, "expected a number");
  return e;
}

absl::StatusOr<Expr> Parser::Quoted() {
  SkipSpace();
  char quote = t_[i_];
  std::string out;
  for (++i_; i_ < t_.size(); ++i_) {
    if (t_[i_] == '\\' && i_ + 1 < t_.size()) {
      out.push_back(t_[++i_]);
    } else if (t_[i_] == quote) {
      ++i_;
      Expr e;
      e.kind = Expr::Kind::kString;
      e.text = std::move(out);
      return e;
    } else {
      out.push_back(t_[i_]);
    }
  }
  return Error("unterminated string");
}

// /regex/ (`\/` for a slash). With `named_groups`, `(?<name>...)` names a group.
absl::StatusOr<Expr> Parser::Regex(bool named_groups) {
  SkipSpace();
  size_t start = i_;
  std::string source;
  for (++i_; i_ < t_.size(); ++i_) {
    if (t_[i_] == '\\' && i_ + 1 < t_.size() && t_[i_ + 1] == '/') {
      source.push_back(t_[++i_]);
    } else if (t_[i_] == '/') {
      ++i_;
      std::string pattern = named_groups ? NamedGroupsForRe2(source) : source;
      auto re = std::make_shared<const RE2>(pattern, RE2::Quiet);
      if (!re->ok()) return ErrorAt(start, fmt::format("bad regex: {}", re->error()));
      Expr e;
      e.kind = Expr::Kind::kRegex;
      e.text = std::move(source);
      e.regex = std::move(re);
      return e;
    } else {
      source.push_back(t_[i_]);
    }
  }
  return ErrorAt(start, "unterminated /regex/");
}

}  // namespace waggle::lang::cw_insights
