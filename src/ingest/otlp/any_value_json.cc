#include "ingest/otlp/any_value_json.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

#include "core/json_writer.h"

namespace waggle::ingest::otlp {
namespace {

// Value of one base64 digit (either alphabet), or -1.
int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

}  // namespace

std::optional<std::string> DecodeBase64(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int d = Base64Digit(c);
    if (d < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string_view TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  // Back off over continuation bytes (10xxxxxx) so the cut falls before the
  // lead byte of the sequence it would split; at most 3 steps for UTF-8.
  for (int i = 0; i < 3 && cut > 0 && (static_cast<uint8_t>(s[cut]) & 0xC0) == 0x80; ++i) --cut;
  return s.substr(0, cut);
}

}  // namespace waggle::ingest::otlp
