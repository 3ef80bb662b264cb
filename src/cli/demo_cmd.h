// `waggle demo`: sends Cruddur's traffic to a running server over the real
// wire protocols (see demo/demo.h), with a progress line on stderr.
#pragma once

#include <cstdint>
#include <string>

namespace waggle::cli {

struct DemoFlags {
  std::string target = "127.0.0.1";
  double rate = 20;
  std::string duration;  // e.g. "30s"; empty = until Ctrl-C
  std::string backfill;  // e.g. "24h"; empty = none
  uint64_t seed = 1;
  std::string ports_file;  // a ports.json written by `waggle serve`
  int http_port = 8080;
  int otlp_http_port = 4318;
  int xray_port = 2000;
  std::string key;  // WAGGLE_KEY when empty
  // CloudWatch Logs signing; $AWS_ACCESS_KEY_ID, $AWS_SECRET_ACCESS_KEY and
  // $AWS_REGION (or $AWS_DEFAULT_REGION) when empty.
  std::string aws_access_key_id;
  std::string aws_secret_access_key;
  std::string aws_region;
};

// Runs the demo; returns the exit code.
int RunDemo(const DemoFlags& flags);

}  // namespace waggle::cli
