// File: X-Ray filter expressions (groups, GetTraceSummaries FilterExpression,
// GetServiceGraph by group). Spec: /work/shared/specs/xray.md §5.
//
// Example:
//   ASSIGN_OR_RETURN(xray::FilterExpression f,
//                    xray::FilterExpression::Parse("service(\"api\") { fault } AND duration > 2"));
//   if (f.Matches(facts)) ...   // facts: a TraceFacts built from the trace's segments
//
// Keywords and operators are case-insensitive; terms side by side mean AND;
// OR binds weaker than AND. Input is bounded by kMaxExpressionBytes and
// kMaxNestingDepth.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "lang/xray_filter/trace_facts.h"

namespace waggle::lang::xray {

// Longest accepted expression, in bytes.
inline constexpr size_t kMaxExpressionBytes = 2000;
// Deepest accepted nesting of ( ), !, { } and group references.
inline constexpr int kMaxNestingDepth = 32;

struct ParseOptions {
  // Resolves `group.name = "g"` (kind "name") or `group.arn = "…"` (kind
  // "arn") to that group's filter expression, which is parsed in place (an
  // empty expression matches every trace). Returns nullopt for an unknown
  // group (→ InvalidArgument). When unset, group references are rejected.
  std::function<std::optional<std::string>(std::string_view kind, std::string_view value)>
      resolve_group;
};

// A parsed filter expression. A cheap-to-copy immutable value (the tree is
// shared between copies); const methods may be called from any thread.
class FilterExpression {
 public:
  // The empty expression: matches every trace.
  FilterExpression();

  // Parses `text` (0..kMaxExpressionBytes bytes; blank = match all).
  // Returns InvalidArgument with a message naming the offset and what was
  // expected, e.g. "at offset 9: expected a quoted string after CONTAINS";
  // the caller answers InvalidRequestException with it.
  static absl::StatusOr<FilterExpression> Parse(std::string_view text,
                                                const ParseOptions& options = {});

  // True if `trace` satisfies the expression.
  bool Matches(const TraceFacts& trace) const;

  // The expression text as given to Parse.
  const std::string& text() const;

  // True for the empty expression, which every trace satisfies.
  bool matches_all() const { return root_ == nullptr; }

  struct Node;  // Defined in the .cc files.

 private:
  FilterExpression(std::string text, std::shared_ptr<const Node> root);
  std::string text_;
  // Shared so copies are cheap; the tree is immutable after Parse. Null = match all.
  std::shared_ptr<const Node> root_;
};

}  // namespace waggle::lang::xray
