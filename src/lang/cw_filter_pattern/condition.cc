#include "lang/cw_filter_pattern/condition.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "lang/cw_filter_pattern/filter_pattern.h"

namespace waggle::lang::cw::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Bytes allowed inside `%regex%`: the documented subset (alphanumerics,
// `_ # = @ / ; , - :`, the operators `^ $ ? [ ] { } | \ * + .`) plus space;
// no `(`/`)` groups, control or non-ASCII bytes.
bool IsRegexByte(char c) {
  if (IsWordChar(c)) return true;
  return std::string_view("#=@/;,-: ^$?[]{}|\\*+.").find(c) != std::string_view::npos;
}

absl::StatusOr<CompareOp> ParseOp(Scanner& s) {
  if (s.Consume("!=")) return CompareOp::kNe;
  if (s.Consume("<=")) return CompareOp::kLe;
  if (s.Consume(">=")) return CompareOp::kGe;
  if (s.Consume("=")) return CompareOp::kEq;
  if (s.Consume("<")) return CompareOp::kLt;
  if (s.Consume(">")) return CompareOp::kGt;
  return s.Expected("a comparison operator (=, !=, <, <=, >, >=)");
}

bool CompareNumbers(CompareOp op, double a, double b) {
  switch (op) {
    case CompareOp::kEq:
      return a == b;
    case CompareOp::kNe:
      return a != b;
    case CompareOp::kLt:
      return a < b;
    case CompareOp::kLe:
      return a <= b;
    case CompareOp::kGt:
      return a > b;
    case CompareOp::kGe:
      return a >= b;
  }
  return false;
}

// A bare value: everything up to whitespace or a byte in `stop`.
std::string_view BareValue(Scanner& s, std::string_view stop) {
  std::string_view rest = s.Rest();
  size_t n = 0;
  while (n < rest.size() && !IsSpace(rest[n]) && stop.find(rest[n]) == std::string_view::npos) ++n;
  s.Advance(n);
  return rest.substr(0, n);
}

}  // namespace

Glob Glob::FromPattern(std::string_view p) {
  Glob g;
  bool lead = !p.empty() && p.front() == '*';
  if (lead) p.remove_prefix(1);
  bool trail = !p.empty() && p.back() == '*';
  if (trail) p.remove_suffix(1);
  g.text = std::string(p);
  g.mode = lead && trail ? Mode::kContains
           : lead        ? Mode::kSuffix
           : trail       ? Mode::kPrefix
                         : Mode::kExact;
  if (lead && !trail && g.text.empty()) g.mode = Mode::kContains;  // A lone `*`.
  return g;
}

bool Glob::Matches(std::string_view s) const {
  switch (mode) {
    case Mode::kExact:
      return s == text;
    case Mode::kPrefix:
      return s.starts_with(text);
    case Mode::kSuffix:
      return s.ends_with(text);
    case Mode::kContains:
      return s.find(text) != std::string_view::npos;
  }
  return false;
}

bool Condition::Test(std::string_view text, std::optional<double> numeric) const {
  bool equal = false;
  switch (operand.kind) {
    case Operand::Kind::kNumber:
      if (op != CompareOp::kEq && op != CompareOp::kNe) {
        return numeric.has_value() && CompareNumbers(op, *numeric, operand.number);
      }
      equal = numeric.has_value() && *numeric == operand.number;
      break;
    case Operand::Kind::kString:
      equal = operand.glob.Matches(text);
      break;
    case Operand::Kind::kRegex:
      equal = RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *operand.regex);
      break;
  }
  return op == CompareOp::kNe ? !equal : equal;
}

std::optional<double> ParseNumberLiteral(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  size_t i = 0, digits = 0;
  if (i < s.size() && s[i] == '-') ++i;
  for (; i < s.size() && IsDigit(s[i]); ++i) ++digits;
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && IsDigit(s[i]); ++i) ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t exp_start = ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i) ++exp_digits;
    if (exp_digits == 0 || exp_start == s.size()) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

absl::StatusOr<std::unique_ptr<RE2>> ParseRegex(Scanner& s, ParseContext& context) {
  size_t start = s.pos();
  if (!s.Consume("%")) return s.Expected("'%' to start a regular expression");
  std::string_view rest = s.Rest();
  size_t n = 0;
  while (n < rest.size() && rest[n] != '%') {
    if (!IsRegexByte(rest[n])) {
      return s.ErrorAt(start + 1 + n,
                       "this character is not allowed in a regular expression (allowed: letters, "
                       "digits, _ # = @ / ; , - : and ^ $ ? [ ] { } | \\ * + .; no ( ) groups)");
    }
    n += rest[n] == '\\' && n + 1 < rest.size() ? 2 : 1;
  }
  if (n >= rest.size()) return s.ErrorAt(start, "unterminated regular expression (missing '%')");
  if (n == 0) return s.ErrorAt(start, "empty regular expression");
  if (++context.regex_count > kMaxRegexes) {
    return s.ErrorAt(start,
                     fmt::format("a pattern may hold at most {} regular expressions", kMaxRegexes));
  }
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(1 << 20);
  auto re = std::make_unique<RE2>(re2::StringPiece(rest.data(), n), options);
  if (!re->ok()) {
    return s.ErrorAt(start, fmt::format("invalid regular expression: {}", re->error()));
  }
  s.Advance(n + 1);
  return re;
}

absl::StatusOr<Condition> ParseCondition(Scanner& s, std::string_view stop, ParseContext& context) {
  Condition c;
  auto op = ParseOp(s);
  if (!op.ok()) return op.status();
  c.op = *op;
  s.SkipSpace();
  bool ordering = c.op != CompareOp::kEq && c.op != CompareOp::kNe;
  size_t value_start = s.pos();
  if (s.Peek() == '"' || s.Peek() == '%') {
    if (ordering) return s.Expected("a number after the comparison operator");
    if (s.Peek() == '%') {
      c.operand.kind = Operand::Kind::kRegex;
      auto re = ParseRegex(s, context);
      if (!re.ok()) return re.status();
      c.operand.regex = std::move(*re);
      return c;
    }
    auto text = s.QuotedString();
    if (!text.ok()) return text.status();
    c.operand.glob = Glob::FromPattern(*text);
    return c;
  }
  std::string_view bare = BareValue(s, stop);
  if (bare.empty()) return s.Expected("a value (number, \"string\", glob or %regex%)");
  if (auto number = ParseNumberLiteral(bare)) {
    c.operand.kind = Operand::Kind::kNumber;
    c.operand.number = *number;
    return c;
  }
  if (ordering) return s.ErrorAt(value_start, "expected a number after the comparison operator");
  c.operand.glob = Glob::FromPattern(bare);
  return c;
}

}  // namespace waggle::lang::cw::internal
