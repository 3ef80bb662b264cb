// libFuzzer target for X-Ray filter expressions: every input must parse or
// fail with InvalidArgument, and a parsed expression must evaluate against a
// small trace without crashing or hanging. Build with
// -fsanitize=fuzzer,address,undefined and link waggle_lang_xray_filter.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/check.h"
#include "lang/xray_filter/filter_expression.h"

namespace {

waggle::lang::xray::TraceFacts SmallTrace() {
  using namespace waggle::lang::xray;  // NOLINT
  TraceFacts t;
  t.duration_s = 1.5;
  t.root.http_status = 500;
  t.root.fault = true;
  t.users = {"u"};
  t.annotations = {{"k", 1.0}, {"s", std::string("v")}, {"b", true}};
  t.services = {{"a", "AWS::EC2::Instance", "1", true, false, {t.root}},
                {"b", "remote", "", false, true, {}}};
  t.edges = {{0, 1, {t.root}}, {1, 5, {}}};
  RootCauseFacts cause;
  cause.service_name = "b";
  cause.entity_path = {{"b", true, {{"E", "m"}}, 0.5}};
  t.root_causes = {cause};
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace waggle::lang::xray;  // NOLINT
  static const TraceFacts trace = SmallTrace();
  ParseOptions options;
  // A group whose filter is the input's second half exercises nested parsing.
  std::string_view input(reinterpret_cast<const char*>(data), size);
  options.resolve_group = [input](std::string_view, std::string_view) {
    return std::optional<std::string>(std::string(input.substr(input.size() / 2)));
  };
  auto parsed = FilterExpression::Parse(input, options);
  CHECK(parsed.ok() || parsed.status().code() == absl::StatusCode::kInvalidArgument);
  if (parsed.ok()) {
    parsed->Matches(trace);
    parsed->Matches(TraceFacts{});
  }
  return 0;
}
