// Internal: term patterns (`ERROR "Failed to" -WARN ?a ?b`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace waggle::lang::cw::internal {

// Terms as OR-ed groups: each `?` starts a new group; within a group every
// `required` term must occur and no `excluded` term may occur (substring,
// case-sensitive).
struct TermsPattern {
  struct Group {
    std::vector<std::string> required;
    std::vector<std::string> excluded;
  };
  std::vector<Group> groups;

  bool Matches(std::string_view message) const;
};

// Parses a term pattern (the whole pattern text).
absl::StatusOr<TermsPattern> ParseTerms(std::string_view text);

}  // namespace waggle::lang::cw::internal
