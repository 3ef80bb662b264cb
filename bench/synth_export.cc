// waggle_synth_export: writes the spans `waggle load --synthetic N` stores
// as flat rows, so peers (ClickHouse, DuckDB) load the very same data.
// Each request of synth::Generator goes through the real OTLP decoder into a
// model::EventBatch; every span becomes one row (columns in bench/README.md).
// Usage: waggle_synth_export --spans N [--seed 1] [--days 1] [--start-ns T]
//            [--format jsonl|tsv] [--out FILE (default stdout)]
// jsonl is ClickHouse JSONEachRow / DuckDB read_ndjson; tsv is ClickHouse
// TabSeparated (\t \n \\ escaped). Prints the start_ns it used to stderr.
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "CLI/CLI.hpp"
#include "core/json_writer.h"
#include "ingest/otlp/decode.h"
#include "model/event_batch.h"
#include "model/ids.h"
#include "model/value_json.h"
#include "synth/generator.h"

namespace {

using waggle::model::Attribute;
using waggle::model::EventBatch;
using waggle::model::Span;
using waggle::model::Value;
using waggle::model::ValueKind;

// The promoted attribute columns; every other attribute goes to `attributes`.
struct Promoted {
  std::string_view service_name, http_method, http_route, user_id, db_statement;
  int64_t http_status = 0;
};

// True if the attribute was taken into one of the promoted columns.
bool Promote(const Attribute& a, Promoted* p) {
  if (a.value.kind == ValueKind::kString) {
    if (a.key == "service.name") return p->service_name = a.value.str, true;
    if (a.key == "http.request.method") return p->http_method = a.value.str, true;
    if (a.key == "http.route") return p->http_route = a.value.str, true;
    if (a.key == "user.id") return p->user_id = a.value.str, true;
    if (a.key == "db.statement") return p->db_statement = a.value.str, true;
  }
  if (a.key == "http.response.status_code" && a.value.kind == ValueKind::kInt) {
    p->http_status = a.value.i;
    return true;
  }
  return false;
}

// Writes one attribute value as plain JSON (arrays/kvlists as their JSON).
void WriteValue(const Value& v, waggle::core::JsonWriter* w) {
  switch (v.kind) {
    case ValueKind::kString:
    case ValueKind::kBytes:
      w->String(v.str);
      break;
    case ValueKind::kBool:
      w->Bool(v.b);
      break;
    case ValueKind::kInt:
      w->Int(v.i);
      break;
    case ValueKind::kDouble:
      w->Double(v.d);
      break;
    case ValueKind::kArray:
    case ValueKind::kKvlist:
      w->Raw(v.str);
      break;
    case ValueKind::kEmpty:
      w->Null();
      break;
  }
}

// Adds the non-promoted attributes of [begin, end) to an open JSON object.
void WriteAttributes(const EventBatch& b, waggle::model::Range r, Promoted* p,
                     waggle::core::JsonWriter* w) {
  for (uint32_t i = r.begin; i < r.end; ++i) {
    const Attribute& a = b.attributes[i];
    if (Promote(a, p)) continue;
    w->Key(a.key);
    WriteValue(a.value, w);
  }
}

// The span's events as a JSON array of {time_ns, name, attributes}, or "".
std::string EventsJson(const EventBatch& b, const Span& s) {
  if (s.events.empty()) return "";
  waggle::core::JsonWriter w;
  w.BeginArray();
  for (uint32_t i = s.events.begin; i < s.events.end; ++i) {
    const auto& e = b.span_events[i];
    w.BeginObject().Key("time_ns").Int(e.time_ns).Key("name").String(e.name);
    w.Key("attributes").BeginObject();
    for (uint32_t j = e.attributes.begin; j < e.attributes.end; ++j) {
      w.Key(b.attributes[j].key);
      WriteValue(b.attributes[j].value, &w);
    }
    w.EndObject().EndObject();
  }
  w.EndArray();
  return w.Release();
}

struct Row {
  const Span* span;
  Promoted p;
  std::string attributes, events;
};

Row MakeRow(const EventBatch& b, const Span& s) {
  Row row{&s, {}, {}, EventsJson(b, s)};
  waggle::core::JsonWriter w;
  w.BeginObject();
  WriteAttributes(b, b.resources[s.resource].attributes, &row.p, &w);
  WriteAttributes(b, s.attributes, &row.p, &w);
  w.EndObject();
  row.attributes = w.Release();
  return row;
}

std::string ParentHex(const Span& s) {
  return waggle::model::IsZeroId(s.parent_span_id) ? "" : waggle::model::IdToHex(s.parent_span_id);
}

void AppendJsonRow(const EventBatch& b, const Row& r, std::string* out) {
  const Span& s = *r.span;
  waggle::core::JsonWriter w;
  w.BeginObject()
      .Key("start_ns")
      .Int(s.start_ns)
      .Key("trace_id")
      .String(waggle::model::IdToHex(s.trace_id))
      .Key("span_id")
      .String(waggle::model::IdToHex(s.span_id))
      .Key("parent_id")
      .String(ParentHex(s))
      .Key("service_name")
      .String(r.p.service_name)
      .Key("name")
      .String(s.name)
      .Key("kind")
      .Int(static_cast<int>(s.kind))
      .Key("duration_ns")
      .Int(s.end_ns - s.start_ns)
      .Key("status_code")
      .Int(static_cast<int>(s.status_code))
      .Key("status_message")
      .String(s.status_message)
      .Key("http_method")
      .String(r.p.http_method)
      .Key("http_route")
      .String(r.p.http_route)
      .Key("http_status")
      .Int(r.p.http_status)
      .Key("user_id")
      .String(r.p.user_id)
      .Key("db_statement")
      .String(r.p.db_statement)
      .Key("scope_name")
      .String(b.scopes[s.scope].name)
      .Key("attributes")
      .String(r.attributes)
      .Key("events")
      .String(r.events)
      .EndObject();
  *out += w.str();
  *out += '\n';
}

// ClickHouse TabSeparated escaping.
void AppendTsvField(std::string_view v, std::string* out) {
  for (char c : v) {
    switch (c) {
      case '\t':
        *out += "\\t";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\\':
        *out += "\\\\";
        break;
      default:
        *out += c;
    }
  }
}

void AppendTsvRow(const EventBatch& b, const Row& r, std::string* out) {
  const Span& s = *r.span;
  std::string nums[] = {std::to_string(s.start_ns),
                        waggle::model::IdToHex(s.trace_id),
                        waggle::model::IdToHex(s.span_id),
                        ParentHex(s),
                        std::to_string(static_cast<int>(s.kind)),
                        std::to_string(s.end_ns - s.start_ns),
                        std::to_string(static_cast<int>(s.status_code)),
                        std::to_string(r.p.http_status)};
  std::string_view cols[] = {
      nums[0],          nums[1],          nums[2],          nums[3],
      r.p.service_name, s.name,           nums[4],          nums[5],
      nums[6],          s.status_message, r.p.http_method,  r.p.http_route,
      nums[7],          r.p.user_id,      r.p.db_statement, b.scopes[s.scope].name,
      r.attributes,     r.events};
  for (size_t i = 0; i < std::size(cols); ++i) {
    if (i) *out += '\t';
    AppendTsvField(cols[i], out);
  }
  *out += '\n';
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t spans = 0, seed = 1;
  double days = 1;
  int64_t start_ns = 0;
  std::string format = "jsonl", out_path;
  CLI::App app{"synthetic spans as flat rows for peer databases"};
  app.add_option("--spans", spans, "how many spans (as waggle load --synthetic)")
      ->required()
      ->check(CLI::Range(uint64_t{1}, uint64_t{2'000'000'000}));
  app.add_option("--seed", seed, "generator seed (as waggle load --seed)");
  app.add_option("--days", days, "spread over this many days up to now (as waggle load)")
      ->check(CLI::Range(0.001, 3650.0));
  app.add_option("--start-ns", start_ns, "first trace start (default: now - days)");
  app.add_option("--format", format, "jsonl or tsv")->check(CLI::IsMember({"jsonl", "tsv"}));
  app.add_option("--out", out_path, "output file (default stdout)");
  CLI11_PARSE(app, argc, argv);

  int64_t span_ns = static_cast<int64_t>(days * 86400e9);
  if (start_ns == 0) {
    start_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count() -
               span_ns;
  }
  waggle::synth::Options options;
  options.seed = seed;
  options.start_ns = start_ns;
  options.spans_per_second = static_cast<double>(spans) / (span_ns / 1e9);
  waggle::synth::Generator generator(options);

  FILE* out = out_path.empty() ? stdout : std::fopen(out_path.c_str(), "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "waggle_synth_export: cannot open %s\n", out_path.c_str());
    return 1;
  }
  std::string request, text;
  EventBatch batch;
  uint64_t done = 0;
  while (done < spans) {
    // The same request sizes as `waggle load`, so the same spans come out.
    generator.NextTracesRequest(std::min<uint64_t>(1024, spans - done), &request);
    batch.Clear();
    auto decoded = waggle::ingest::otlp::DecodeTracesProto(request, &batch);
    if (!decoded.ok()) {
      std::fprintf(stderr, "waggle_synth_export: %s\n",
                   std::string(decoded.status().message()).c_str());
      return 1;
    }
    text.clear();
    for (const Span& s : batch.spans) {
      Row row = MakeRow(batch, s);
      if (format == "jsonl") {
        AppendJsonRow(batch, row, &text);
      } else {
        AppendTsvRow(batch, row, &text);
      }
    }
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
      std::fprintf(stderr, "waggle_synth_export: write failed\n");
      return 1;
    }
    done += batch.spans.size();
  }
  if (out != stdout && std::fclose(out) != 0) return 1;
  if (out == stdout) std::fflush(stdout);
  std::fprintf(stderr, "{\"spans\":%llu,\"start_ns\":%lld}\n",
               static_cast<unsigned long long>(done), static_cast<long long>(start_ns));
  return 0;
}
