// Internal: space-delimited patterns (`[ip, user, ..., status = 4* && status != 403, bytes >
// 1000]`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "lang/cw_filter_pattern/condition.h"

namespace waggle::lang::cw::internal {

struct DelimitedPattern {
  struct Column {
    std::string name;  // Empty for an anonymous column (`[a,,b]` or a trailing comma).
    bool ellipsis = false;
  };
  // One condition on the field bound to `column` (an index into columns).
  struct Clause {
    int column = 0;
    Condition condition;
  };
  // An OR of AND-groups of clauses, written on one column (`a = 4* && a != 403 || a = 500`).
  using Expression = std::vector<std::vector<Clause>>;

  std::vector<Column> columns;
  std::vector<Expression> expressions;  // All must hold.
  int ellipsis = -1;                    // Index of the `...` column, or -1.

  bool Matches(std::string_view message) const;
  // `$name` (named column) or `$N` (1-based field position) of a matching message.
  std::optional<std::string> Extract(std::string_view message, std::string_view selector) const;
  // Every field of a matching message as ("$name" | "$N", value), in field order.
  std::vector<std::pair<std::string, std::string>> ExtractedValues(std::string_view message) const;

 private:
  // Fields bind to columns positionally: those before `...` from the
  // front, those after it from the back, and `...` absorbs the rest (zero
  // or more). True if a message of `n` fields can bind.
  bool Fits(size_t n) const;
  // For a message of `n` fields that Fits: the field bound to `column` (-1
  // for the `...` column), and the column bound to `field` (-1 when `...`
  // absorbs it).
  int FieldOf(int column, size_t n) const;
  int ColumnOf(size_t field, size_t n) const;
  // True if `fields` bind and satisfy every expression.
  bool Test(const std::vector<std::string_view>& fields) const;
};

// Splits a message on spaces; `"…"` and `[…]` are single fields without
// their delimiters.
std::vector<std::string_view> SplitFields(std::string_view message);

// Parses a space-delimited pattern (the whole pattern text, starting with '[').
absl::StatusOr<DelimitedPattern> ParseDelimited(std::string_view text, ParseContext& context);

}  // namespace waggle::lang::cw::internal
