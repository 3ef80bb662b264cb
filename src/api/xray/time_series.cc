#include "api/xray/time_series.h"

#include <fmt/format.h>

#include <cmath>

#include "core/strings.h"
#include "lang/xray_filter/lexer.h"

namespace waggle::api::xray {
namespace {

using lang::xray::internal::Token;
using Json = simdjson::dom::element;

// A cursor over the selector's tokens.
class SelectorParser {
 public:
  explicit SelectorParser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  absl::StatusOr<EntitySelector> Parse() {
    EntitySelector sel;
    if (Peek().kind == Token::Kind::kEnd) return sel;
    if (IsWord("id")) {
      sel.kind = EntitySelector::Kind::kService;
      ASSIGN_OR_RETURN(sel.from, Id());
    } else if (IsWord("service") || IsWord("edge")) {
      bool edge = IsWord("edge");
      sel.kind = edge ? EntitySelector::Kind::kEdge : EntitySelector::Kind::kService;
      Take();
      RETURN_IF_ERROR(Expect("("));
      ASSIGN_OR_RETURN(sel.from, Node());
      if (edge) {
        RETURN_IF_ERROR(Expect(","));
        ASSIGN_OR_RETURN(sel.to, Node());
      }
      RETURN_IF_ERROR(Expect(")"));
    } else {
      return Error("service(...), edge(...) or id(...)");
    }
    if (Peek().kind != Token::Kind::kEnd) return Error("the end of the expression");
    return sel;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool IsWord(std::string_view w) const {
    return Peek().kind == Token::Kind::kWord && core::AsciiLower(Peek().text) == w;
  }
  bool IsOp(std::string_view op) const {
    return Peek().kind == Token::Kind::kOp && Peek().text == op;
  }
  absl::Status Error(std::string_view expected) const {
    return absl::InvalidArgumentError(
        fmt::format("EntitySelectorExpression at offset {}: expected {}, found {}", Peek().offset,
                    expected, lang::xray::internal::DescribeToken(Peek())));
  }
  absl::Status Expect(std::string_view op) {
    if (!IsOp(op)) return Error(fmt::format("'{}'", op));
    Take();
    return absl::OkStatus();
  }
  std::optional<std::string> String() {
    if (Peek().kind != Token::Kind::kString) return std::nullopt;
    return Take().text;
  }

  // A quoted service name or id(...).
  absl::StatusOr<NodeRef> Node() {
    if (std::optional<std::string> name = String()) return NodeRef{*name, std::nullopt};
    if (!IsWord("id")) return Error("a quoted service name or id(...)");
    return Id();
  }

  // id(name: "n", type: "t", account.id: "a"); name is required.
  absl::StatusOr<NodeRef> Id() {
    Take();
    RETURN_IF_ERROR(Expect("("));
    NodeRef ref;
    bool has_name = false, first = true;
    while (!IsOp(")")) {
      if (!first) RETURN_IF_ERROR(Expect(","));
      first = false;
      std::string key = Peek().kind == Token::Kind::kWord ? core::AsciiLower(Peek().text) : "";
      if (key != "name" && key != "type" && key != "account.id") {
        return Error("name, type or account.id inside id()");
      }
      Take();
      RETURN_IF_ERROR(Expect(":"));
      std::optional<std::string> value = String();
      if (!value) return Error("a double-quoted string");
      if (key == "name") {
        ref.name = std::move(*value);
        has_name = true;
      } else if (key == "type") {
        ref.type = std::move(*value);
      }
    }
    if (!has_name) return Error("name: \"...\" inside id()");
    Take();  // ')'
    return ref;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

int64_t Int(Json obj, const char* key) {
  int64_t v = 0;
  return obj[key].get_int64().get(v) ? 0 : v;
}

double Double(Json obj, const char* key) {
  double v = 0;
  return obj[key].get_double().get(v) ? 0 : v;
}

struct GraphNode {
  std::string_view name, type;
};

bool Matches(const GraphNode& n, const NodeRef& ref) {
  if (n.name != ref.name) return false;
  // A client node shares its service's name; only an explicit type picks it.
  return ref.type ? n.type == *ref.type : n.type != "client";
}

}  // namespace

absl::StatusOr<std::vector<int64_t>> PeriodStarts(double start_s, double end_s, int64_t period_s) {
  if (period_s != 60 && (period_s <= 0 || period_s % 300 != 0)) {
    return absl::InvalidArgumentError("Period must be 60 or a multiple of 300 seconds");
  }
  if (!std::isfinite(start_s) || !std::isfinite(end_s) || end_s < start_s) {
    return absl::InvalidArgumentError("EndTime must not be before StartTime");
  }
  auto first = static_cast<int64_t>(std::floor(start_s / static_cast<double>(period_s)));
  auto last = static_cast<int64_t>(std::ceil(end_s / static_cast<double>(period_s)));
  if (last == first) ++last;  // an empty range still touches its period
  // Bounded by the range's length, so a day of minutes fits wherever it starts.
  if ((end_s - start_s) / static_cast<double>(period_s) > kMaxTimeSeriesPeriods) {
    return absl::InvalidArgumentError(fmt::format(
        "the time range spans more than {} periods of {} s", kMaxTimeSeriesPeriods, period_s));
  }
  std::vector<int64_t> starts;
  for (int64_t p = first; p < last; ++p) starts.push_back(p * period_s);
  return starts;
}

absl::StatusOr<EntitySelector> ParseEntitySelector(std::string_view text) {
  absl::StatusOr<std::vector<Token>> tokens = lang::xray::internal::Tokenize(text);
  if (!tokens.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("EntitySelectorExpression: {}", tokens.status().message()));
  }
  return SelectorParser(std::move(*tokens)).Parse();
}

void EntityStats::Add(Json entity) {
  Json summary;
  if (entity["SummaryStatistics"].get(summary) || !summary.is_object()) return;
  ok += Int(summary, "OkCount");
  Json errors, faults;
  if (!summary["ErrorStatistics"].get(errors)) {
    throttle += Int(errors, "ThrottleCount");
    error_other += Int(errors, "OtherCount");
  }
  if (!summary["FaultStatistics"].get(faults)) fault += Int(faults, "TotalCount");
  total += Int(summary, "TotalCount");
  total_response_time += Double(summary, "TotalResponseTime");
  simdjson::dom::array buckets;
  if (entity["ResponseTimeHistogram"].get_array().get(buckets)) return;
  for (Json b : buckets) histogram[Double(b, "Value")] += Int(b, "Count");
}

void EntityStats::WriteSummary(core::JsonWriter& w) const {
  w.BeginObject().Key("OkCount").Int(ok);
  w.Key("ErrorStatistics").BeginObject();
  w.Key("ThrottleCount").Int(throttle).Key("OtherCount").Int(error_other);
  w.Key("TotalCount").Int(throttle + error_other).EndObject();
  w.Key("FaultStatistics").BeginObject();
  w.Key("OtherCount").Int(fault).Key("TotalCount").Int(fault).EndObject();
  w.Key("TotalCount").Int(total).Key("TotalResponseTime").Double(total_response_time);
  w.EndObject();
}

void EntityStats::WriteHistogram(core::JsonWriter& w) const {
  w.BeginArray();
  for (const auto& [value, count] : histogram) {
    w.BeginObject().Key("Value").Double(value).Key("Count").Int(count).EndObject();
  }
  w.EndArray();
}

EntityStats SelectEntityStats(simdjson::dom::array services, const EntitySelector& selector) {
  std::map<int64_t, GraphNode> nodes;  // by ReferenceId
  for (Json s : services) {
    GraphNode n;
    if (s["Name"].get_string().get(n.name)) continue;
    if (s["Type"].get_string().get(n.type)) n.type = "";
    nodes[Int(s, "ReferenceId")] = n;
  }
  EntityStats stats;
  for (Json s : services) {
    const GraphNode& node = nodes[Int(s, "ReferenceId")];
    if (selector.kind == EntitySelector::Kind::kService) {
      if (Matches(node, selector.from)) stats.Add(s);
      continue;
    }
    bool from = selector.kind == EntitySelector::Kind::kClientEdges ? node.type == "client"
                                                                    : Matches(node, selector.from);
    simdjson::dom::array edges;
    if (!from || s["Edges"].get_array().get(edges)) continue;
    for (Json e : edges) {
      auto target = nodes.find(Int(e, "ReferenceId"));
      if (target == nodes.end()) continue;
      if (selector.kind == EntitySelector::Kind::kEdge && !Matches(target->second, selector.to)) {
        continue;
      }
      stats.Add(e);
    }
  }
  return stats;
}

}  // namespace waggle::api::xray
