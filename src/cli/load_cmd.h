// `waggle load --synthetic N`: writes N realistic spans (the synthetic
// Cruddur mix of src/synth) straight into a data directory, for benchmarks
// and big tests. It decodes each generated OTLP request with the real
// decoder, then appends without a WAL and flushes; no server may be using
// the directory meanwhile. Shows a progress bar on stderr.
#pragma once

#include <cstdint>
#include <string>

namespace waggle::cli {

struct LoadFlags {
  std::string data_dir = "./data";
  uint64_t spans = 0;
  uint64_t seed = 1;
  double days = 1;             // spread the spans over the last `days` days
  std::string trace_ids_file;  // when set, a sample of trace ids is written here
};

// Runs the load; returns the exit code.
int RunLoad(const LoadFlags& flags);

}  // namespace waggle::cli
