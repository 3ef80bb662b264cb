// Recursive-descent parser of the Insights subset in query.h, scanning the
// text directly (no token list). Keywords are case-insensitive.
#include <fmt/format.h>

#include <cctype>

#include "core/strings.h"
#include "core/trim.h"
#include "lang/cw_insights/query.h"

namespace waggle::lang::cw_insights {
namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '@' || c == '.' ||
         c == '$';
}

class Parser {
 public:
  explicit Parser(std::string_view text) : t_(text) {}

  absl::StatusOr<Query> Parse() {
    Query q;
    do {
      RETURN_IF_ERROR(Command(&q));
    } while (Take("|"));
    SkipSpace();
    if (i_ < t_.size()) return Error("expected '|' or the end of the query");
    return q;
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(
        fmt::format("Query failed to parse at offset {}: {}", i_, what));
  }

  void SkipSpace() {
    while (i_ < t_.size()) {
      if (t_[i_] == '#') {
        while (i_ < t_.size() && t_[i_] != '\n') ++i_;
      } else if (std::isspace(static_cast<unsigned char>(t_[i_]))) {
        ++i_;
      } else {
        break;
      }
    }
  }

  // Consumes the punctuation `p` if next.
  bool Take(std::string_view p) {
    SkipSpace();
    if (t_.substr(i_, p.size()) != p) return false;
    i_ += p.size();
    return true;
  }

  // Consumes keyword `k` (case-insensitive, whole word) if next.
  bool Keyword(std::string_view k) {
    SkipSpace();
    if (i_ + k.size() > t_.size()) return false;
    if (core::AsciiLower(t_.substr(i_, k.size())) != k) return false;
    if (i_ + k.size() < t_.size() && IsNameChar(t_[i_ + k.size()])) return false;
    i_ += k.size();
    return true;
  }

  absl::StatusOr<std::string> Name() {
    SkipSpace();
    if (i_ < t_.size() && t_[i_] == '`') {
      size_t end = t_.find('`', i_ + 1);
      if (end == std::string_view::npos) return Error("unterminated `name`");
      std::string name(t_.substr(i_ + 1, end - i_ - 1));
      i_ = end + 1;
      return name;
    }
    size_t start = i_;
    while (i_ < t_.size() && IsNameChar(t_[i_])) ++i_;
    if (i_ == start) return Error("expected a field name");
    return std::string(t_.substr(start, i_ - start));
  }

  absl::StatusOr<std::string> Alias(std::string fallback) {
    if (!Keyword("as")) return fallback;
    return Name();
  }

  absl::Status Command(Query* q) {
    if (Keyword("fields")) return Fields(q);
    if (Keyword("display")) return Display(q);
    if (Keyword("filter")) {
      ASSIGN_OR_RETURN(Condition c, Or());
      q->filters.push_back(std::move(c));
      return absl::OkStatus();
    }
    if (Keyword("stats")) return Stats(q);
    if (Keyword("sort")) return Sort(q);
    if (Keyword("limit")) return Limit(q);
    return Error("expected fields, display, filter, stats, sort or limit");
  }

  absl::Status Fields(Query* q) {
    do {
      ASSIGN_OR_RETURN(std::string field, Name());
      ASSIGN_OR_RETURN(std::string name, Alias(field));
      q->fields.push_back({std::move(field), std::move(name)});
    } while (Take(","));
    return absl::OkStatus();
  }

  absl::Status Display(Query* q) {
    q->display.clear();
    do {
      ASSIGN_OR_RETURN(std::string field, Name());
      q->display.push_back(std::move(field));
    } while (Take(","));
    return absl::OkStatus();
  }

  absl::Status Sort(Query* q) {
    do {
      ASSIGN_OR_RETURN(std::string field, Name());
      bool desc = true;  // Insights sorts descending unless told
      if (Keyword("asc")) {
        desc = false;
      } else {
        Keyword("desc");
      }
      q->sort.push_back({std::move(field), desc});
    } while (Take(","));
    return absl::OkStatus();
  }

