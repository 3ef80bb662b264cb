// File: core/trim.h
//
// Trimming views of text: HTTP's optional whitespace (spaces and tabs) and
// any ASCII whitespace. Pure functions.
#pragma once

#include <string_view>

namespace waggle::core {

// True for ' ', '\t', '\n', '\r', '\f' and '\v'.
inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// `s` without leading and trailing spaces and tabs (HTTP's OWS).
inline std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// `s` without leading and trailing ASCII whitespace.
inline std::string_view TrimWhitespace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace waggle::core
