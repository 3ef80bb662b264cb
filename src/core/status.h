// Errors are values: every fallible function returns absl::Status or
// absl::StatusOr<T>. These macros keep the early returns short.
#pragma once

#include <fmt/format.h>

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace waggle::core {

// Debian's Abseil has its own string_view type (not std::string_view);
// these bridge the two without copying.
inline std::string_view ToStd(absl::string_view s) { return {s.data(), s.size()}; }
inline absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace waggle::core

// Lets fmt format absl::string_view, e.g. a Status's message().
template <>
struct fmt::formatter<absl::string_view> : fmt::formatter<std::string_view> {
  template <typename Context>
  auto format(absl::string_view s, Context& ctx) const {
    return fmt::formatter<std::string_view>::format(std::string_view(s.data(), s.size()), ctx);
  }
};

#define WAGGLE_CONCAT_INNER(a, b) a##b
#define WAGGLE_CONCAT(a, b) WAGGLE_CONCAT_INNER(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    ::absl::Status waggle_status_ = (expr);          \
    if (!waggle_status_.ok()) return waggle_status_; \
  } while (0)

#define WAGGLE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).status();     \
  lhs = std::move(tmp).value()

// `ASSIGN_OR_RETURN(auto x, F())` declares x from F()'s value or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  WAGGLE_ASSIGN_OR_RETURN_IMPL(WAGGLE_CONCAT(waggle_statusor_, __LINE__), lhs, expr)
