#include "auth/presented_key.h"

#include "core/trim.h"

namespace waggle::auth {
namespace {

bool StartsWithIgnoreCase(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view PresentedKey(std::string_view honeycomb_team_header,
                              std::string_view authorization_header) {
  std::string_view team = core::TrimWhitespace(honeycomb_team_header);
  if (!team.empty()) return team;
  std::string_view auth = core::TrimWhitespace(authorization_header);
  constexpr std::string_view kBearer = "bearer";
  if (auth.size() <= kBearer.size() || !StartsWithIgnoreCase(auth, kBearer) ||
      !core::IsAsciiSpace(auth[kBearer.size()])) {
    return {};
  }
  return core::TrimWhitespace(auth.substr(kBearer.size()));
}

}  // namespace waggle::auth
