// The frames of the Python tracebacks the simulated backend raises, read
// once so the Rollbar item (pyrollbar's frames) and the X-Ray cause (the
// SDK's stack) describe the same calls.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace waggle::demo {

struct PythonFrame {
  std::string_view filename;
  int64_t lineno = 0;
  std::string_view method;
  std::string_view code;  // the source line, leading spaces removed
};

// The `  File "f.py", line 3, in fn` entries of `traceback`, oldest call
// first as Python prints them; views into `traceback`.
std::vector<PythonFrame> ParsePythonTraceback(std::string_view traceback);

}  // namespace waggle::demo
