// Internal: the parsed form of an X-Ray filter expression.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/xray_filter/filter_expression.h"
#include "lang/xray_filter/trace_facts.h"

namespace waggle::lang::xray {
namespace internal {

// Where a predicate is evaluated: the whole trace, inside service() { } or
// edge() { }, or inside one of the rootcause.* { } filters.
enum class Level : uint8_t {
  kTrace = 1,
  kService = 2,
  kEdge = 4,
  kCauseService = 8,
  kCauseEntity = 16,
  kCauseException = 32,
};

enum class Field : uint8_t {
  // Boolean
  kOk,
  kError,
  kThrottle,
  kFault,
  kPartial,
  kInferred,
  kFirst,
  kLast,
  kRemote,
  kRoot,
  // Number
  kResponseTime,
  kDuration,
  kHttpStatus,
  kIndex,
  kCoverage,
  // String
  kHttpUrl,
  kHttpMethod,
  kHttpUserAgent,
  kHttpClientIp,
  kUser,
  kName,
  kType,
  kMessage,
  kAvailabilityZone,
  kInstanceId,
  kResourceArn,
  // Annotation (typed by its value)
  kAnnotation,
};

enum class FieldType : uint8_t { kBool, kNumber, kString, kAnnotation };

struct FieldInfo {
  std::string_view keyword;  // lower case
  Field field;
  FieldType type;
  uint8_t levels;  // Bitmask of Level values where the keyword is allowed.
};

// "at the top level, inside service() { }" for a Level bitmask (error messages).
std::string DescribeLevels(uint8_t levels);

// The keyword's entry (case-insensitive), or null if it is not a field keyword.
const FieldInfo* FindField(std::string_view keyword);
// The entry for `field`.
const FieldInfo& InfoOf(Field field);

enum class Op : uint8_t { kIsSet, kEq, kNe, kLt, kLe, kGt, kGe, kContains, kBeginsWith, kEndsWith };

// One selector of service()/edge(): a plain name or id(name:, type:, account.id:).
struct NodeSelector {
  std::optional<std::string> name, type, account_id;
};

// Group references one Parse may expand in total, across all nesting levels.
inline constexpr int kMaxGroupReferences = 16;

enum class CauseTarget : uint8_t { kService, kEntity, kException };

}  // namespace internal

struct FilterExpression::Node {
  enum class Kind : uint8_t { kAnd, kOr, kNot, kConst, kCompare, kService, kEdge, kRootCause };
  Kind kind = Kind::kConst;
  bool constant = true;        // kConst
  std::vector<Node> children;  // kAnd/kOr/kNot; service/edge/rootcause: the { } filter, if any
  // kCompare
  internal::Field field = internal::Field::kOk;
  std::string annotation_key;
  internal::Op op = internal::Op::kIsSet;
  AnnotationValue value;
  // kService (one selector; none = any node) / kEdge (two)
  std::vector<internal::NodeSelector> selectors;
  // kRootCause
  RootCauseKind cause_kind = RootCauseKind::kFault;
  internal::CauseTarget cause_target = internal::CauseTarget::kService;
};

namespace internal {

// Parses `text` into a tree; null for a blank expression (match all).
// `group_depth` is how deep inside group references `text` is;
// `group_budget` counts down the group references one top-level parse may
// expand (so references cannot multiply exponentially).
absl::StatusOr<std::shared_ptr<const FilterExpression::Node>> ParseTree(std::string_view text,
                                                                        const ParseOptions& options,
                                                                        int group_depth,
                                                                        int* group_budget);

// Evaluates `root` against `trace`.
bool Evaluate(const FilterExpression::Node& root, const TraceFacts& trace);

}  // namespace internal
}  // namespace waggle::lang::xray
