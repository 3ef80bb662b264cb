#include "lang/cw_insights/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>

#include "core/hash.h"
#include "core/strings.h"

namespace waggle::lang::cw_insights {
namespace {

using Json = simdjson::dom::element;

}  // namespace

// One event's fields, its JSON message parsed on first need (once per event,
// shared by the filters and the stats or row that follow).
class EventView {
 public:
  EventView(const LogEvent& e, simdjson::dom::parser& parser) : e_(e), parser_(parser) {}

  // The field's text, or nullopt when the event has none. With `raw_time`,
  // @timestamp and @ingestionTime are epoch ms (for comparisons).
  std::optional<std::string> Get(std::string_view field, bool raw_time = false) {
    if (field == "@timestamp") {
      return raw_time ? std::to_string(e_.timestamp_ms) : FormatTimestamp(e_.timestamp_ms);
    }
    if (field == "@ingestionTime") {
      return raw_time ? std::to_string(e_.ingestion_ms) : FormatTimestamp(e_.ingestion_ms);
    }
    if (field == "@message") return std::string(e_.message);
    if (field == "@logStream") return std::string(e_.stream);
    if (field == "@log") return std::string(e_.group);
    return JsonField(field);
  }

 private:
  std::optional<std::string> JsonField(std::string_view path) {
    if (!parsed_) {
      parsed_ = true;
      json_ = !e_.message.empty() && e_.message.front() == '{' &&
              !parser_.parse(e_.message.data(), e_.message.size()).get(root_);
    }
    if (!json_) return std::nullopt;
    Json node = root_;
    for (std::string_view key : core::Split(path, '.')) {
      Json next;
      size_t index = 0;
      if (node.is_object()) {
        if (node[key].get(next)) return std::nullopt;
      } else if (node.is_array() && core::ParseNumber(key, &index)) {
        if (node.at(index).get(next)) return std::nullopt;
      } else {
        return std::nullopt;
      }
      node = next;
    }
    return Text(node);
  }

  static std::optional<std::string> Text(Json v) {
    std::string_view s;
    if (!v.get_string().get(s)) return std::string(s);
    int64_t i = 0;
    if (!v.get_int64().get(i)) return std::to_string(i);
    double d = 0;
    if (!v.get_double().get(d)) return fmt::format("{}", d);
    bool b = false;
    if (!v.get_bool().get(b)) return b ? "true" : "false";
    if (v.is_null()) return std::nullopt;
    return simdjson::to_string(v);  // objects and arrays as JSON
  }

  const LogEvent& e_;
  simdjson::dom::parser& parser_;
  bool parsed_ = false;
  bool json_ = false;
  Json root_;
};

namespace {

std::optional<std::string> OperandText(const Operand& o, EventView& ev) {
  if (o.kind == Operand::Kind::kField) return ev.Get(o.text, /*raw_time=*/true);
  return o.text;
}

bool Compare(Condition::Op op, const std::string& a, const std::string& b) {
  double x = 0, y = 0;
  int c = 0;
  if (core::ParseNumber(a, &x) && core::ParseNumber(b, &y)) {
    c = x < y ? -1 : (x > y ? 1 : 0);
  } else {
    c = a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
  }
  switch (op) {
    case Condition::Op::kEq:
      return c == 0;
    case Condition::Op::kNe:
      return c != 0;
    case Condition::Op::kLt:
      return c < 0;
    case Condition::Op::kLe:
      return c <= 0;
    case Condition::Op::kGt:
      return c > 0;
    case Condition::Op::kGe:
      return c >= 0;
  }
  return false;
}

bool Holds(const Condition& c, EventView& ev) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      return Holds(c.children[0], ev) && Holds(c.children[1], ev);
    case Condition::Kind::kOr:
      return Holds(c.children[0], ev) || Holds(c.children[1], ev);
    case Condition::Kind::kNot:
      return !Holds(c.children[0], ev);
    case Condition::Kind::kLike: {
      std::string text = ev.Get(c.lhs.text).value_or("");
      bool like = c.rhs.kind == Operand::Kind::kRegex ? RE2::PartialMatch(text, *c.rhs.regex)
                                                      : text.find(c.rhs.text) != std::string::npos;
      return like != c.negated;
    }
    case Condition::Kind::kIn: {
      std::optional<std::string> v = OperandText(c.lhs, ev);
      bool in = v && std::any_of(c.list.begin(), c.list.end(), [&](const Operand& o) {
                  return Compare(Condition::Op::kEq, *v, o.text);
                });
      return in != c.negated;
    }
    case Condition::Kind::kCompare: {
      std::optional<std::string> a = OperandText(c.lhs, ev), b = OperandText(c.rhs, ev);
      return a && b && Compare(c.op, *a, *b);
    }
  }
  return false;
}

