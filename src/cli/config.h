// Server configuration, resolved from three sources in order of precedence:
// command-line flags, then WAGGLE_* environment variables, then the TOML
// file (--config FILE, else DATA/waggle.toml if present). docs/configuration.md
// lists every setting.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/status.h"

namespace waggle::cli {

struct ServeConfig {
  std::string data_dir = "./data";
  std::string listen = "127.0.0.1";
  int http_port = 8080;
  int otlp_http_port = 4318;
  int otlp_grpc_port = 4317;
  int xray_port = 2000;
  uint64_t max_body_bytes = 20 << 20;
  int64_t retention_ns = 0;
  std::map<std::string, int64_t> dataset_retention_ns;
  uint64_t head_flush_bytes = 128 << 20;
  int64_t head_flush_age_ns = 30'000'000'000;
  uint64_t column_cache_bytes = 512 << 20;
  // Rollbar item POSTs accepted per access token per minute (429 beyond).
  uint64_t rollbar_rate_limit = 5000;
  std::string log_level = "info";
};

// Values given on the command line; unset ones fall through to env/file.
struct ServeFlags {
  std::optional<std::string> data_dir, config_file, listen, retention, log_level;
  std::optional<int> http_port, otlp_http_port, otlp_grpc_port, xray_port;
  std::optional<uint64_t> max_body_bytes, column_cache_bytes, rollbar_rate_limit;
  // Run the demo workload against this server (not a configuration setting).
  bool demo = false;
};

// Resolves the configuration; InvalidArgument naming the bad setting.
absl::StatusOr<ServeConfig> ResolveConfig(const ServeFlags& flags);
// Parses durations such as "7d", "12h", "30m", "45s" (0 = forever).
absl::StatusOr<int64_t> ParseDuration(std::string_view text);
// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopback(std::string_view address);

}  // namespace waggle::cli
