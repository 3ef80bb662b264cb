#include "lang/cw_filter_pattern/terms.h"

#include "lang/cw_filter_pattern/scanner.h"

namespace waggle::lang::cw::internal {
namespace {

// A bare term: a run of bytes up to whitespace or a quote. (The documented
// alphabet is [A-Za-z0-9_]; other bytes are accepted too, as users write
// `user@example.com` or `ERROR:` without quotes.)
std::string_view BareTerm(Scanner& s) {
  std::string_view rest = s.Rest();
  size_t n = 0;
  while (n < rest.size() && !IsSpace(rest[n]) && rest[n] != '"') ++n;
  s.Advance(n);
  return rest.substr(0, n);
}

}  // namespace

bool TermsPattern::Matches(std::string_view message) const {
  for (const Group& g : groups) {
    bool ok = true;
    for (const std::string& t : g.required) {
      if (message.find(t) == std::string_view::npos) {
        ok = false;
        break;
      }
    }
    for (size_t i = 0; ok && i < g.excluded.size(); ++i) {
      if (message.find(g.excluded[i]) != std::string_view::npos) ok = false;
    }
    if (ok) return true;
  }
  return false;
}

absl::StatusOr<TermsPattern> ParseTerms(std::string_view text) {
  TermsPattern pattern;
  Scanner s(text);
  s.SkipSpace();
  while (!s.AtEnd()) {
    bool new_group = s.Consume("?");
    bool exclude = !new_group && s.Consume("-");
    if (new_group || pattern.groups.empty()) pattern.groups.emplace_back();
    std::string term;
    if (s.Peek() == '"') {
      auto quoted = s.QuotedString();
      if (!quoted.ok()) return quoted.status();
      term = std::move(*quoted);
    } else {
      term = std::string(BareTerm(s));
      if (term.empty()) {
        return s.Expected(new_group ? "a term after '?'" : exclude ? "a term after '-'" : "a term");
      }
    }
    (exclude ? pattern.groups.back().excluded : pattern.groups.back().required)
        .push_back(std::move(term));
    if (!s.AtEnd() && !IsSpace(s.Peek())) return s.Expected("whitespace between terms");
    s.SkipSpace();
  }
  return pattern;
}

}  // namespace waggle::lang::cw::internal
