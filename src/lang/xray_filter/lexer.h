// Internal: tokens of X-Ray filter expressions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace waggle::lang::xray::internal {

struct Token {
  enum class Kind {
    kWord,        // keyword or dotted name: duration, http.status, AND, CONTAINS, id, account.id
    kAnnotation,  // annotation.KEY or annotation[KEY]; text = KEY
    kString,      // "…" with \" and \\ unescaped; text = content
    kNumber,      // text = as written; number = value
    kOp,          // = != < <= > >= ! && || ( ) { } [ ] , : #[
    kEnd,
  };
  Kind kind = Kind::kEnd;
  std::string text;
  double number = 0;
  size_t offset = 0;
};

// Splits `text` into tokens (the last is kEnd). InvalidArgument names the
// offset of an unterminated string, a stray byte or a malformed annotation.
absl::StatusOr<std::vector<Token>> Tokenize(std::string_view text);

// How a token reads in an error message: 'x', "…" or "the end of the expression".
std::string DescribeToken(const Token& token);

}  // namespace waggle::lang::xray::internal
