#include "lang/cw_filter_pattern/filter_pattern.h"

#include <fmt/format.h>

#include <variant>

#include "core/trim.h"
#include "lang/cw_filter_pattern/condition.h"
#include "lang/cw_filter_pattern/delimited.h"
#include "lang/cw_filter_pattern/json_pattern.h"
#include "lang/cw_filter_pattern/scanner.h"
#include "lang/cw_filter_pattern/terms.h"

namespace waggle::lang::cw {

struct RegexPattern {
  std::unique_ptr<RE2> re;
};

struct FilterPattern::Impl {
  std::string text;
  PatternKind kind = PatternKind::kMatchAll;
  std::variant<std::monostate, internal::TermsPattern, internal::JsonPattern,
               internal::DelimitedPattern, RegexPattern>
      body;
};

namespace {

absl::StatusOr<RegexPattern> ParseStandaloneRegex(std::string_view text,
                                                  internal::ParseContext& context) {
  internal::Scanner s(text);
  s.SkipSpace();
  auto re = internal::ParseRegex(s, context);
  if (!re.ok()) return re.status();
  s.SkipSpace();
  if (!s.AtEnd()) return s.Expected("the end of the pattern after the closing '%'");
  return RegexPattern{std::move(*re)};
}

// Parses `text` (already length-checked) into `impl`'s kind and body.
absl::Status ParseBody(std::string_view text, FilterPattern::Impl& impl) {
  std::string_view trimmed = core::TrimWhitespace(text);
  internal::ParseContext context;
  if (trimmed.empty() || trimmed == "\"\"") {
    impl.kind = PatternKind::kMatchAll;
    return absl::OkStatus();
  }
  switch (trimmed.front()) {
    case '{': {
      auto json = internal::ParseJsonPattern(text, context);
      if (!json.ok()) return json.status();
      impl.kind = PatternKind::kJson;
      impl.body = std::move(*json);
      return absl::OkStatus();
    }
    case '[': {
      auto delimited = internal::ParseDelimited(text, context);
      if (!delimited.ok()) return delimited.status();
      impl.kind = PatternKind::kDelimited;
      impl.body = std::move(*delimited);
      return absl::OkStatus();
    }
    case '%': {
      auto regex = ParseStandaloneRegex(text, context);
      if (!regex.ok()) return regex.status();
      impl.kind = PatternKind::kRegex;
      impl.body = std::move(*regex);
      return absl::OkStatus();
    }
    default: {
      auto terms = internal::ParseTerms(text);
      if (!terms.ok()) return terms.status();
      impl.kind = PatternKind::kTerms;
      impl.body = std::move(*terms);
      return absl::OkStatus();
    }
  }
}

}  // namespace

FilterPattern::FilterPattern() : impl_(std::make_shared<const Impl>()) {}

FilterPattern::FilterPattern(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

absl::StatusOr<FilterPattern> FilterPattern::Parse(std::string_view pattern) {
  if (pattern.size() > kMaxPatternBytes) {
    return absl::InvalidArgumentError(fmt::format(
        "the pattern is {} bytes long; at most {} are allowed", pattern.size(), kMaxPatternBytes));
  }
  auto impl = std::make_shared<Impl>();
  impl->text = std::string(pattern);
  absl::Status status = ParseBody(pattern, *impl);
  if (!status.ok()) return status;
  return FilterPattern(std::move(impl));
}

bool FilterPattern::Matches(std::string_view message) const {
  const Impl& impl = *impl_;
  switch (impl.kind) {
    case PatternKind::kMatchAll:
      return true;
    case PatternKind::kTerms:
      return std::get<internal::TermsPattern>(impl.body).Matches(message);
    case PatternKind::kJson:
      return std::get<internal::JsonPattern>(impl.body).Matches(message);
    case PatternKind::kDelimited:
      return std::get<internal::DelimitedPattern>(impl.body).Matches(message);
    case PatternKind::kRegex:
      return RE2::PartialMatch(re2::StringPiece(message.data(), message.size()),
                               *std::get<RegexPattern>(impl.body).re);
  }
  return false;
}

std::optional<std::string> FilterPattern::Extract(std::string_view message,
                                                  std::string_view selector) const {
  const Impl& impl = *impl_;
  if (impl.kind == PatternKind::kJson) {
    return std::get<internal::JsonPattern>(impl.body).Extract(message, selector);
  }
  if (impl.kind == PatternKind::kDelimited) {
    return std::get<internal::DelimitedPattern>(impl.body).Extract(message, selector);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> FilterPattern::ExtractedValues(
    std::string_view message) const {
  if (impl_->kind != PatternKind::kDelimited) return {};
  return std::get<internal::DelimitedPattern>(impl_->body).ExtractedValues(message);
}

PatternKind FilterPattern::kind() const { return impl_->kind; }

const std::string& FilterPattern::text() const { return impl_->text; }

}  // namespace waggle::lang::cw
