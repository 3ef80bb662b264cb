// A small driver for the libFuzzer-style targets in this folder, built with
// the project's compiler so `make test` runs every target briefly under the
// Debug build's sanitizers. It replays the seed corpus, then feeds mutated
// seeds (bit flips, byte inserts and deletes, range copies, splices of two
// seeds, JSON-ish tokens) for a fixed time. There is no coverage feedback:
// it is a smoke test of the decoders, not a replacement for libFuzzer.
//
//   waggle_fuzz_<target> [--seconds N] [--seed N] [--crash-file F] CORPUS_DIR_OR_FILE...
//
// When a target crashes (a failed CHECK or a sanitizer report), the input is
// in the crash file (default ./fuzz-crash-input) to replay with
// `waggle_fuzz_<target> FILE`.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

constexpr size_t kMaxInput = 64 * 1024;
const char* const kTokens[] = {"{", "}", "[",  "]",     "\"",   "\\",   ":",
                               ",", "0", "-1", "1e308", "null", "true", "(",
                               ")", "*", "?",  "$.",    "||",   "&&",   "\n"};

// The input being run is written to the crash file first (a few
// microseconds), so whatever kills the process leaves it on disk.
int crash_fd = -1;
std::string crash_file = "fuzz-crash-input";

void Run(const std::string& input) {
  if (crash_fd >= 0 &&
      (ftruncate(crash_fd, 0) != 0 ||
       pwrite(crash_fd, input.data(), input.size(), 0) != static_cast<ssize_t>(input.size()))) {
    std::perror("fuzz: writing the crash file");
  }
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void AddInputs(const std::filesystem::path& p, std::vector<std::string>& out) {
  if (std::filesystem::is_directory(p)) {
    for (const auto& e : std::filesystem::directory_iterator(p)) {
      if (e.is_regular_file()) out.push_back(ReadFile(e.path()));
    }
  } else {
    out.push_back(ReadFile(p));
  }
}

// One random edit of `s`; `other` is another seed to splice from.
void Mutate(std::string& s, const std::string& other, std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return n == 0 ? size_t{0} : static_cast<size_t>(rng() % n); };
  switch (rng() % 6) {
    case 0:
      if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << (rng() % 8));
      break;
    case 1:
      s.insert(pick(s.size() + 1), 1, static_cast<char>(rng()));
      break;
    case 2:
      if (!s.empty()) s.erase(pick(s.size()), 1 + pick(8));
      break;
    case 3:
      if (!s.empty()) {
        size_t from = pick(s.size()), len = 1 + pick(std::min<size_t>(32, s.size() - from));
        s.insert(pick(s.size() + 1), s.substr(from, len));
      }
      break;
    case 4:
      s = s.substr(0, pick(s.size() + 1)) + other.substr(pick(other.size() + 1));
      break;
    default:
      s.insert(pick(s.size() + 1), kTokens[pick(std::size(kTokens))]);
      break;
  }
  if (s.size() > kMaxInput) s.resize(kMaxInput);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 5;
  uint64_t seed = 1;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--crash-file" && i + 1 < argc) {
      crash_file = argv[++i];
    } else {
      AddInputs(arg, seeds);
    }
  }
  crash_fd = open(crash_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::printf("fuzz: seed %llu, %zu seed inputs, %.0f s; crash input goes to %s\n",
              static_cast<unsigned long long>(seed), seeds.size(), seconds, crash_file.c_str());
  for (const std::string& s : seeds) Run(s);
  if (seeds.empty()) seeds.push_back("");
  std::mt19937_64 rng(seed);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  uint64_t runs = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    for (int batch = 0; batch < 64; ++batch, ++runs) {
      std::string input = seeds[rng() % seeds.size()];
      int edits = 1 + static_cast<int>(rng() % 8);
      for (int e = 0; e < edits; ++e) Mutate(input, seeds[rng() % seeds.size()], rng);
      Run(input);
    }
  }
  std::printf("fuzz: %llu runs, no crash\n", static_cast<unsigned long long>(runs));
  if (crash_fd >= 0) close(crash_fd);
  std::remove(crash_file.c_str());
  return 0;
}
