#include "api/cloudwatch/tokens.h"

#include <fmt/format.h>

#include "api/cloudwatch/call.h"
#include "core/strings.h"

namespace waggle::api::cloudwatch {
namespace {

constexpr size_t kTimestampDigits = 20;
constexpr size_t kSequenceDigits = 36;
constexpr size_t kIdDigits = kTimestampDigits + kSequenceDigits;
// Names are at most 512 bytes; their hex at most twice that.
constexpr size_t kMaxHexName = 1024;

absl::Status BadToken() { return absl::InvalidArgumentError(std::string(kBadNextToken)); }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Parses a decimal that may have leading zeros into a non-negative int64.
bool ParseDigits(std::string_view s, int64_t* out) {
  while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);
  return AllDigits(s) && core::ParseNumber(s, out) && *out >= 0;
}

absl::StatusOr<EventKey> ParseId(std::string_view id) {
  if (id.size() != kIdDigits || !AllDigits(id)) return BadToken();
  EventKey key;
  if (!ParseDigits(id.substr(0, kTimestampDigits), &key.timestamp_ms) ||
      !ParseDigits(id.substr(kTimestampDigits), &key.sequence)) {
    return BadToken();
  }
  return key;
}

std::string Hex(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) fmt::format_to(std::back_inserter(out), "{:02x}", c);
  return out;
}

absl::StatusOr<std::string> Unhex(std::string_view hex) {
  if (hex.size() % 2 != 0 || hex.size() > kMaxHexName) return BadToken();
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    uint8_t byte = 0;
    if (!core::ParseNumber(hex.substr(i, 2), &byte, 16)) return BadToken();
    out.push_back(static_cast<char>(byte));
  }
  return out;
}

}  // namespace

std::string EventId(const EventKey& key) {
  return fmt::format("{:020d}{:036d}", key.timestamp_ms, key.sequence);
}

std::string EncodeStreamToken(const StreamToken& token) {
  return fmt::format("{}/{}", token.direction == Direction::kForward ? 'f' : 'b',
                     EventId(token.key));
}

absl::StatusOr<StreamToken> ParseStreamToken(std::string_view token) {
  if (token.size() < 2 || token[1] != '/' || (token[0] != 'f' && token[0] != 'b')) {
    return BadToken();
  }
  StreamToken out;
  out.direction = token[0] == 'f' ? Direction::kForward : Direction::kBackward;
  ASSIGN_OR_RETURN(out.key, ParseId(token.substr(2)));
  return out;
}

std::string EncodeFilterToken(const EventKey& key) { return "n/" + EventId(key); }

absl::StatusOr<EventKey> ParseFilterToken(std::string_view token) {
  if (token.substr(0, 2) != "n/") return BadToken();
  return ParseId(token.substr(2));
}

std::string EncodeGroupToken(std::string_view name) { return "g/" + Hex(name); }

absl::StatusOr<std::string> ParseGroupToken(std::string_view token) {
  if (token.substr(0, 2) != "g/" || token.size() == 2) return BadToken();
  return Unhex(token.substr(2));
}

std::string EncodeMetricFilterToken(std::string_view group, std::string_view name) {
  return fmt::format("m/{}/{}", Hex(group), Hex(name));
}

absl::StatusOr<std::pair<std::string, std::string>> ParseMetricFilterToken(std::string_view token) {
  if (token.substr(0, 2) != "m/") return BadToken();
  std::string_view rest = token.substr(2);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size()) return BadToken();
  ASSIGN_OR_RETURN(std::string group, Unhex(rest.substr(0, slash)));
  ASSIGN_OR_RETURN(std::string name, Unhex(rest.substr(slash + 1)));
  return std::make_pair(std::move(group), std::move(name));
}

std::string EncodeStreamListToken(int64_t key, std::string_view name) {
  return fmt::format("s/{}/{}", key, Hex(name));
}

absl::StatusOr<std::pair<int64_t, std::string>> ParseStreamListToken(std::string_view token) {
  if (token.substr(0, 2) != "s/") return BadToken();
  std::string_view rest = token.substr(2);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 == rest.size()) return BadToken();
  std::pair<int64_t, std::string> out;
  if (!core::ParseNumber(rest.substr(0, slash), &out.first)) return BadToken();
  ASSIGN_OR_RETURN(out.second, Unhex(rest.substr(slash + 1)));
  return out;
}

}  // namespace waggle::api::cloudwatch
