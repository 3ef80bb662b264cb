// libFuzzer target for CloudWatch Logs filter patterns: every input must
// parse or fail with InvalidArgument, and a parsed pattern must match any
// message without crashing, hanging or reading out of bounds. Build with
// -fsanitize=fuzzer,address,undefined and link waggle_lang_cw_filter_pattern.
// The input is "pattern\0message"; without a NUL the message is fixed.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/check.h"
#include "lang/cw_filter_pattern/filter_pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using waggle::lang::cw::FilterPattern;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string_view pattern = input.substr(0, nul);
  std::string_view message = nul == std::string_view::npos
                                 ? std::string_view(R"({"a":[1,{"b":"x y"}],"c":true} "q r" [s] 1)")
                                 : input.substr(nul + 1);
  auto parsed = FilterPattern::Parse(pattern);
  CHECK(parsed.ok() || parsed.status().code() == absl::StatusCode::kInvalidArgument);
  if (!parsed.ok()) return 0;
  parsed->Matches(message);
  parsed->ExtractedValues(message);
  parsed->Extract(message, "$.a[1].b");
  parsed->Extract(message, "$1");
  return 0;
}
