// The commands of the Insights query language (parser.h).
#include "lang/cw_insights/parser.h"

#include <fmt/format.h>

#include <cctype>

#include "core/strings.h"
#include "core/trim.h"

namespace waggle::lang::cw_insights {
namespace {

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '@' || c == '.' ||
         c == '$';
}

std::string Trimmed(std::string_view s) { return std::string(core::TrimWhitespace(s)); }

}  // namespace

absl::StatusOr<Query> Parser::Parse() {
  Query q;
  do {
    RETURN_IF_ERROR(Command(&q));
  } while (Take("|"));
  if (!AtEnd()) return Error("expected '|' or the end of the query");
  return q;
}

absl::Status Parser::ErrorAt(size_t offset, std::string_view what) const {
  return absl::InvalidArgumentError(
      fmt::format("Query failed to parse at offset {}: {}", offset, what));
}

void Parser::SkipSpace() {
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

bool Parser::Take(std::string_view p) {
  SkipSpace();
  if (t_.substr(i_, p.size()) != p) return false;
  i_ += p.size();
  return true;
}

bool Parser::Keyword(std::string_view k) {
  SkipSpace();
  if (i_ + k.size() > t_.size()) return false;
  if (core::AsciiLower(t_.substr(i_, k.size())) != k) return false;
  if (i_ + k.size() < t_.size() && IsNameChar(t_[i_ + k.size()])) return false;
  i_ += k.size();
  return true;
}

bool Parser::AtEnd() {
  SkipSpace();
  return i_ >= t_.size();
}

absl::StatusOr<std::string> Parser::Name() {
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

absl::StatusOr<std::string> Parser::Alias(std::string fallback) {
  if (!Keyword("as")) return fallback;
  return Name();
}

std::string Parser::TextFrom(size_t start) const { return Trimmed(t_.substr(start, i_ - start)); }

absl::Status Parser::Command(Query* q) {
  SkipSpace();
  size_t start = i_;
  if (after_dedup_ && !Keyword("limit")) return Error("only limit may follow dedup");
  if (after_dedup_) return Limit(q);
  if (Keyword("limit")) return Limit(q);
  if (Keyword("filter")) return Filter(q);
  if (Keyword("sort")) return Sort(q);
  if (Keyword("dedup")) return Dedup(q);
  if (Keyword("display")) return Projections(q, /*display=*/true);
  if (Keyword("fields") || Keyword("parse") || Keyword("stats")) {
    if (after_stats_)
      return ErrorAt(start, "only filter, display, sort, dedup and limit may follow stats");
    i_ = start;
    if (Keyword("fields")) return Projections(q, /*display=*/false);
    if (Keyword("parse")) return ParseCommand(q);
    Keyword("stats");
    return Stats(q);
  }
  return Error("expected fields, display, filter, parse, stats, sort, dedup or limit");
}

// fields/display: expressions with optional aliases. A projection other than
// a plain field is computed per event (a kAssign stage) under its name.
absl::Status Parser::Projections(Query* q, bool display) {
  if (display) q->display.clear();
  do {
    size_t start = (SkipSpace(), i_);
    ASSIGN_OR_RETURN(Expr e, Expression());
    bool plain = e.kind == Expr::Kind::kField;
    std::string text = plain ? e.text : TextFrom(start);
    bool aliased = Keyword("as");
    std::string name = text;
    if (aliased) {
      ASSIGN_OR_RETURN(name, Name());
    }
    if ((!plain || aliased) && !after_stats_) {
      Stage s;
      s.kind = Stage::Kind::kAssign;
      s.expr = std::move(e);
      s.name = name;
      q->stages.push_back(std::move(s));
    }
    if (display) {
      q->display.push_back(std::move(name));
    } else {
      q->fields.push_back({std::move(name)});
    }
  } while (Take(","));
  return absl::OkStatus();
}

absl::Status Parser::Filter(Query* q) {
  ASSIGN_OR_RETURN(Expr e, Expression());
  if (after_stats_) {
    q->result_filters.push_back(std::move(e));
    return absl::OkStatus();
  }
  Stage s;
  s.kind = Stage::Kind::kFilter;
  s.expr = std::move(e);
  q->stages.push_back(std::move(s));
  return absl::OkStatus();
}

// parse [field] "glob * text" as a, b | parse [field] /(?<a>...)/
absl::Status Parser::ParseCommand(Query* q) {
  Stage s;
  s.kind = Stage::Kind::kParse;
  SkipSpace();
  if (i_ < t_.size() && (t_[i_] == '"' || t_[i_] == '\'' || t_[i_] == '/')) {
    s.expr.text = "@message";
  } else {
    ASSIGN_OR_RETURN(s.expr.text, Name());
    SkipSpace();
  }
  if (i_ < t_.size() && t_[i_] == '/') {
    RETURN_IF_ERROR(RegexGroups(&s));
  } else if (i_ < t_.size() && (t_[i_] == '"' || t_[i_] == '\'')) {
    RETURN_IF_ERROR(Glob(&s));
  } else {
    return Error("parse takes a \"glob * pattern\" or a /regex/");
  }
  q->stages.push_back(std::move(s));
  return absl::OkStatus();
}

// A glob: each `*` captures (the last, when it ends the pattern, to the end
// of the text); `as` names the captures in order.
absl::Status Parser::Glob(Stage* stage) {
  size_t start = i_;
  ASSIGN_OR_RETURN(Expr glob, Quoted());
  std::string pattern = "(?s)";
  size_t stars = 0, literal = 0;
  for (size_t k = 0; k <= glob.text.size(); ++k) {
    if (k < glob.text.size() && glob.text[k] != '*') continue;
    pattern += RE2::QuoteMeta(std::string_view(glob.text).substr(literal, k - literal));
    if (k < glob.text.size()) pattern += k + 1 == glob.text.size() ? "(.*)" : "(.*?)";
    stars += k < glob.text.size() ? 1 : 0;
    literal = k + 1;
  }
  if (stars == 0) return ErrorAt(start, "the parse pattern has no '*'");
  if (stars > kMaxParsedFields) return ErrorAt(start, "the parse pattern has over 100 '*'");
  if (!Keyword("as")) return Error("expected as and a field name for each '*'");
  do {
    ASSIGN_OR_RETURN(std::string name, Name());
    stage->names.push_back(std::move(name));
  } while (Take(","));
  if (stage->names.size() != stars) {
    return ErrorAt(start, fmt::format("the pattern has {} '*' but {} names follow as", stars,
                                      stage->names.size()));
  }
  stage->regex = std::make_shared<const RE2>(pattern, RE2::Quiet);
  if (!stage->regex->ok()) return ErrorAt(start, "bad parse pattern");
  return absl::OkStatus();
}

// A regex whose named groups name the fields.
absl::Status Parser::RegexGroups(Stage* stage) {
  size_t start = i_;
  ASSIGN_OR_RETURN(Expr re, Regex(/*named_groups=*/true));
  int groups = re.regex->NumberOfCapturingGroups();
  if (groups > static_cast<int>(kMaxParsedFields)) {
    return ErrorAt(start, "the parse regex has over 100 groups");
  }
  stage->names.assign(static_cast<size_t>(groups), "");
  for (const auto& [index, name] : re.regex->CapturingGroupNames()) {
    stage->names[static_cast<size_t>(index - 1)] = name;
  }
  if (re.regex->CapturingGroupNames().empty()) {
    return ErrorAt(start, "the parse regex needs named groups such as (?<name>\\S+)");
  }
  stage->regex = std::move(re.regex);
  return absl::OkStatus();
}

absl::Status Parser::Stats(Query* q) {
  after_stats_ = true;
  do {
    size_t start = (SkipSpace(), i_);
    ASSIGN_OR_RETURN(Aggregate a, AggregateCall());
    ASSIGN_OR_RETURN(a.name, Alias(TextFrom(start)));
    q->aggregates.push_back(std::move(a));
  } while (Take(","));
  if (!Keyword("by")) return absl::OkStatus();
  do {
    size_t start = (SkipSpace(), i_);
    GroupKey g;
    ASSIGN_OR_RETURN(g.key, Additive());
    ASSIGN_OR_RETURN(g.name,
                     Alias(g.key.kind == Expr::Kind::kField ? g.key.text : TextFrom(start)));
    q->group_by.push_back(std::move(g));
  } while (Take(","));
  return absl::OkStatus();
}

absl::StatusOr<Aggregate> Parser::AggregateCall() {
  using AggFn = Aggregate::Fn;
  static constexpr std::pair<std::string_view, AggFn> kKnown[] = {
      {"count", AggFn::kCount},
      {"count_distinct", AggFn::kCountDistinct},
      {"sum", AggFn::kSum},
      {"avg", AggFn::kAvg},
      {"min", AggFn::kMin},
      {"max", AggFn::kMax},
      {"stddev", AggFn::kStddev},
      {"pct", AggFn::kPct},
      {"earliest", AggFn::kEarliest},
      {"latest", AggFn::kLatest},
      {"sortsfirst", AggFn::kSortsFirst},
      {"sortslast", AggFn::kSortsLast}};
  size_t start = (SkipSpace(), i_);
  std::string name;
  while (i_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[i_])) || t_[i_] == '_')) {
    name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(t_[i_++]))));
  }
  Aggregate a;
  auto known = std::find_if(std::begin(kKnown), std::end(kKnown),
                            [&](const auto& k) { return k.first == name; });
  if (known == std::end(kKnown)) {
    return ErrorAt(start, fmt::format("unknown stats function '{}'", name));
  }
  a.fn = known->second;
  if (!Take("(")) return Error("expected '('");
  if (a.fn == AggFn::kCount && (Take("*") || (SkipSpace(), t_.substr(i_, 1) == ")"))) {
    // count(*) and count()
  } else {
    ASSIGN_OR_RETURN(a.arg, Expression());
  }
  if (a.fn == AggFn::kPct) {
    if (!Take(",")) return Error("pct takes a field and a percentile");
    ASSIGN_OR_RETURN(Expr p, Number());
    if (p.number < 0 || p.number > 100) return Error("the percentile is from 0 to 100");
    a.pct = p.number;
  }
  if (!Take(")")) return Error("expected ')'");
  return a;
}

absl::Status Parser::Sort(Query* q) {
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

absl::Status Parser::Dedup(Query* q) {
  after_dedup_ = true;
  do {
    ASSIGN_OR_RETURN(std::string field, Name());
    q->dedup.push_back(std::move(field));
  } while (Take(","));
  return absl::OkStatus();
}

absl::Status Parser::Limit(Query* q) {
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

absl::StatusOr<Query> ParseQuery(std::string_view text) {
  if (text.size() > kMaxQueryBytes) {
    return absl::InvalidArgumentError("the query is longer than 10,000 characters");
  }
  return Parser(text).Parse();
}

}  // namespace waggle::lang::cw_insights
