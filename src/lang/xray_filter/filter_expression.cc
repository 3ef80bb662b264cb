#include "lang/xray_filter/filter_expression.h"

#include "lang/xray_filter/ast.h"

namespace waggle::lang::xray {

FilterExpression::FilterExpression() = default;

FilterExpression::FilterExpression(std::string text, std::shared_ptr<const Node> root)
    : text_(std::move(text)), root_(std::move(root)) {}

absl::StatusOr<FilterExpression> FilterExpression::Parse(std::string_view text,
                                                         const ParseOptions& options) {
  int group_budget = internal::kMaxGroupReferences;
  auto root = internal::ParseTree(text, options, 0, &group_budget);
  if (!root.ok()) return root.status();
  return FilterExpression(std::string(text), std::move(*root));
}

bool FilterExpression::Matches(const TraceFacts& trace) const {
  return root_ == nullptr || internal::Evaluate(*root_, trace);
}

const std::string& FilterExpression::text() const { return text_; }

}  // namespace waggle::lang::xray
