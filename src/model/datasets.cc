#include "model/datasets.h"

#include "core/trim.h"

namespace waggle::model {
namespace {

// Trimmed of blanks and cut to the longest dataset name.
std::string_view Trim(std::string_view s) {
  s = core::TrimBlanks(s);
  if (s.size() > kMaxDatasetNameLength) s = s.substr(0, kMaxDatasetNameLength);
  return s;
}

}  // namespace

std::string_view SpanDatasetFor(std::string_view service) {
  std::string_view name = Trim(service);
  if (name.empty() || name.starts_with(kUnknownService) || !IsValidDatasetName(name)) {
    return kUnknownService;
  }
  return name;
}

std::string_view LogDatasetFor(std::string_view service) {
  std::string_view name = Trim(service);
  if (name.empty() || !IsValidDatasetName(name)) return kUnknownLogSource;
  return name;
}

bool IsValidDatasetName(std::string_view name) {
  if (name.empty() || name.size() > kMaxDatasetNameLength) return false;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace waggle::model
