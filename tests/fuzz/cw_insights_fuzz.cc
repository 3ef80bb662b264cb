// Fuzz target for the Logs Insights parser: every input must parse or fail
// with InvalidArgument (MalformedQueryException), never crash or hang.
// Links waggle_lang_cw_insights.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/check.h"
#include "lang/cw_insights/query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<waggle::lang::cw_insights::Query> q = waggle::lang::cw_insights::ParseQuery(text);
  CHECK(q.ok() || q.status().code() == absl::StatusCode::kInvalidArgument);
  return 0;
}
