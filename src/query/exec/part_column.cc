#include "query/exec/part_column.h"

#include <array>

#include "store/head/schema.h"

namespace waggle::query::exec {
namespace {

namespace schema = store::schema;

struct Candidate {
  std::string stored;
  Derive derive = Derive::kNone;
};

constexpr std::array<std::string_view, 6> kKindNames = {"unspecified", "internal", "server",
                                                        "client",      "producer", "consumer"};

// The derived or renamed candidates of a name, tried before the generic
// core-field/attribute lookup.
std::vector<Candidate> SpecialCandidates(std::string_view name, store::TableKind kind) {
  std::vector<Candidate> out;
  bool spans = kind == store::TableKind::kSpans;
  if (spans && name == "duration_ms")
    out.push_back({std::string(schema::kDurationNs), Derive::kNsToMs});
  if (spans && name == "error") {
    out.push_back({std::string(schema::kStatusCode), Derive::kErrorFlag});
    out.push_back({"e:exception.type", Derive::kPresentTrue});
    out.push_back({"e:exception.message", Derive::kPresentTrue});
  }
  if (name == schema::kTraceId || name == schema::kSpanId || name == schema::kParentId) {
    out.push_back({std::string(name), Derive::kHex});
  }
  if (spans && (name == schema::kKind || name == "type")) {
    out.push_back({std::string(schema::kKind), Derive::kSpanKindName});
  }
  if (!spans && name == "severity") out.push_back({std::string(schema::kSeverityText)});
  if (!spans && name == "severity_code") out.push_back({std::string(schema::kSeverityNumber)});
  if (name == "library.name") out.push_back({std::string(schema::kScopeName)});
  if (name == "library.version") out.push_back({std::string(schema::kScopeVersion)});
  if (name == "service.name") out.push_back({"r:service.name"});
  // Honeycomb's column telling spans from logs in one dataset; every row
  // has a timestamp, so it carries the constant.
  if (name == "meta.signal_type")
    out.push_back({std::string(schema::kTimestamp), Derive::kConstant});
  return out;
}

bool IsCoreName(std::string_view name) {
  return name.find(':') == std::string_view::npos && name != schema::kEvents &&
         name != schema::kLinks;
}

std::vector<Candidate> Candidates(std::string_view name, store::TableKind kind) {
  // Derived columns come first; attributes of the same name still supply
  // the rows the core field lacks.
  std::vector<Candidate> out = SpecialCandidates(name, kind);
  if (IsCoreName(name) && out.empty()) out.push_back({std::string(name)});
  for (std::string_view prefix :
       {schema::kSpanAttr, schema::kResourceAttr, schema::kScopeAttr, schema::kExceptionAttr}) {
    std::string stored = std::string(prefix) + std::string(name);
    bool seen = false;
    for (const Candidate& c : out) seen = seen || c.stored == stored;
    if (!seen) out.push_back({std::move(stored)});
  }
  return out;
}

int TypeRank(store::ColumnType t) {
  // Within one name, prefer the richer types first so a row's present value
  // is read whichever type it was stored as (rows have at most one).
  switch (t) {
    case store::ColumnType::kInt64:
      return 0;
    case store::ColumnType::kDouble:
      return 1;
    case store::ColumnType::kBool:
      return 2;
    default:
      return 3;
  }
}

std::string HexOf(const store::Column& c) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(c.bytes.size() * 2, '0');
  for (size_t i = 0; i < c.bytes.size(); ++i) {
    uint8_t b = static_cast<uint8_t>(c.bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 0xF];
  }
  return out;
}

}  // namespace

Value PartColumn::GetFrom(const Source& s, uint32_t r) {
  const store::Column& c = *s.column;
  if (!c.IsPresent(r)) return Value{};
  Value v;
  switch (s.derive) {
    case Derive::kNsToMs:
      v.type = ValueType::kDouble;
      v.d = static_cast<double>(c.ints[r]) / 1e6;
      return v;
    case Derive::kSpanKindName: {
      int64_t k = c.ints[r];
      v.type = ValueType::kString;
      v.s = k >= 0 && k < static_cast<int64_t>(kKindNames.size()) ? kKindNames[k] : "unspecified";
      return v;
    }
    case Derive::kHex: {
      size_t w = 2 * store::FixedWidth(c.key.type);
      v.type = ValueType::kString;
      v.s = std::string_view(s.text).substr(r * w, w);
      return v;
    }
    case Derive::kConstant:
      v.type = ValueType::kString;
      v.s = s.text;
      return v;
    case Derive::kErrorFlag:
      if (c.ints[r] != 2) return Value{};
      v.type = ValueType::kBool;
      v.i = 1;
      return v;
    case Derive::kPresentTrue:
      v.type = ValueType::kBool;
      v.i = 1;
      return v;
    case Derive::kNone:
      break;
  }
  switch (c.key.type) {
    case store::ColumnType::kInt64:
      v.type = ValueType::kInt;
      v.i = c.ints[r];
      break;
    case store::ColumnType::kBool:
      v.type = ValueType::kBool;
      v.i = c.ints[r];
      break;
    case store::ColumnType::kDouble:
      v.type = ValueType::kDouble;
      v.d = c.doubles[r];
      break;
    case store::ColumnType::kString:
      v.type = ValueType::kString;
      v.s = c.StringAt(r);
      break;
    default:
      v.type = ValueType::kString;
      v.s = c.FixedAt(r, store::FixedWidth(c.key.type));
      break;
  }
  return v;
}

absl::StatusOr<PartColumn> ResolveColumn(const store::TablePart& part,
                                         const std::vector<store::ColumnKey>& keys,
                                         store::TableKind kind, std::string_view name) {
  PartColumn out;
  for (const Candidate& cand : Candidates(name, kind)) {
    std::vector<const store::ColumnKey*> matches;
    for (const store::ColumnKey& k : keys) {
      if (k.name == cand.stored) matches.push_back(&k);
    }
    std::stable_sort(matches.begin(), matches.end(), [](const auto* a, const auto* b) {
      return TypeRank(a->type) < TypeRank(b->type);
    });
    for (const store::ColumnKey* k : matches) {
      ASSIGN_OR_RETURN(std::shared_ptr<const store::Column> col, part.Read(*k));
      if (col == nullptr) continue;
      Source s;
      s.derive = cand.derive;
      bool fixed = store::FixedWidth(k->type) != 0;
      if (fixed) {
        s.derive = Derive::kHex;
        s.text = HexOf(*col);
      }
      if (s.derive == Derive::kConstant) {
        s.text = kind == store::TableKind::kSpans ? "trace" : "log";
      }
      bool needs_int = s.derive == Derive::kNsToMs || s.derive == Derive::kSpanKindName ||
                       s.derive == Derive::kErrorFlag || s.derive == Derive::kConstant;
      if (needs_int && k->type != store::ColumnType::kInt64) continue;
      s.column = std::move(col);
      out.mutable_sources().push_back(std::move(s));
    }
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const store::Column>> ReadIntColumn(
    const store::TablePart& part, const std::vector<store::ColumnKey>& keys,
    std::string_view name) {
  for (const store::ColumnKey& k : keys) {
    if (k.name == name && k.type == store::ColumnType::kInt64) return part.Read(k);
  }
  return std::shared_ptr<const store::Column>();
}

}  // namespace waggle::query::exec
