#include "cli/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>

#include "core/file.h"
#include "core/strings.h"

namespace waggle::cli {
namespace {

std::optional<std::string> Env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

absl::Status ParsePort(std::string_view name, std::string_view text, int* out) {
  int v = 0;
  if (!core::ParseNumber(text, &v) || v < 0 || v > 65535) {
    return absl::InvalidArgumentError(
        fmt::format("{} must be a port from 0 to 65535, not '{}'", name, text));
  }
  *out = v;
  return absl::OkStatus();
}

// Applies the TOML file's settings to `c`.
absl::Status ApplyFile(const std::string& path, ServeConfig& c) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    // toml++ reports parse errors by exception; this is its adapter.
    return absl::InvalidArgumentError(fmt::format("{}: {}", path, std::string(e.description())));
  }
  if (auto v = t["data"].value<std::string>()) c.data_dir = *v;
  if (auto v = t["listen"].value<std::string>()) c.listen = *v;
  if (auto v = t["http_port"].value<int64_t>()) c.http_port = static_cast<int>(*v);
  if (auto v = t["otlp_http_port"].value<int64_t>()) c.otlp_http_port = static_cast<int>(*v);
  if (auto v = t["otlp_grpc_port"].value<int64_t>()) c.otlp_grpc_port = static_cast<int>(*v);
  if (auto v = t["xray_port"].value<int64_t>()) c.xray_port = static_cast<int>(*v);
  if (auto v = t["max_body_bytes"].value<int64_t>()) c.max_body_bytes = static_cast<uint64_t>(*v);
  if (auto v = t["column_cache_bytes"].value<int64_t>()) {
    if (*v < 0) return absl::InvalidArgumentError("column_cache_bytes must not be negative");
    c.column_cache_bytes = static_cast<uint64_t>(*v);
  }
  if (auto v = t["rollbar_rate_limit"].value<int64_t>()) {
    if (*v <= 0) return absl::InvalidArgumentError("rollbar_rate_limit must be positive");
    c.rollbar_rate_limit = static_cast<uint64_t>(*v);
  }
  if (auto v = t["log_level"].value<std::string>()) c.log_level = *v;
  if (auto v = t["retention"].value<std::string>()) {
    ASSIGN_OR_RETURN(c.retention_ns, ParseDuration(*v));
  }
  if (const toml::table* per = t["dataset_retention"].as_table()) {
    for (const auto& [name, value] : *per) {
      auto text = value.value<std::string>();
      if (!text)
        return absl::InvalidArgumentError("dataset_retention values are durations like \"3d\"");
      ASSIGN_OR_RETURN(c.dataset_retention_ns[std::string(name.str())], ParseDuration(*text));
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyEnv(ServeConfig& c) {
  if (auto v = Env("WAGGLE_DATA")) c.data_dir = *v;
  if (auto v = Env("WAGGLE_LISTEN")) c.listen = *v;
  if (auto v = Env("WAGGLE_HTTP_PORT"))
    RETURN_IF_ERROR(ParsePort("WAGGLE_HTTP_PORT", *v, &c.http_port));
  if (auto v = Env("WAGGLE_OTLP_HTTP_PORT")) {
    RETURN_IF_ERROR(ParsePort("WAGGLE_OTLP_HTTP_PORT", *v, &c.otlp_http_port));
  }
  if (auto v = Env("WAGGLE_OTLP_GRPC_PORT")) {
    RETURN_IF_ERROR(ParsePort("WAGGLE_OTLP_GRPC_PORT", *v, &c.otlp_grpc_port));
  }
  if (auto v = Env("WAGGLE_XRAY_PORT"))
    RETURN_IF_ERROR(ParsePort("WAGGLE_XRAY_PORT", *v, &c.xray_port));
  if (auto v = Env("WAGGLE_RETENTION")) {
    ASSIGN_OR_RETURN(c.retention_ns, ParseDuration(*v));
  }
  if (auto v = Env("WAGGLE_LOG_LEVEL")) c.log_level = *v;
  if (auto v = Env("WAGGLE_MAX_BODY_BYTES")) {
    if (!core::ParseNumber(*v, &c.max_body_bytes)) {
      return absl::InvalidArgumentError("WAGGLE_MAX_BODY_BYTES must be a number of bytes");
    }
  }
  if (auto v = Env("WAGGLE_COLUMN_CACHE_BYTES")) {
    if (!core::ParseNumber(*v, &c.column_cache_bytes)) {
      return absl::InvalidArgumentError("WAGGLE_COLUMN_CACHE_BYTES must be a number of bytes");
    }
  }
  if (auto v = Env("WAGGLE_ROLLBAR_RATE_LIMIT")) {
    if (!core::ParseNumber(*v, &c.rollbar_rate_limit) || c.rollbar_rate_limit == 0) {
      return absl::InvalidArgumentError(
          "WAGGLE_ROLLBAR_RATE_LIMIT must be a positive number of items per minute");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> ParseDuration(std::string_view text) {
  if (text == "0" || text == "forever") return 0;
  if (text.size() < 2)
    return absl::InvalidArgumentError(
        fmt::format("bad duration '{}': use e.g. 7d, 12h, 30m", text));
  int64_t n = 0;
  if (!core::ParseNumber(text.substr(0, text.size() - 1), &n) || n < 0) {
    return absl::InvalidArgumentError(
        fmt::format("bad duration '{}': use e.g. 7d, 12h, 30m", text));
  }
  constexpr int64_t kSecond = 1'000'000'000;
  switch (text.back()) {
    case 's':
      return n * kSecond;
    case 'm':
      return n * 60 * kSecond;
    case 'h':
      return n * 3600 * kSecond;
    case 'd':
      return n * 86400 * kSecond;
    default:
      return absl::InvalidArgumentError(
          fmt::format("bad duration '{}': units are s, m, h, d", text));
  }
}

bool IsLoopback(std::string_view address) {
  return address == "localhost" || address == "::1" || address.starts_with("127.");
}

absl::StatusOr<ServeConfig> ResolveConfig(const ServeFlags& flags) {
  ServeConfig c;
  std::string data = flags.data_dir.value_or(Env("WAGGLE_DATA").value_or(c.data_dir));
  std::optional<std::string> file = flags.config_file;
  if (!file) file = Env("WAGGLE_CONFIG");
  if (!file && core::PathExists(data + "/waggle.toml")) file = data + "/waggle.toml";
  if (file) RETURN_IF_ERROR(ApplyFile(*file, c));
  RETURN_IF_ERROR(ApplyEnv(c));
  if (flags.data_dir) c.data_dir = *flags.data_dir;
  if (flags.listen) c.listen = *flags.listen;
  if (flags.http_port) c.http_port = *flags.http_port;
  if (flags.otlp_http_port) c.otlp_http_port = *flags.otlp_http_port;
  if (flags.otlp_grpc_port) c.otlp_grpc_port = *flags.otlp_grpc_port;
  if (flags.xray_port) c.xray_port = *flags.xray_port;
  if (flags.max_body_bytes) c.max_body_bytes = *flags.max_body_bytes;
  if (flags.column_cache_bytes) c.column_cache_bytes = *flags.column_cache_bytes;
  if (flags.rollbar_rate_limit) {
    if (*flags.rollbar_rate_limit == 0) {
      return absl::InvalidArgumentError("--rollbar-rate-limit must be positive");
    }
    c.rollbar_rate_limit = *flags.rollbar_rate_limit;
  }
  if (flags.log_level) c.log_level = *flags.log_level;
  if (flags.retention) {
    ASSIGN_OR_RETURN(c.retention_ns, ParseDuration(*flags.retention));
  }
  return c;
}

}  // namespace waggle::cli
