// `waggle traces get ID` (an indented waterfall) and `waggle traces recent`,
// read from a running server's API.
#pragma once

#include <string>

namespace waggle::cli {

struct TracesFlags {
  std::string server;  // http://host:port of the edge port
  std::string key;     // read key, when keys are on
  std::string dataset;
  int limit = 20;
};

// Prints one trace as a waterfall; returns the exit code.
int RunTracesGet(const TracesFlags& flags, const std::string& trace_id);
// Prints recent traces, newest first; returns the exit code.
int RunTracesRecent(const TracesFlags& flags);

}  // namespace waggle::cli
