#include "lang/cw_filter_pattern/scanner.h"

#include <fmt/format.h>

namespace waggle::lang::cw::internal {
namespace {

// A short, printable description of the text at `rest` for error messages.
std::string Describe(std::string_view rest) {
  if (rest.empty()) return "the end of the pattern";
  std::string shown;
  for (char c : rest.substr(0, 16)) {
    unsigned char u = static_cast<unsigned char>(c);
    shown += (u < 0x20 || u >= 0x7f) ? '?' : c;
  }
  return fmt::format("'{}{}'", shown, rest.size() > 16 ? "..." : "");
}

}  // namespace

void Scanner::SkipSpace() {
  while (!AtEnd() && IsSpace(text_[pos_])) ++pos_;
}

bool Scanner::Consume(std::string_view token) {
  if (Rest().substr(0, token.size()) != token) return false;
  pos_ += token.size();
  return true;
}

bool Scanner::ConsumeKeyword(std::string_view word) {
  std::string_view rest = Rest();
  if (rest.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char a = rest[i], b = word[i];
    if (a >= 'a' && a <= 'z') a = static_cast<char>(a - 'a' + 'A');
    if (a != b) return false;
  }
  if (rest.size() > word.size() && IsWordChar(rest[word.size()])) return false;
  pos_ += word.size();
  return true;
}

absl::Status Scanner::Expected(std::string_view expected) const {
  return absl::InvalidArgumentError(
      fmt::format("at offset {}: expected {}, found {}", pos_, expected, Describe(Rest())));
}

absl::Status Scanner::ErrorAt(size_t at, std::string_view message) const {
  return absl::InvalidArgumentError(fmt::format("at offset {}: {}", at, message));
}

absl::StatusOr<std::string> Scanner::QuotedString() {
  size_t start = pos_;
  if (!Consume("\"")) return Expected("'\"'");
  std::string out;
  while (!AtEnd()) {
    char c = text_[pos_++];
    if (c == '"') return out;
    if (c == '\\' && (Peek() == '"' || Peek() == '\\')) c = text_[pos_++];
    out += c;
  }
  return ErrorAt(start, "unterminated quoted string (missing closing '\"')");
}

}  // namespace waggle::lang::cw::internal
