// Evaluates a parsed filter against TraceFacts. Every predicate reads its
// values from a Scope: the trace, plus the service/edge segment or the
// root-cause element the enclosing { } filter is looking at.
#include <cmath>

#include "lang/xray_filter/ast.h"

namespace waggle::lang::xray::internal {
namespace {

using Node = FilterExpression::Node;

struct Scope {
  const TraceFacts* trace = nullptr;
  Level level = Level::kTrace;
  const ServiceFacts* service = nullptr;      // kService; kEdge: the callee
  const SegmentFacts* segment = nullptr;      // kService/kEdge: the segment or call
  const ServiceFacts* caller = nullptr;       // kEdge
  const RootCauseFacts* cause = nullptr;      // kCause*
  const EntityFacts* entity = nullptr;        // kCauseEntity, kCauseException
  const ExceptionFacts* exception = nullptr;  // kCauseException
  size_t index = 0, count = 0;                // position of the element among its siblings
};

bool Eval(const Node& node, const Scope& scope);

bool CompareNumber(Op op, double a, double b) {
  switch (op) {
    case Op::kEq:
      return a == b;
    case Op::kNe:
      return a != b;
    case Op::kLt:
      return a < b;
    case Op::kLe:
      return a <= b;
    case Op::kGt:
      return a > b;
    case Op::kGe:
      return a >= b;
    default:
      return false;
  }
}

bool CompareString(Op op, std::string_view a, std::string_view b) {
  switch (op) {
    case Op::kEq:
      return a == b;
    case Op::kNe:
      return a != b;
    case Op::kContains:
      return a.find(b) != std::string_view::npos;
    case Op::kBeginsWith:
      return a.starts_with(b);
    case Op::kEndsWith:
      return a.ends_with(b);
    default:
      return false;
  }
}

// Compares one actual value with the node's literal; mismatched types never match.
bool CompareValue(const Node& node, const AnnotationValue& actual) {
  if (node.op == Op::kIsSet) return true;
  if (actual.index() != node.value.index()) return false;
  if (const bool* b = std::get_if<bool>(&actual)) {
    bool equal = *b == std::get<bool>(node.value);
    return node.op == Op::kNe ? !equal : equal;
  }
  if (const double* d = std::get_if<double>(&actual)) {
    return CompareNumber(node.op, *d, std::get<double>(node.value));
  }
  return CompareString(node.op, std::get<std::string>(actual), std::get<std::string>(node.value));
}

bool Bool(const Node& node, bool actual) {
  return node.op == Op::kIsSet ? actual : CompareValue(node, AnnotationValue(actual));
}

// An empty string means "not recorded": no operator matches it, so
// `kw CONTAINS ""` tests presence.
bool Str(const Node& node, std::string_view actual) {
  return !actual.empty() && CompareString(node.op, actual, std::get<std::string>(node.value));
}

bool AnyString(const Node& node, const std::vector<std::string>& values) {
  for (const std::string& v : values) {
    if (Str(node, v)) return true;
  }
  return false;
}

bool Num(const Node& node, double actual) {
  return CompareNumber(node.op, actual, std::get<double>(node.value));
}

// The segment a keyword like `fault` or `http.url` reads at this scope.
const SegmentFacts& SegmentOf(const Scope& s) {
  return s.segment != nullptr ? *s.segment : s.trace->root;
}

bool AnyInferred(const TraceFacts& t) {
  for (const ServiceFacts& svc : t.services) {
    if (svc.inferred) return true;
  }
  return false;
}

bool EvalBool(const Node& node, const Scope& s) {
  const SegmentFacts& seg = SegmentOf(s);
  bool trace_level = s.level == Level::kTrace;
  switch (node.field) {
    case Field::kOk:
      return Bool(
          node, !seg.fault && !seg.error && !(trace_level ? s.trace->has_throttle : seg.throttle));
    case Field::kError:
      return Bool(node, seg.error);
    case Field::kThrottle:
      return Bool(node, trace_level ? s.trace->has_throttle || seg.throttle : seg.throttle);
    case Field::kFault:
      return Bool(node, seg.fault);
    case Field::kPartial:
      return Bool(node, s.trace->partial);
    case Field::kInferred:
      if (s.cause != nullptr) return Bool(node, s.cause->inferred);
      if (s.service != nullptr) return Bool(node, s.service->inferred);
      return Bool(node, AnyInferred(*s.trace));
    case Field::kFirst:
      return Bool(node, s.index == 0);
    case Field::kLast:
      return Bool(node, s.index + 1 == s.count);
    case Field::kRemote:
      if (s.entity != nullptr) return Bool(node, s.entity->remote);
      for (const EntityFacts& e : s.cause->entity_path) {
        if (e.remote) return Bool(node, true);
      }
      return Bool(node, false);
    case Field::kRoot:
      return Bool(node, s.level == Level::kEdge ? s.caller->root : s.service->root);
    default:
      return false;
  }
}

bool EvalNumber(const Node& node, const Scope& s) {
  const SegmentFacts& seg = SegmentOf(s);
  switch (node.field) {
    case Field::kResponseTime:
      return Num(node, seg.response_time_s);
    case Field::kDuration:
      return Num(node, s.level == Level::kTrace ? s.trace->duration_s : seg.response_time_s);
    case Field::kHttpStatus:
      return Num(node, seg.http_status);
    case Field::kIndex:
      return Num(node, static_cast<double>(s.index));
    case Field::kCoverage:
      return Num(node, s.entity != nullptr ? s.entity->coverage : s.cause->coverage);
    default:
      return false;
  }
}

bool EvalName(const Node& node, const Scope& s, bool type) {
  if (s.exception != nullptr) return !type && Str(node, s.exception->name);
  if (s.entity != nullptr) return Str(node, type ? s.cause->service_type : s.entity->name);
  if (s.cause != nullptr) return Str(node, type ? s.cause->service_type : s.cause->service_name);
  return Str(node, type ? s.service->type : s.service->name);
}

bool EvalString(const Node& node, const Scope& s) {
  const SegmentFacts& seg = SegmentOf(s);
  switch (node.field) {
    case Field::kHttpUrl:
      return Str(node, seg.http_url);
    case Field::kHttpMethod:
      return Str(node, seg.http_method);
    case Field::kHttpUserAgent:
      return Str(node, seg.http_useragent);
    case Field::kHttpClientIp:
      return Str(node, seg.http_clientip);
    case Field::kUser:
      return s.level == Level::kTrace ? AnyString(node, s.trace->users) : Str(node, seg.user);
    case Field::kName:
      return EvalName(node, s, false);
    case Field::kType:
      return EvalName(node, s, true);
    case Field::kMessage:
      return Str(node, s.exception->message);
    case Field::kAvailabilityZone:
      return AnyString(node, s.trace->availability_zones);
    case Field::kInstanceId:
      return AnyString(node, s.trace->instance_ids);
    case Field::kResourceArn:
      return AnyString(node, s.trace->resource_arns);
    default:
      return false;
  }
}

bool EvalAnnotation(const Node& node, const Scope& s) {
  for (const AnnotationFacts& a : s.trace->annotations) {
    if (a.key == node.annotation_key && CompareValue(node, a.value)) return true;
  }
  return false;
}

bool EvalCompare(const Node& node, const Scope& s) {
  switch (InfoOf(node.field).type) {
    case FieldType::kBool:
      return EvalBool(node, s);
    case FieldType::kNumber:
      return EvalNumber(node, s);
    case FieldType::kString:
      return EvalString(node, s);
    case FieldType::kAnnotation:
      return EvalAnnotation(node, s);
  }
  return false;
}

bool SelectorMatches(const NodeSelector& sel, const ServiceFacts& svc) {
  return (!sel.name || *sel.name == svc.name) && (!sel.type || *sel.type == svc.type) &&
         (!sel.account_id || *sel.account_id == svc.account_id);
}

// True if the { } filter (if any) holds for one of `segments` at `scope`.
bool AnySegment(const Node& node, Scope scope, const std::vector<SegmentFacts>& segments) {
  if (node.children.empty()) return true;
  static const SegmentFacts kNone;
  if (segments.empty()) {
    scope.segment = &kNone;
    return Eval(node.children[0], scope);
  }
  for (const SegmentFacts& seg : segments) {
    scope.segment = &seg;
    if (Eval(node.children[0], scope)) return true;
  }
  return false;
}

bool EvalService(const Node& node, const TraceFacts& t) {
  for (const ServiceFacts& svc : t.services) {
    if (!node.selectors.empty() && !SelectorMatches(node.selectors[0], svc)) continue;
    Scope scope{&t, Level::kService, &svc};
    if (AnySegment(node, scope, svc.segments)) return true;
  }
  return false;
}

bool EvalEdge(const Node& node, const TraceFacts& t) {
  int n = static_cast<int>(t.services.size());
  for (const EdgeFacts& e : t.edges) {
    if (e.caller < 0 || e.caller >= n || e.callee < 0 || e.callee >= n) continue;
    const ServiceFacts& from = t.services[e.caller];
    const ServiceFacts& to = t.services[e.callee];
    if (!SelectorMatches(node.selectors[0], from) || !SelectorMatches(node.selectors[1], to)) {
      continue;
    }
    Scope scope{&t, Level::kEdge, &to};
    scope.caller = &from;
    if (AnySegment(node, scope, e.calls)) return true;
  }
  return false;
}

// Runs the filter on each element of one root cause's `target` list.
bool EvalCause(const Node& node, const Scope& base, const RootCauseFacts& cause, size_t index,
               size_t count) {
  const Node* filter = node.children.empty() ? nullptr : &node.children[0];
  Scope s = base;
  s.cause = &cause;
  if (node.cause_target == CauseTarget::kService) {
    s.level = Level::kCauseService;
    s.index = index;
    s.count = count;
    return filter == nullptr || Eval(*filter, s);
  }
  for (size_t i = 0; i < cause.entity_path.size(); ++i) {
    const EntityFacts& entity = cause.entity_path[i];
    s.entity = &entity;
    if (node.cause_target == CauseTarget::kEntity) {
      s.level = Level::kCauseEntity;
      s.index = i;
      s.count = cause.entity_path.size();
      if (filter == nullptr || Eval(*filter, s)) return true;
      continue;
    }
    s.level = Level::kCauseException;
    for (size_t j = 0; j < entity.exceptions.size(); ++j) {
      s.exception = &entity.exceptions[j];
      s.index = j;
      s.count = entity.exceptions.size();
      if (filter == nullptr || Eval(*filter, s)) return true;
    }
  }
  return false;
}

bool EvalRootCause(const Node& node, const TraceFacts& t) {
  size_t count = 0;
  for (const RootCauseFacts& c : t.root_causes) count += c.kind == node.cause_kind;
  size_t index = 0;
  Scope base{&t};
  for (const RootCauseFacts& c : t.root_causes) {
    if (c.kind != node.cause_kind) continue;
    if (EvalCause(node, base, c, index++, count)) return true;
  }
  return false;
}

bool Eval(const Node& node, const Scope& scope) {
  switch (node.kind) {
    case Node::Kind::kAnd:
      for (const Node& c : node.children) {
        if (!Eval(c, scope)) return false;
      }
      return true;
    case Node::Kind::kOr:
      for (const Node& c : node.children) {
        if (Eval(c, scope)) return true;
      }
      return false;
    case Node::Kind::kNot:
      return !Eval(node.children[0], scope);
    case Node::Kind::kConst:
      return node.constant;
    case Node::Kind::kCompare:
      return EvalCompare(node, scope);
    case Node::Kind::kService:
      return EvalService(node, *scope.trace);
    case Node::Kind::kEdge:
      return EvalEdge(node, *scope.trace);
    case Node::Kind::kRootCause:
      return EvalRootCause(node, *scope.trace);
  }
  return false;
}

}  // namespace

bool Evaluate(const Node& root, const TraceFacts& trace) {
  Scope scope;
  scope.trace = &trace;
  return Eval(root, scope);
}

}  // namespace waggle::lang::xray::internal
