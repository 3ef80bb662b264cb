// Internal: JSON patterns (`{ $.a.b[0] = "x*" && ($.n > 1 || $.f IS TRUE) }`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lang/cw_filter_pattern/condition.h"

namespace waggle::lang::cw::internal {

// A path from the document root: `.name` and `[index]` steps.
struct Selector {
  struct Step {
    bool is_index = false;
    std::string name;
    uint64_t index = 0;
  };
  std::vector<Step> steps;
};

// A node of the boolean tree. kAnd/kOr are n-ary so the tree is only as
// deep as the pattern's parentheses.
struct JsonNode {
  enum class Kind { kAnd, kOr, kCompare, kIsNull, kIsTrue, kIsFalse, kNotExists };
  Kind kind = Kind::kCompare;
  std::vector<JsonNode> children;  // kAnd, kOr
  Selector selector;               // leaves
  Condition condition;             // kCompare
};

struct JsonPattern {
  JsonNode root;
  // True if `message` is a JSON object satisfying the tree.
  bool Matches(std::string_view message) const;
  // The scalar at `selector` (`$.a[0]`) of a matching message, as text.
  std::optional<std::string> Extract(std::string_view message, std::string_view selector) const;
};

// Parses a JSON pattern (the whole pattern text, starting with '{').
absl::StatusOr<JsonPattern> ParseJsonPattern(std::string_view text, ParseContext& context);

// Parses `$.a.b[0]`-style selector text in full (for Extract).
absl::StatusOr<Selector> ParseSelectorText(std::string_view text);

}  // namespace waggle::lang::cw::internal
