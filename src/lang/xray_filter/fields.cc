// The keyword table: each field's type and where it may be used.
#include <array>

#include "lang/xray_filter/ast.h"

namespace waggle::lang::xray::internal {
namespace {

constexpr uint8_t kT = static_cast<uint8_t>(Level::kTrace);
constexpr uint8_t kS = static_cast<uint8_t>(Level::kService);
constexpr uint8_t kE = static_cast<uint8_t>(Level::kEdge);
constexpr uint8_t kCS = static_cast<uint8_t>(Level::kCauseService);
constexpr uint8_t kCE = static_cast<uint8_t>(Level::kCauseEntity);
constexpr uint8_t kCX = static_cast<uint8_t>(Level::kCauseException);
constexpr uint8_t kTSE = kT | kS | kE;
constexpr uint8_t kCause = kCS | kCE | kCX;

constexpr std::array<FieldInfo, 27> kFields = {{
    {"ok", Field::kOk, FieldType::kBool, kTSE},
    {"error", Field::kError, FieldType::kBool, kTSE},
    {"throttle", Field::kThrottle, FieldType::kBool, kTSE},
    {"fault", Field::kFault, FieldType::kBool, kTSE},
    {"partial", Field::kPartial, FieldType::kBool, kTSE},
    {"inferred", Field::kInferred, FieldType::kBool, kTSE | kCS | kCE},
    {"first", Field::kFirst, FieldType::kBool, kCause},
    {"last", Field::kLast, FieldType::kBool, kCause},
    {"remote", Field::kRemote, FieldType::kBool, kCause},
    {"root", Field::kRoot, FieldType::kBool, kS | kE},
    {"responsetime", Field::kResponseTime, FieldType::kNumber, kTSE},
    {"duration", Field::kDuration, FieldType::kNumber, kTSE},
    {"http.status", Field::kHttpStatus, FieldType::kNumber, kTSE},
    {"index", Field::kIndex, FieldType::kNumber, kCause},
    {"coverage", Field::kCoverage, FieldType::kNumber, kCS | kCE},
    {"http.url", Field::kHttpUrl, FieldType::kString, kTSE},
    {"http.method", Field::kHttpMethod, FieldType::kString, kTSE},
    {"http.useragent", Field::kHttpUserAgent, FieldType::kString, kTSE},
    {"http.clientip", Field::kHttpClientIp, FieldType::kString, kTSE},
    {"user", Field::kUser, FieldType::kString, kTSE},
    {"name", Field::kName, FieldType::kString, kS | kE | kCause},
    {"type", Field::kType, FieldType::kString, kS | kE | kCS | kCE},
    {"message", Field::kMessage, FieldType::kString, kCX},
    {"availabilityzone", Field::kAvailabilityZone, FieldType::kString, kTSE},
    {"instance.id", Field::kInstanceId, FieldType::kString, kTSE},
    {"resource.arn", Field::kResourceArn, FieldType::kString, kTSE},
    {"annotation", Field::kAnnotation, FieldType::kAnnotation, kT},
}};

bool EqualsLower(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace

const FieldInfo* FindField(std::string_view keyword) {
  for (const FieldInfo& info : kFields) {
    if (info.field != Field::kAnnotation && EqualsLower(keyword, info.keyword)) return &info;
  }
  return nullptr;
}

const FieldInfo& InfoOf(Field field) {
  for (const FieldInfo& info : kFields) {
    if (info.field == field) return info;
  }
  return kFields.back();
}

std::string DescribeLevels(uint8_t levels) {
  static constexpr std::pair<uint8_t, std::string_view> kNames[] = {
      {kT, "at the top level"},
      {kS, "inside service() { }"},
      {kE, "inside edge() { }"},
      {kCS, "inside rootcause.*.service { }"},
      {kCE, "inside rootcause.*.entity { }"},
      {kCX, "inside rootcause.*.exception { }"},
  };
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((levels & bit) == 0) continue;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace waggle::lang::xray::internal
