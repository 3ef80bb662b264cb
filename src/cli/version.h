// The release version printed by `waggle version`.
#pragma once

namespace waggle::cli {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace waggle::cli
