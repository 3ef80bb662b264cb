#include "lang/cw_filter_pattern/delimited.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/status.h"
#include "core/strings.h"

namespace waggle::lang::cw::internal {
namespace {

bool IsNameChar(char c) { return IsWordChar(c) || c == '-'; }
bool IsFieldSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view ParseName(Scanner& s) {
  std::string_view rest = s.Rest();
  size_t n = 0;
  while (n < rest.size() && IsNameChar(rest[n])) ++n;
  s.Advance(n);
  return rest.substr(0, n);
}

// A clause whose column is still a name; resolved once all columns are known.
struct PendingClause {
  std::string name;
  size_t offset = 0;
  Condition condition;
};

class Parser {
 public:
  Parser(Scanner& s, ParseContext& context) : s_(s), context_(context) {}

  absl::StatusOr<DelimitedPattern> Parse() {
    s_.SkipSpace();
    if (!s_.Consume("[")) return s_.Expected("'[' to start a space-delimited pattern");
    s_.SkipSpace();
    if (s_.Peek() == ']') return s_.Expected("at least one field name");
    while (true) {
      RETURN_IF_ERROR(Column());
      s_.SkipSpace();
      if (s_.Consume("]")) break;
      if (!s_.Consume(",")) return s_.Expected("',' or ']' after the field");
      s_.SkipSpace();
    }
    s_.SkipSpace();
    if (!s_.AtEnd()) return s_.Expected("the end of the pattern after ']'");
    return Resolve();
  }

 private:
  absl::Status Column() {
    DelimitedPattern::Column column;
    size_t at = s_.pos();
    if (s_.Consume("...")) {
      if (pattern_.ellipsis >= 0) return s_.ErrorAt(at, "only one '...' is allowed");
      pattern_.ellipsis = static_cast<int>(pattern_.columns.size());
      column.ellipsis = true;
      pattern_.columns.push_back(column);
      return absl::OkStatus();
    }
    if (s_.Peek() == ',' || s_.Peek() == ']') {  // Anonymous column.
      pattern_.columns.push_back(column);
      return absl::OkStatus();
    }
    std::string_view name = ParseName(s_);
    if (name.empty()) return s_.Expected("a field name, '...' or ','");
    column.name = std::string(name);
    pattern_.columns.push_back(column);
    s_.SkipSpace();
    if (std::string_view("=!<>").find(s_.Peek()) == std::string_view::npos || s_.AtEnd()) {
      return absl::OkStatus();
    }
    return Conditions(column.name, at);
  }

  // cond ( ( && | || ) NAME cond )* following a column name.
  absl::Status Conditions(std::string name, size_t name_offset) {
    std::vector<std::vector<PendingClause>> expression(1);
    while (true) {
      auto condition = ParseCondition(s_, ",]&|", context_);
      if (!condition.ok()) return condition.status();
      expression.back().push_back({name, name_offset, std::move(*condition)});
      s_.SkipSpace();
      bool is_or = s_.Consume("||");
      if (!is_or && !s_.Consume("&&")) break;
      if (is_or) expression.emplace_back();
      s_.SkipSpace();
      name_offset = s_.pos();
      name = std::string(ParseName(s_));
      if (name.empty()) return s_.Expected("a field name after && or ||");
      s_.SkipSpace();
    }
    pending_.push_back(std::move(expression));
    return absl::OkStatus();
  }

  absl::StatusOr<DelimitedPattern> Resolve() {
    for (auto& pending_expression : pending_) {
      DelimitedPattern::Expression expression;
      for (auto& group : pending_expression) {
        expression.emplace_back();
        for (auto& clause : group) {
          int column = FindColumn(clause.name);
          if (column < 0) {
            return s_.ErrorAt(
                clause.offset,
                fmt::format("unknown field '{}' (not named in this pattern)", clause.name));
          }
          expression.back().push_back({column, std::move(clause.condition)});
        }
      }
      pattern_.expressions.push_back(std::move(expression));
    }
    return std::move(pattern_);
  }

