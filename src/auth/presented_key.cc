#include "auth/presented_key.h"

namespace waggle::auth {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

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
  std::string_view team = Trim(honeycomb_team_header);
  if (!team.empty()) return team;
  std::string_view auth = Trim(authorization_header);
  constexpr std::string_view kBearer = "bearer";
  if (auth.size() <= kBearer.size() || !StartsWithIgnoreCase(auth, kBearer) ||
      !IsSpace(auth[kBearer.size()])) {
    return {};
  }
  return Trim(auth.substr(kBearer.size()));
}

}  // namespace waggle::auth
