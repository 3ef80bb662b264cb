#include "demo/python_traceback.h"

namespace waggle::demo {
namespace {

constexpr std::string_view kFrameMarker = "  File \"";
constexpr std::string_view kLine = ", line ";
constexpr std::string_view kIn = ", in ";

}  // namespace

std::vector<PythonFrame> ParsePythonTraceback(std::string_view traceback) {
  std::vector<PythonFrame> frames;
  for (size_t at = traceback.find(kFrameMarker); at != std::string_view::npos;
       at = traceback.find(kFrameMarker, at + 1)) {
    size_t name_start = at + kFrameMarker.size();
    size_t name_end = traceback.find('"', name_start);
    size_t line = traceback.find(kLine, name_end);
    size_t in = traceback.find(kIn, line);
    size_t eol = traceback.find('\n', in);
    if (in == std::string_view::npos || eol == std::string_view::npos) break;
    PythonFrame frame;
    frame.filename = traceback.substr(name_start, name_end - name_start);
    for (size_t i = line + kLine.size(); i < in && traceback[i] >= '0' && traceback[i] <= '9';
         ++i) {
      frame.lineno = frame.lineno * 10 + (traceback[i] - '0');
    }
    frame.method = traceback.substr(in + kIn.size(), eol - in - kIn.size());
    size_t code_end = traceback.find('\n', eol + 1);
    frame.code = traceback.substr(
        eol + 1, code_end == std::string_view::npos ? std::string_view::npos : code_end - eol - 1);
    while (!frame.code.empty() && frame.code.front() == ' ') frame.code.remove_prefix(1);
    frames.push_back(frame);
  }
  return frames;
}

}  // namespace waggle::demo
