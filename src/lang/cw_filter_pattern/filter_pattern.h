// File: CloudWatch Logs filter patterns (FilterLogEvents, metric and
// subscription filters, Live Tail, TestMetricFilter).
//
// A pattern is parsed once into an immutable tree and then matched against
// log event messages. The four pattern kinds are chosen by the first
// non-blank character (spec: /work/shared/specs/cloudwatch-logs.md §6):
//   ""  or `""`                      matches every event
//   ERROR "Failed to" -WARN ?a ?b     terms: case-sensitive substrings, AND, `-` excludes,
//                                     `?` starts an OR group
//   { $.level = "ERROR" && $.ms > 100 }   JSON: the message must be a JSON object
//   [ip, user, ..., status = 5*, bytes > 1000]   space-delimited fields
//   %ERR[0-9]+%                       RE2 regex, unanchored search
//
// Example:
//   ASSIGN_OR_RETURN(cw::FilterPattern p, cw::FilterPattern::Parse(request.filter_pattern));
//   for (const auto& e : events) if (p.Matches(e.message)) ...
//
// Regexes are RE2 (linear time); patterns are bounded to kMaxPatternBytes and
// kMaxNestingDepth, messages are matched without recursion on their content.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace waggle::lang::cw {

// Longest accepted pattern, in bytes (the AWS API limit).
inline constexpr size_t kMaxPatternBytes = 1024;
// Deepest accepted parenthesis nesting in a JSON pattern.
inline constexpr int kMaxNestingDepth = 16;
// Regexes allowed in one pattern (AWS quota).
inline constexpr int kMaxRegexes = 2;

// Which of the pattern kinds a parsed pattern is.
enum class PatternKind { kMatchAll, kTerms, kJson, kDelimited, kRegex };

// A parsed filter pattern. A cheap-to-copy immutable value (the tree is
// shared between copies); every const method may be called from any thread
// concurrently.
class FilterPattern {
 public:
  // The empty pattern: matches every message.
  FilterPattern();

  // Parses a CloudWatch Logs filter pattern (0..kMaxPatternBytes bytes).
  // Returns InvalidArgument with a message naming the byte offset and what
  // was expected (e.g. "at offset 12: expected an operator after $.level");
  // the caller answers InvalidParameterException "Invalid filter pattern" + detail.
  static absl::StatusOr<FilterPattern> Parse(std::string_view pattern);

  // True if the log event `message` matches. Never fails: a message that is
  // not JSON simply does not match a JSON pattern.
  bool Matches(std::string_view message) const;

  // For metric filter values/dimensions: if `message` matches, the value the
  // `selector` extracts from it; nullopt if it does not match or the selector
  // finds nothing. Selectors: `$.a.b[0]` (JSON patterns; strings unquoted,
  // numbers in shortest decimal form, true/false/null as words; nullopt for
  // objects and arrays) or `$name` / `$3`
  // (space-delimited patterns: a named column or a 1-based field position).
  std::optional<std::string> Extract(std::string_view message, std::string_view selector) const;

  // For TestMetricFilter's extractedValues: for a space-delimited pattern
  // that matches `message`, every bound field as ("$name" or "$N", value) in
  // field order (named columns by name, others by 1-based position). Empty
  // for other pattern kinds or when the message does not match.
  std::vector<std::pair<std::string, std::string>> ExtractedValues(std::string_view message) const;

  // The kind of this pattern.
  PatternKind kind() const;

  // The pattern text as given to Parse.
  const std::string& text() const;

  struct Impl;  // Defined in filter_pattern.cc.

 private:
  explicit FilterPattern(std::shared_ptr<const Impl> impl);
  // Shared so copies are cheap; the tree is immutable after Parse.
  std::shared_ptr<const Impl> impl_;
};

}  // namespace waggle::lang::cw