  int FindColumn(std::string_view name) const {
    for (size_t i = 0; i < pattern_.columns.size(); ++i) {
      if (pattern_.columns[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }

  Scanner& s_;
  ParseContext& context_;
  DelimitedPattern pattern_;
  std::vector<std::vector<std::vector<PendingClause>>> pending_;
};

}  // namespace

std::vector<std::string_view> SplitFields(std::string_view m) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (true) {
    while (i < m.size() && IsFieldSpace(m[i])) ++i;
    if (i >= m.size()) break;
    char close = m[i] == '"' ? '"' : m[i] == '[' ? ']' : '\0';
    if (close != '\0') {
      size_t end = m.find(close, i + 1);
      if (end == std::string_view::npos) end = m.size();
      fields.push_back(m.substr(i + 1, end - i - 1));
      i = end + 1;
      continue;
    }
    size_t end = i;
    while (end < m.size() && !IsFieldSpace(m[end])) ++end;
    fields.push_back(m.substr(i, end - i));
    i = end;
  }
  return fields;
}

bool DelimitedPattern::Fits(size_t n) const {
  return ellipsis < 0 ? n == columns.size() : n + 1 >= columns.size();
}

int DelimitedPattern::FieldOf(int column, size_t n) const {
  if (ellipsis < 0 || column < ellipsis) return column;
  if (column == ellipsis) return -1;
  return static_cast<int>(n - (columns.size() - column));
}

int DelimitedPattern::ColumnOf(size_t field, size_t n) const {
  if (ellipsis < 0 || field < static_cast<size_t>(ellipsis)) return static_cast<int>(field);
  const size_t after = columns.size() - 1 - ellipsis;  // columns after `...`
  if (field + after < n) return -1;
  return static_cast<int>(columns.size() - (n - field));
}

bool DelimitedPattern::Test(const std::vector<std::string_view>& fields) const {
  if (!Fits(fields.size())) return false;
  auto holds = [&](const Clause& clause) {
    int f = FieldOf(clause.column, fields.size());
    return f >= 0 && clause.condition.Test(fields[f], ParseNumberLiteral(fields[f]));
  };
  auto group_holds = [&](const std::vector<Clause>& group) {
    return std::all_of(group.begin(), group.end(), holds);
  };
  return std::all_of(expressions.begin(), expressions.end(), [&](const Expression& expression) {
    return std::any_of(expression.begin(), expression.end(), group_holds);
  });
}

bool DelimitedPattern::Matches(std::string_view message) const {
  return Test(SplitFields(message));
}

std::vector<std::pair<std::string, std::string>> DelimitedPattern::ExtractedValues(
    std::string_view message) const {
  std::vector<std::string_view> fields = SplitFields(message);
  std::vector<std::pair<std::string, std::string>> out;
  if (!Test(fields)) return out;
  for (size_t f = 0; f < fields.size(); ++f) {
    int c = ColumnOf(f, fields.size());
    std::string key =
        c >= 0 && !columns[c].name.empty() ? "$" + columns[c].name : fmt::format("${}", f + 1);
    out.emplace_back(std::move(key), std::string(fields[f]));
  }
  return out;
}

std::optional<std::string> DelimitedPattern::Extract(std::string_view message,
                                                     std::string_view selector) const {
  if (selector.size() < 2 || selector[0] != '$') return std::nullopt;
  std::string_view key = selector.substr(1);
  std::vector<std::string_view> fields = SplitFields(message);
  if (!Test(fields)) return std::nullopt;
  for (size_t f = 0; f < fields.size(); ++f) {
    int c = ColumnOf(f, fields.size());
    if (c >= 0 && !columns[c].name.empty() && columns[c].name == key) {
      return std::string(fields[f]);
    }
  }
  size_t position = 0;
  if (core::ParseNumber(key, &position) && position >= 1 && position <= fields.size()) {
    return std::string(fields[position - 1]);
  }
  return std::nullopt;
}

absl::StatusOr<DelimitedPattern> ParseDelimited(std::string_view text, ParseContext& context) {
  Scanner s(text);
  return Parser(s, context).Parse();
}

}  // namespace waggle::lang::cw::internal
