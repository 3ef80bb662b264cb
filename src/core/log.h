// Line-oriented logging to stderr: "2026-11-22T10:00:00.123Z INFO message".
// Thread-safe (one write(2) per line). Never call it per event on a hot path.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace waggle::core {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Lines below this level are dropped. Default kInfo; set once at start-up.
void SetLogLevel(LogLevel level);
// Writes one line at `level`.
void LogLine(LogLevel level, std::string_view message);

template <typename... Args>
void LogInfo(fmt::format_string<Args...> f, Args&&... args) {
  LogLine(LogLevel::kInfo, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void LogWarn(fmt::format_string<Args...> f, Args&&... args) {
  LogLine(LogLevel::kWarn, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void LogError(fmt::format_string<Args...> f, Args&&... args) {
  LogLine(LogLevel::kError, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace waggle::core
