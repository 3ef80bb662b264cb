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
  // For each message field, the column it binds to (-1: absorbed by `...`);
  // nullopt if the field count cannot fit the columns.
  std::optional<std::vector<int>> Bind(const std::vector<std::string_view>& fields) const;
  bool Test(const std::vector<std::string_view>& fields,
            const std::optional<std::vector<int>>& binding) const;
};

// Splits a message on spaces; `"…"` and `[…]` are single fields without
// their delimiters.
std::vector<std::string_view> SplitFields(std::string_view message);

// Parses a space-delimited pattern (the whole pattern text, starting with '[').
absl::StatusOr<DelimitedPattern> ParseDelimited(std::string_view text, ParseContext& context);

}  // namespace waggle::lang::cw::internal