std::string Number(double d) { return fmt::format("{}", d); }

// Orders two optional texts: numbers numerically, texts lexically, absent last.
int CompareCells(const std::optional<std::string>& a, const std::optional<std::string>& b) {
  if (!a || !b) return a ? -1 : (b ? 1 : 0);
  double x = 0, y = 0;
  if (core::ParseNumber(*a, &x) && core::ParseNumber(*b, &y)) return x < y ? -1 : (x > y ? 1 : 0);
  return a->compare(*b) < 0 ? -1 : (*a == *b ? 0 : 1);
}

std::optional<std::string> CellOf(const std::vector<ResultField>& row, std::string_view field) {
  for (const ResultField& f : row) {
    if (f.field == field) return f.value;
  }
  return std::nullopt;
}

}  // namespace

std::string FormatTimestamp(int64_t ms) {
  time_t s = static_cast<time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  struct tm tm = {};
  gmtime_r(&s, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("{}.{:03}", buf, ((ms % 1000) + 1000) % 1000);
}

void QueryRunner::Add(const LogEvent& e) {
  ++result_.records_scanned;
  result_.bytes_scanned += static_cast<int64_t>(e.message.size());
  EventView ev(e, parser_);
  for (const Condition& c : q_.filters) {
    if (!Holds(c, ev)) return;
  }
  ++result_.records_matched;
  if (!q_.aggregates.empty()) {
    AddStats(e, ev);
  } else {
    AddRow(e, ev);
  }
}

void QueryRunner::AddStats(const LogEvent& e, EventView& ev) {
  std::vector<ResultField> keys;
  std::string joined;
  for (const GroupKey& g : q_.group_by) {
    std::string value;
    if (g.key.kind == Operand::Kind::kBin) {
      int64_t b = e.timestamp_ms - ((e.timestamp_ms % g.key.bin_ms) + g.key.bin_ms) % g.key.bin_ms;
      value = FormatTimestamp(b);
    } else {
      value = ev.Get(g.key.text).value_or("");
    }
    joined += value;
    joined.push_back('\x1f');
    if (!value.empty()) keys.push_back({g.name, std::move(value)});
  }
  Group& group = groups_[joined];
  if (group.accs.empty()) {
    group.keys = std::move(keys);
    group.accs.resize(q_.aggregates.size());
  }
  for (size_t i = 0; i < q_.aggregates.size(); ++i) {
    const Aggregate& a = q_.aggregates[i];
    Accumulator& acc = group.accs[i];
    if (a.field.empty()) {
      ++acc.count;
      continue;
    }
    std::optional<std::string> v = ev.Get(a.field, /*raw_time=*/true);
    if (!v) continue;
    if (a.fn == Aggregate::Fn::kCountDistinct) {
      if (acc.distinct.size() < 1'000'000) acc.distinct.insert(*v);
      continue;
    }
    double x = 0;
    if (a.fn != Aggregate::Fn::kCount && !core::ParseNumber(*v, &x)) continue;
    acc.min = acc.count == 0 ? x : std::min(acc.min, x);
    acc.max = acc.count == 0 ? x : std::max(acc.max, x);
    ++acc.count;
    acc.sum += x;
    if (a.fn == Aggregate::Fn::kPct) acc.values.push_back(x);
  }
}

void QueryRunner::AddRow(const LogEvent& e, EventView& ev) {
  std::vector<ResultField> row;
  auto add = [&](std::string_view field, std::string_view name) {
    if (std::optional<std::string> v = ev.Get(field)) row.push_back({std::string(name), *v});
  };
  if (!q_.display.empty()) {
    for (const std::string& f : q_.display) {
      auto p = std::find_if(q_.fields.begin(), q_.fields.end(),
                            [&](const Projection& x) { return x.name == f; });
      add(p != q_.fields.end() ? p->field : f, f);
    }
  } else if (!q_.fields.empty()) {
    for (const Projection& p : q_.fields) add(p.field, p.name);
  } else {
    add("@timestamp", "@timestamp");
    add("@message", "@message");
  }
  // Sort keys that are not projected are appended for sorting, then dropped.
  for (const auto& [field, desc] : q_.sort) {
    if (!CellOf(row, field)) add(field, "\x1f" + field);
  }
  uint64_t ptr = core::Hash64(fmt::format("{}/{}/{}", e.stream, e.timestamp_ms, sequence_++));
  row.push_back({"@ptr", fmt::format("{:016x}", ptr)});
  rows_.emplace_back(e.timestamp_ms, std::move(row));
  if (rows_.size() >= 2 * kMaxBufferedRows) {
    std::sort(rows_.begin(), rows_.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    rows_.resize(kMaxBufferedRows);
  }
}

QueryResult QueryRunner::Finish() {
  std::vector<std::vector<ResultField>> rows;
  if (!q_.aggregates.empty()) {
    for (auto& [joined, g] : groups_) {
      std::vector<ResultField> row = g.keys;
      for (size_t i = 0; i < q_.aggregates.size(); ++i) {
        const Aggregate& a = q_.aggregates[i];
        Accumulator& acc = g.accs[i];
        std::string v;
        switch (a.fn) {
          case Aggregate::Fn::kCount:
            v = std::to_string(acc.count);
            break;
          case Aggregate::Fn::kCountDistinct:
            v = std::to_string(acc.distinct.size());
            break;
          case Aggregate::Fn::kSum:
            v = Number(acc.sum);
            break;
          case Aggregate::Fn::kAvg:
            v = acc.count ? Number(acc.sum / acc.count) : "";
            break;
          case Aggregate::Fn::kMin:
            v = acc.count ? Number(acc.min) : "";
            break;
          case Aggregate::Fn::kMax:
            v = acc.count ? Number(acc.max) : "";
            break;
          case Aggregate::Fn::kPct: {
            if (acc.values.empty()) break;
            size_t rank = static_cast<size_t>(
                std::ceil(a.pct / 100 * static_cast<double>(acc.values.size())));
            size_t idx = rank == 0 ? 0 : std::min(acc.values.size() - 1, rank - 1);
            std::nth_element(acc.values.begin(), acc.values.begin() + idx, acc.values.end());
            v = Number(acc.values[idx]);
            break;
          }
        }
        if (!v.empty()) row.push_back({a.name, std::move(v)});
      }
      rows.push_back(std::move(row));
    }
    // Newest bin first, as Insights answers without a sort.
    if (q_.sort.empty() && !q_.group_by.empty() &&
        q_.group_by.front().key.kind == Operand::Kind::kBin) {
      std::string name = q_.group_by.front().name;
      std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
        return CompareCells(CellOf(a, name), CellOf(b, name)) > 0;
      });
    }
  } else {
    std::stable_sort(rows_.begin(), rows_.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [ts, row] : rows_) rows.push_back(std::move(row));
  }
  if (!q_.sort.empty()) {
    auto key = [](const std::vector<ResultField>& row, const std::string& field) {
      std::optional<std::string> v = CellOf(row, field);
      return v ? v : CellOf(row, "\x1f" + field);
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
      for (const auto& [field, desc] : q_.sort) {
        int c = CompareCells(key(a, field), key(b, field));
        if (c != 0) return desc ? c > 0 : c < 0;
      }
      return false;
    });
  }
  size_t limit = static_cast<size_t>(q_.limit.value_or(10'000));
  if (rows.size() > limit) rows.resize(limit);
  for (auto& row : rows) {
    std::erase_if(row,
                  [](const ResultField& f) { return !f.field.empty() && f.field[0] == '\x1f'; });
  }
  result_.rows = std::move(rows);
  return std::move(result_);
}

}  // namespace waggle::lang::cw_insights