  absl::Status Limit(Query* q) {
    SkipSpace();
    size_t start = i_;
    while (i_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_]))) ++i_;
    int64_t n = 0;
    if (!core::ParseNumber(t_.substr(start, i_ - start), &n) || n < 1 || n > 10'000) {
      return Error("limit takes a number from 1 to 10000");
    }
    q->limit = n;
    return absl::OkStatus();
  }

  absl::Status Stats(Query* q) {
    do {
      size_t start = (SkipSpace(), i_);
      ASSIGN_OR_RETURN(Aggregate a, AggregateCall());
      std::string text(core::TrimWhitespace(t_.substr(start, i_ - start)));
      ASSIGN_OR_RETURN(a.name, Alias(text));
      q->aggregates.push_back(std::move(a));
    } while (Take(","));
    if (!Keyword("by")) return absl::OkStatus();
    do {
      size_t start = (SkipSpace(), i_);
      GroupKey g;
      if (Keyword("bin")) {
        ASSIGN_OR_RETURN(g.key, Bin());
      } else {
        ASSIGN_OR_RETURN(g.key.text, Name());
      }
      std::string text(t_.substr(start, i_ - start));
      ASSIGN_OR_RETURN(g.name, Alias(text));
      q->group_by.push_back(std::move(g));
    } while (Take(","));
    return absl::OkStatus();
  }

  absl::StatusOr<Aggregate> AggregateCall() {
    struct Known {
      std::string_view name;
      Aggregate::Fn fn;
    };
    static constexpr Known kKnown[] = {{"count_distinct", Aggregate::Fn::kCountDistinct},
                                       {"count", Aggregate::Fn::kCount},
                                       {"sum", Aggregate::Fn::kSum},
                                       {"avg", Aggregate::Fn::kAvg},
                                       {"min", Aggregate::Fn::kMin},
                                       {"max", Aggregate::Fn::kMax},
                                       {"pct", Aggregate::Fn::kPct}};
    Aggregate a;
    bool found = false;
    for (const Known& k : kKnown) {
      if (Keyword(k.name)) {
        a.fn = k.fn;
        found = true;
        break;
      }
    }
    if (!found) return Error("expected count, count_distinct, sum, avg, min, max or pct");
    if (!Take("(")) return Error("expected '('");
    if (a.fn == Aggregate::Fn::kCount && (Take("*") || (SkipSpace(), t_.substr(i_, 1) == ")"))) {
      // count(*) and count()
    } else {
      ASSIGN_OR_RETURN(a.field, Name());
    }
    if (a.fn == Aggregate::Fn::kPct) {
      if (!Take(",")) return Error("pct takes a field and a percentile");
      ASSIGN_OR_RETURN(Operand p, Number());
      if (p.number < 0 || p.number > 100) return Error("the percentile is from 0 to 100");
      a.pct = p.number;
    }
    if (!Take(")")) return Error("expected ')'");
    return a;
  }

  // bin(5m): the period after the keyword.
  absl::StatusOr<Operand> Bin() {
    if (!Take("(")) return Error("expected '(' after bin");
    SkipSpace();
    size_t start = i_;
    while (i_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[i_]))) ++i_;
    int64_t n = 0;
    if (!core::ParseNumber(t_.substr(start, i_ - start), &n) || n <= 0 || i_ >= t_.size()) {
      return Error("bin takes a period such as 5m");
    }
    int64_t unit = 0;
    switch (t_[i_]) {
      case 's':
        unit = 1'000;
        break;
      case 'm':
        unit = 60'000;
        break;
      case 'h':
        unit = 3'600'000;
        break;
      case 'd':
        unit = 86'400'000;
        break;
      default:
        return Error("bin periods end in s, m, h or d");
    }
    ++i_;
    if (!Take(")")) return Error("expected ')'");
    Operand o;
    o.kind = Operand::Kind::kBin;
    o.bin_ms = n * unit;
    return o;
  }

  absl::StatusOr<Condition> Or() {
    ASSIGN_OR_RETURN(Condition left, And());
    while (Keyword("or")) {
      ASSIGN_OR_RETURN(Condition right, And());
      Condition c;
      c.kind = Condition::Kind::kOr;
      c.children = {std::move(left), std::move(right)};
      left = std::move(c);
    }
    return left;
  }

  absl::StatusOr<Condition> And() {
    ASSIGN_OR_RETURN(Condition left, Unary());
    while (Keyword("and")) {
      ASSIGN_OR_RETURN(Condition right, Unary());
      Condition c;
      c.kind = Condition::Kind::kAnd;
      c.children = {std::move(left), std::move(right)};
      left = std::move(c);
    }
    return left;
  }

  absl::StatusOr<Condition> Unary() {
    if (++depth_ > 64) return Error("the filter nests too deeply");
    absl::StatusOr<Condition> out = UnaryInner();
    --depth_;
    return out;
  }

  absl::StatusOr<Condition> UnaryInner() {
    if (Keyword("not")) {
      ASSIGN_OR_RETURN(Condition inner, Unary());
      Condition c;
      c.kind = Condition::Kind::kNot;
      c.children = {std::move(inner)};
      return c;
    }
    if (Take("(")) {
      ASSIGN_OR_RETURN(Condition inner, Or());
      if (!Take(")")) return Error("expected ')'");
      return inner;
    }
    return Comparison();
  }

  absl::StatusOr<Condition> Comparison() {
    Condition c;
    ASSIGN_OR_RETURN(c.lhs, Value(false));
    c.negated = Keyword("not");
    if (Keyword("like") || (!c.negated && Take("=~"))) {
      c.kind = Condition::Kind::kLike;
      ASSIGN_OR_RETURN(c.rhs, Value(true));
      if (c.rhs.kind != Operand::Kind::kString && c.rhs.kind != Operand::Kind::kRegex) {
        return Error("like takes a \"string\" or a /regex/");
      }
      return c;
    }
    if (Keyword("in")) {
      c.kind = Condition::Kind::kIn;
      if (!Take("[")) return Error("expected '[' after in");
      do {
        ASSIGN_OR_RETURN(Operand v, Value(false));
        c.list.push_back(std::move(v));
      } while (Take(","));
      if (!Take("]")) return Error("expected ']'");
      return c;
    }
    if (c.negated) return Error("expected like or in after not");
    static constexpr std::pair<std::string_view, Condition::Op> kOps[] = {
        {"!=", Condition::Op::kNe}, {"<=", Condition::Op::kLe}, {">=", Condition::Op::kGe},
        {"=", Condition::Op::kEq},  {"<", Condition::Op::kLt},  {">", Condition::Op::kGt}};
    for (const auto& [text, op] : kOps) {
      if (Take(text)) {
        c.op = op;
        ASSIGN_OR_RETURN(c.rhs, Value(false));
        return c;
      }
    }
    return Error("expected a comparison, like or in");
  }

  absl::StatusOr<Operand> Number() {
    SkipSpace();
    size_t start = i_;
    if (i_ < t_.size() && (t_[i_] == '-' || t_[i_] == '+')) ++i_;
    while (i_ < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[i_])) || t_[i_] == '.')) {
      ++i_;
    }
    Operand o;
    o.kind = Operand::Kind::kNumber;
    o.text = std::string(t_.substr(start, i_ - start));
    if (!core::ParseNumber(o.text, &o.number)) return Error("expected a number");
    return o;
  }

  // A field, "string", 'string', number, or (when `regex_ok`) /regex/.
  absl::StatusOr<Operand> Value(bool regex_ok) {
    SkipSpace();
    if (i_ >= t_.size()) return Error("expected a value");
    char c = t_[i_];
    if (c == '"' || c == '\'') return Quoted(c);
    if (c == '/' && regex_ok) return Regex();
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') return Number();
    Operand o;
    ASSIGN_OR_RETURN(o.text, Name());
    return o;
  }

  absl::StatusOr<Operand> Quoted(char quote) {
    std::string out;
    for (++i_; i_ < t_.size(); ++i_) {
      if (t_[i_] == '\\' && i_ + 1 < t_.size()) {
        out.push_back(t_[++i_]);
      } else if (t_[i_] == quote) {
        ++i_;
        Operand o;
        o.kind = Operand::Kind::kString;
        o.text = std::move(out);
        return o;
      } else {
        out.push_back(t_[i_]);
      }
    }
    return Error("unterminated string");
  }

  absl::StatusOr<Operand> Regex() {
    std::string source;
    for (++i_; i_ < t_.size(); ++i_) {
      if (t_[i_] == '\\' && i_ + 1 < t_.size() && t_[i_ + 1] == '/') {
        source.push_back(t_[++i_]);
      } else if (t_[i_] == '/') {
        ++i_;
        auto re = std::make_shared<const RE2>(source, RE2::Quiet);
        if (!re->ok()) return Error(fmt::format("bad regex: {}", re->error()));
        Operand o;
        o.kind = Operand::Kind::kRegex;
        o.text = std::move(source);
        o.regex = std::move(re);
        return o;
      } else {
        source.push_back(t_[i_]);
      }
    }
    return Error("unterminated /regex/");
  }

  std::string_view t_;
  size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace

absl::StatusOr<Query> ParseQuery(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return absl::InvalidArgumentError("the query is longer than 10,000 characters");
  }
  return Parser(text).Parse();
}

}  // namespace waggle::lang::cw_insights
