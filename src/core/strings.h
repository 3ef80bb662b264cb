// String helpers over std::string_view. (Debian's Abseil is built with its
// own string_view type, so its string utilities do not take ours.)
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace waggle::core {

// Splits `s` at every `sep`; empty pieces are dropped when `skip_empty`.
inline std::vector<std::string_view> Split(std::string_view s, char sep, bool skip_empty = false) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    std::string_view piece = s.substr(start, end == std::string_view::npos ? s.npos : end - start);
    if (!skip_empty || !piece.empty()) out.push_back(piece);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Parses all of `s` as a number (integer types in `base`, or double);
// false on any stray character, overflow or empty input.
template <typename T>
bool ParseNumber(std::string_view s, T* out, int base = 10) {
  if (s.empty()) return false;
  std::from_chars_result r;
  if constexpr (std::is_floating_point_v<T>) {
    r = std::from_chars(s.data(), s.data() + s.size(), *out);
  } else {
    r = std::from_chars(s.data(), s.data() + s.size(), *out, base);
  }
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Joins `parts` with `sep` between them.
inline std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

}  // namespace waggle::core
