// Internal: one comparison `OP value` as used by JSON and space-delimited
// patterns, and the regex helper shared with standalone `%regex%` patterns.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "lang/cw_filter_pattern/scanner.h"
#include "re2/re2.h"

namespace waggle::lang::cw::internal {

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

// A string value with CloudWatch's `*` wildcards: a leading and/or trailing
// `*` makes a suffix/prefix/contains match; `*` elsewhere is literal.
struct Glob {
  enum class Mode { kExact, kPrefix, kSuffix, kContains };
  Mode mode = Mode::kExact;
  std::string text;  // Without the wildcard stars.

  static Glob FromPattern(std::string_view pattern);
  bool Matches(std::string_view s) const;
};

// The right-hand side of a comparison.
struct Operand {
  enum class Kind { kNumber, kString, kRegex };
  Kind kind = Kind::kString;
  double number = 0;
  Glob glob;
  std::unique_ptr<RE2> regex;  // Kind::kRegex; immutable and thread-safe after compile.
};

struct Condition {
  CompareOp op = CompareOp::kEq;
  Operand operand;

  // Compares a scalar rendered as text (a JSON string's content, a number's
  // text, a delimited field). `numeric` is the value when the scalar is (or
  // parses as) a number. `!=` is the negation of `=`.
  bool Test(std::string_view text, std::optional<double> numeric) const;
};

// Counts regexes across one pattern so the quota can be enforced.
struct ParseContext {
  int regex_count = 0;
};

// Parses `OP value` at the cursor. A bare value ends at whitespace or at any
// byte in `stop` (e.g. ")&|}" for JSON, ",]&|" for delimited patterns).
absl::StatusOr<Condition> ParseCondition(Scanner& scanner, std::string_view stop,
                                         ParseContext& context);

// Parses `%regex%` at the cursor and compiles it (validating the CloudWatch
// regex subset and the per-pattern quota).
absl::StatusOr<std::unique_ptr<RE2>> ParseRegex(Scanner& scanner, ParseContext& context);

// Parses all of `s` as a CloudWatch number literal (sign, decimals, exponent).
std::optional<double> ParseNumberLiteral(std::string_view s);

}  // namespace waggle::lang::cw::internal
