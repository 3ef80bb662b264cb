#include "query/exec/filter_eval.h"

namespace waggle::query::exec {
namespace {

std::string_view StringForm(const Value& v, std::string* scratch) {
  switch (v.type) {
    case ValueType::kString:
      return v.s;
    case ValueType::kBool:
      return v.i != 0 ? "true" : "false";
    case ValueType::kInt:
      *scratch = std::to_string(v.i);
      return *scratch;
    case ValueType::kDouble:
      *scratch = fmt::format("{}", v.d);
      return *scratch;
    case ValueType::kNull:
      break;
  }
  return {};
}

bool StringOp(std::string_view s, FilterOp op, std::string_view lit) {
  switch (op) {
    case FilterOp::kStartsWith:
      return s.starts_with(lit);
    case FilterOp::kNotStartsWith:
      return !s.starts_with(lit);
    case FilterOp::kEndsWith:
      return s.ends_with(lit);
    case FilterOp::kNotEndsWith:
      return !s.ends_with(lit);
    case FilterOp::kContains:
      return s.find(lit) != std::string_view::npos;
    case FilterOp::kNotContains:
      return s.find(lit) == std::string_view::npos;
    default:
      return false;
  }
}

bool InList(const Value& v, const std::vector<Literal>& values) {
  for (const Literal& lit : values) {
    std::optional<int> c = CompareWithLiteral(v, lit);
    if (c && *c == 0) return true;
  }
  return false;
}

}  // namespace

bool Matches(const Value& v, const CompiledFilter& f) {
  if (f.op == FilterOp::kNotExists) return v.is_null();
  if (v.is_null()) return false;
  switch (f.op) {
    case FilterOp::kExists:
      return true;
    case FilterOp::kIn:
      return InList(v, f.values);
    case FilterOp::kNotIn:
      return !InList(v, f.values);
    case FilterOp::kEq:
    case FilterOp::kNe:
    case FilterOp::kGt:
    case FilterOp::kGe:
    case FilterOp::kLt:
    case FilterOp::kLe: {
      std::optional<int> c = CompareWithLiteral(v, f.values[0]);
      if (!c) return f.op == FilterOp::kNe;
      switch (f.op) {
        case FilterOp::kEq:
          return *c == 0;
        case FilterOp::kNe:
          return *c != 0;
        case FilterOp::kGt:
          return *c > 0;
        case FilterOp::kGe:
          return *c >= 0;
        case FilterOp::kLt:
          return *c < 0;
        default:
          return *c <= 0;
      }
    }
    default:
      break;
  }
  std::string scratch;
  return StringOp(StringForm(v, &scratch), f.op, f.values[0].s);
}

void FilterMask(const std::vector<CompiledFilter>& filters,
                const std::vector<const PartColumn*>& columns, bool any,
                const std::vector<uint32_t>& rows, std::vector<uint8_t>* mask) {
  mask->assign(rows.size(), any && !filters.empty() ? 0 : 1);
  for (size_t f = 0; f < filters.size(); ++f) {
    const PartColumn& col = *columns[f];
    uint8_t* m = mask->data();
    for (size_t k = 0; k < rows.size(); ++k) {
      if (any ? m[k] != 0 : m[k] == 0) continue;
      m[k] = Matches(col.Get(rows[k]), filters[f]) ? 1 : 0;
    }
  }
}

namespace {

// Narrows `rows` by one filter over a dictionary column: each distinct value
// is tested once, then rows are kept by their code.
void NarrowByCodes(const store::Column& c, const CompiledFilter& f, std::vector<uint32_t>* rows) {
  std::vector<uint8_t> pass(c.dict_entries.size());
  for (size_t i = 0; i < pass.size(); ++i) {
    pass[i] = Matches(Value{ValueType::kString, 0, 0, c.dict_entries[i]}, f) ? 1 : 0;
  }
  bool absent_passes = Matches(Value{}, f);
  const uint32_t* codes = c.dict_codes.data();
  size_t out = 0;
  for (uint32_t r : *rows) {
    bool ok = c.IsPresent(r) ? pass[codes[r]] != 0 : absent_passes;
    if (ok) (*rows)[out++] = r;
  }
  rows->resize(out);
}

}  // namespace

void ApplyFilters(const std::vector<CompiledFilter>& filters,
                  const std::vector<const PartColumn*>& columns, bool any,
                  std::vector<uint32_t>* rows) {
  if (filters.empty()) return;
  if (!any) {
    // AND: each filter narrows the survivors of the previous one.
    for (size_t f = 0; f < filters.size(); ++f) {
      if (const store::Column* dict = columns[f]->DictSource()) {
        NarrowByCodes(*dict, filters[f], rows);
        continue;
      }
      size_t out = 0;
      for (uint32_t r : *rows) {
        if (Matches(columns[f]->Get(r), filters[f])) (*rows)[out++] = r;
      }
      rows->resize(out);
    }
    return;
  }
  std::vector<uint8_t> mask;
  FilterMask(filters, columns, any, *rows, &mask);
  size_t out = 0;
  for (size_t k = 0; k < rows->size(); ++k) {
    if (mask[k]) (*rows)[out++] = (*rows)[k];
  }
  rows->resize(out);
}

}  // namespace waggle::query::exec
