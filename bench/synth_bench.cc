// waggle_synth_bench: measures synth::Generator on one core and prints one
// line of JSON {"spans_per_second":..,"bytes_per_span":..,"seconds":..}.
// Usage: waggle_synth_bench [--seconds S] [--spans-per-request N] [--seed N]
#include <chrono>
#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "core/json_writer.h"
#include "synth/generator.h"

int main(int argc, char** argv) {
  double seconds = 3;
  size_t spans_per_request = 512;
  uint64_t seed = 1;
  CLI::App app{"synthetic trace generator throughput"};
  app.add_option("--seconds", seconds, "how long to run")->check(CLI::Range(0.1, 600.0));
  app.add_option("--spans-per-request", spans_per_request, "spans per request")
      ->check(CLI::Range(1, 100000));
  app.add_option("--seed", seed, "generator seed");
  CLI11_PARSE(app, argc, argv);

  waggle::synth::Generator gen({.seed = seed});
  std::string body;
  size_t spans = 0, bytes = 0;
  auto begin = std::chrono::steady_clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    spans += gen.NextTracesRequest(spans_per_request, &body);
    bytes += body.size();
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  }
  waggle::core::JsonWriter json;
  json.BeginObject();
  json.Key("spans_per_second").Double(static_cast<double>(spans) / elapsed);
  json.Key("bytes_per_span").Double(static_cast<double>(bytes) / static_cast<double>(spans));
  json.Key("seconds").Double(elapsed);
  json.EndObject();
  std::printf("%s\n", json.str().c_str());
  return 0;
}
