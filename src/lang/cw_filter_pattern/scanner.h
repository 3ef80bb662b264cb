// Internal: a cursor over pattern text shared by the pattern parsers, with
// error messages that point at a byte offset and say what was expected.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace waggle::lang::cw::internal {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  size_t pos() const { return pos_; }
  bool AtEnd() const { return pos_ >= text_.size(); }
  // The byte `ahead` positions past the cursor, or '\0' past the end.
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  std::string_view Rest() const { return text_.substr(pos_); }
  void Advance(size_t n) { pos_ = pos_ + n < text_.size() ? pos_ + n : text_.size(); }
  // Skips spaces, tabs, CR and LF.
  void SkipSpace();
  // Consumes `token` if the text at the cursor starts with it.
  bool Consume(std::string_view token);
  // Consumes `word` case-insensitively if it is followed by a non-word byte.
  bool ConsumeKeyword(std::string_view word);

  // InvalidArgument "at offset N: expected <expected>, found <what is there>".
  absl::Status Expected(std::string_view expected) const;
  // InvalidArgument "at offset <at>: <message>".
  absl::Status ErrorAt(size_t at, std::string_view message) const;

  // Parses a double-quoted string at the cursor (`\"` and `\\` are escapes;
  // other backslashes stay literal) and returns its content.
  absl::StatusOr<std::string> QuotedString();

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// True for [A-Za-z0-9_].
inline bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace waggle::lang::cw::internal
