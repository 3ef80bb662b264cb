#include "lang/xray_filter/lexer.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "core/strings.h"

namespace waggle::lang::xray::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsWordChar(char c) { return IsWordStart(c) || IsDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

absl::Status ErrorAt(size_t at, std::string_view message) {
  return absl::InvalidArgumentError(fmt::format("at offset {}: {}", at, message));
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : t_(text) {}

  absl::StatusOr<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      while (i_ < t_.size() && IsSpace(t_[i_])) ++i_;
      Token tok;
      tok.offset = i_;
      if (i_ >= t_.size()) {
        out.push_back(tok);
        return out;
      }
      absl::Status status = Next(tok);
      if (!status.ok()) return status;
      out.push_back(std::move(tok));
    }
  }

 private:
  absl::Status Next(Token& tok) {
    char c = t_[i_];
    if (c == '"') return String(tok);
    if (IsDigit(c) ||
        (c == '-' && i_ + 1 < t_.size() && (IsDigit(t_[i_ + 1]) || t_[i_ + 1] == '.')) ||
        (c == '.' && i_ + 1 < t_.size() && IsDigit(t_[i_ + 1]))) {
      return Number(tok);
    }
    if (IsWordStart(c)) return Word(tok);
    for (std::string_view op : {"!=", "<=", ">=", "&&", "||", "#["}) {
      if (t_.substr(i_, 2) == op) {
        tok.kind = Token::Kind::kOp;
        tok.text = std::string(op);
        i_ += 2;
        return absl::OkStatus();
      }
    }
    if (std::string_view("=<>!(){}[],:").find(c) != std::string_view::npos) {
      tok.kind = Token::Kind::kOp;
      tok.text = std::string(1, c);
      ++i_;
      return absl::OkStatus();
    }
    unsigned char u = static_cast<unsigned char>(c);
    return ErrorAt(i_, u < 0x20 || u >= 0x7f ? fmt::format("unexpected byte 0x{:02x}", u)
                                             : fmt::format("unexpected character '{}'", c));
  }

  absl::Status String(Token& tok) {
    size_t start = i_++;
    tok.kind = Token::Kind::kString;
    while (i_ < t_.size()) {
      char c = t_[i_++];
      if (c == '"') return absl::OkStatus();
      if (c == '\\' && i_ < t_.size() && (t_[i_] == '"' || t_[i_] == '\\')) c = t_[i_++];
      tok.text += c;
    }
    return ErrorAt(start, "unterminated string (missing closing '\"')");
  }

  absl::Status Number(Token& tok) {
    size_t start = i_;
    if (t_[i_] == '-') ++i_;
    while (i_ < t_.size() && (IsDigit(t_[i_]) || t_[i_] == '.')) ++i_;
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      size_t j = i_ + 1;
      if (j < t_.size() && (t_[j] == '+' || t_[j] == '-')) ++j;
      if (j < t_.size() && IsDigit(t_[j])) {
        i_ = j;
        while (i_ < t_.size() && IsDigit(t_[i_])) ++i_;
      }
    }
    tok.kind = Token::Kind::kNumber;
    tok.text = std::string(t_.substr(start, i_ - start));
    auto [ptr, ec] =
        std::from_chars(tok.text.data(), tok.text.data() + tok.text.size(), tok.number);
    if (ec != std::errc() || ptr != tok.text.data() + tok.text.size() ||
        !std::isfinite(tok.number) || (i_ < t_.size() && IsWordChar(t_[i_]))) {
      return ErrorAt(start, "malformed number");
    }
    return absl::OkStatus();
  }

  absl::Status Word(Token& tok) {
    size_t start = i_;
    while (i_ < t_.size() && (IsWordChar(t_[i_]) ||
                              (t_[i_] == '.' && i_ + 1 < t_.size() && IsWordChar(t_[i_ + 1])))) {
      ++i_;
    }
    tok.kind = Token::Kind::kWord;
    tok.text = std::string(t_.substr(start, i_ - start));
    const std::string lower = core::AsciiLower(std::string_view(tok.text).substr(0, 11));
    if (lower == "annotation." && tok.text.size() > 11) {
      tok.kind = Token::Kind::kAnnotation;
      tok.text = tok.text.substr(11);
    } else if (lower == "annotation" && tok.text.size() == 10 && i_ < t_.size() && t_[i_] == '[') {
      return BracketAnnotation(tok);
    }
    return absl::OkStatus();
  }

  // annotation[KEY] (KEY may be quoted).
  absl::Status BracketAnnotation(Token& tok) {
    size_t open = i_++;
    tok.kind = Token::Kind::kAnnotation;
    tok.text.clear();
    if (i_ < t_.size() && t_[i_] == '"') {
      Token quoted;
      absl::Status status = String(quoted);
      if (!status.ok()) return status;
      tok.text = std::move(quoted.text);
    } else {
      while (i_ < t_.size() && IsWordChar(t_[i_])) tok.text += t_[i_++];
    }
    if (tok.text.empty())
      return ErrorAt(open + 1, "expected an annotation key after 'annotation['");
    if (i_ >= t_.size() || t_[i_] != ']') {
      return ErrorAt(i_, "expected ']' after the annotation key");
    }
    ++i_;
    return absl::OkStatus();
  }

  std::string_view t_;
  size_t i_ = 0;
};

}  // namespace

absl::StatusOr<std::vector<Token>> Tokenize(std::string_view text) { return Lexer(text).Run(); }

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case Token::Kind::kEnd:
      return "the end of the expression";
    case Token::Kind::kString:
      return fmt::format("the string \"{}\"", token.text.substr(0, 32));
    case Token::Kind::kAnnotation:
      return fmt::format("'annotation.{}'", token.text.substr(0, 32));
    default:
      return fmt::format("'{}'", token.text.substr(0, 32));
  }
}

}  // namespace waggle::lang::xray::internal
