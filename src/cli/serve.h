// `waggle serve`: opens the store and control plane, starts every listener,
// writes DATA/ports.json, and runs until SIGTERM/SIGINT, then stops
// accepting, finishes in-flight requests, flushes and exits 0.
#pragma once

#include "cli/config.h"

namespace waggle::cli {

// Runs the server until a termination signal; returns the process exit code.
int RunServe(const ServeFlags& flags);

}  // namespace waggle::cli
