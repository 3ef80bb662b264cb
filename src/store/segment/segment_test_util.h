// Synthetic span tables for the segment tests: the core span columns plus
// attribute columns with realistic cardinalities. Deterministic per seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "store/column/column.h"

namespace waggle::store::segment {

// Accumulates one column row by row.
class TestColumn {
 public:
  TestColumn(std::string name, ColumnType type, bool sparse) {
    c_.key = {std::move(name), type, KindOf(type)};
    c_.sparse = sparse;
    if (type == ColumnType::kString) c_.offsets.push_back(0);
  }
  void AddInt(int64_t v) { Next(true).ints.push_back(v); }
  void AddDouble(double v) { Next(true).doubles.push_back(v); }
  void AddBytes(std::string_view v) {
    Column& c = Next(true);
    c.bytes.append(v);
    if (c.key.type == ColumnType::kString)
      c.offsets.push_back(static_cast<uint32_t>(c.bytes.size()));
  }
  void AddNull() {
    Column& c = Next(false);
    switch (c.key.type) {
      case ColumnType::kInt64:
      case ColumnType::kBool:
        c.ints.push_back(0);
        break;
      case ColumnType::kDouble:
        c.doubles.push_back(0);
        break;
      case ColumnType::kString:
        c.offsets.push_back(static_cast<uint32_t>(c.bytes.size()));
        break;
      default:
        c.bytes.append(FixedWidth(c.key.type), '\0');
    }
  }
  Column Take() { return std::move(c_); }

 private:
  static model::ValueKind KindOf(ColumnType type) {
    switch (type) {
      case ColumnType::kInt64:
        return model::ValueKind::kInt;
      case ColumnType::kDouble:
        return model::ValueKind::kDouble;
      case ColumnType::kBool:
        return model::ValueKind::kBool;
      case ColumnType::kString:
        return model::ValueKind::kString;
      default:
        return model::ValueKind::kBytes;
    }
  }
  Column& Next(bool present) {
    uint32_t row = c_.rows++;
    if (c_.sparse) {
      c_.present.Resize(c_.rows);
      if (present) c_.present.Set(row);
    }
    return c_;
  }
  Column c_;
};

// `rows` spans in traces of 1-50 spans; timestamps increase; ~15 attribute
// columns including a 100k-value user.id and some sparse ones. The trace ids
// written are appended to `trace_ids` (if not null).
inline std::vector<Column> MakeSpanTable(uint32_t rows, uint64_t seed,
                                         std::vector<std::string>* trace_ids = nullptr) {
  std::mt19937_64 rng(seed);
  auto pick = [&](uint64_t n) { return rng() % n; };
  TestColumn ts("timestamp", ColumnType::kInt64, false),
      dur("duration_ns", ColumnType::kInt64, false),
      trace("trace.trace_id", ColumnType::kFixed16, false),
      span("trace.span_id", ColumnType::kFixed8, false),
      parent("trace.parent_id", ColumnType::kFixed8, false),
      name("name", ColumnType::kString, false), kind("span.kind", ColumnType::kInt64, false),
      status("status_code", ColumnType::kInt64, false),
      service("r:service.name", ColumnType::kString, false),
      host("r:host.name", ColumnType::kString, false),
      sdk("r:telemetry.sdk.language", ColumnType::kString, false),
      route("a:http.route", ColumnType::kString, true),
      method("a:http.method", ColumnType::kString, true),
      code("a:http.status_code", ColumnType::kInt64, true),
      user("a:user.id", ColumnType::kString, true), db("a:db.system", ColumnType::kString, true),
      stmt("a:db.statement", ColumnType::kString, true),
      cache("a:cache.hit", ColumnType::kBool, true),
      size("a:http.response_size", ColumnType::kInt64, true),
      ratio("a:sample.ratio", ColumnType::kDouble, true),
      error("a:error.message", ColumnType::kString, true);
  static const char* kServices[] = {"frontend", "checkout",  "cart",     "payments", "users",
                                    "search",   "inventory", "shipping", "email",    "auth"};
  static const char* kRoutes[] = {"/api/activities", "/api/users/:id", "/api/messages", "/health",
                                  "/api/search",     "/api/cart",      "/api/checkout", "/login"};
  static const char* kMethods[] = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  int64_t t = 1'750'000'000'000'000'000;
  uint32_t row = 0;
  while (row < rows) {
    std::string trace_id(16, '\0');
    for (char& ch : trace_id) ch = static_cast<char>(rng());
    if (trace_ids != nullptr) trace_ids->push_back(trace_id);
    uint32_t spans = std::min<uint32_t>(1 + pick(50), rows - row);
    std::string user_id = "user-" + std::to_string(pick(100000));
    std::vector<std::string> span_ids;
    for (uint32_t s = 0; s < spans; ++s, ++row) {
      t += static_cast<int64_t>(pick(2'000'000));  // ~1000 spans/s
      ts.AddInt(t);
      dur.AddInt(static_cast<int64_t>(1000 + pick(50'000) * pick(2000)));
      trace.AddBytes(trace_id);
      std::string span_id(8, '\0');
      for (char& ch : span_id) ch = static_cast<char>(rng());
      span.AddBytes(span_id);
      if (s == 0) {
        parent.AddBytes(std::string(8, '\0'));
      } else {
        parent.AddBytes(span_ids[pick(span_ids.size())]);
      }
      span_ids.push_back(span_id);
      uint64_t svc = (s == 0) ? 0 : pick(10);
      uint64_t rt = pick(8);
      name.AddBytes(std::string(kMethods[rt % 6]) + " " + kRoutes[rt]);
      kind.AddInt(s == 0 ? 2 : static_cast<int64_t>(pick(3)));
      bool failed = pick(50) == 0;
      status.AddInt(failed ? 2 : 0);
      service.AddBytes(kServices[svc]);
      host.AddBytes("ip-10-0-" + std::to_string(svc) + "-" + std::to_string(pick(4)) +
                    ".ec2.internal");
      sdk.AddBytes(svc < 5 ? "nodejs" : "python");
      bool http = pick(3) != 0;
      if (http) {
        route.AddBytes(kRoutes[rt]);
        method.AddBytes(kMethods[rt % 6]);
        code.AddInt(failed ? 500 : 200);
        size.AddInt(static_cast<int64_t>(pick(20000)));
      } else {
        route.AddNull();
        method.AddNull();
        code.AddNull();
        size.AddNull();
      }
      if (pick(2) == 0) {
        user.AddBytes(user_id);
      } else {
        user.AddNull();
      }
      if (!http && pick(2) == 0) {
        db.AddBytes("postgresql");
        stmt.AddBytes("SELECT * FROM activities WHERE user_id = $" + std::to_string(1 + pick(3)));
        cache.AddInt(static_cast<int64_t>(pick(2)));
      } else {
        db.AddNull();
        stmt.AddNull();
        cache.AddNull();
      }
      if (s == 0) {
        ratio.AddDouble(pick(4) == 0 ? 0.25 : 1.0);
      } else {
        ratio.AddNull();
      }
      if (failed) {
        error.AddBytes("connection reset by peer (" + std::to_string(pick(1000)) + ")");
      } else {
        error.AddNull();
      }
    }
  }
  std::vector<Column> out;
  for (TestColumn* c :
       {&ts,    &dur,    &trace, &span, &parent, &name, &kind,  &status, &service, &host, &sdk,
        &route, &method, &code,  &user, &db,     &stmt, &cache, &size,   &ratio,   &error}) {
    out.push_back(c->Take());
  }
  return out;
}

}  // namespace waggle::store::segment
