#include "query/traces/rows.h"

#include <algorithm>

namespace waggle::query {

model::Value Cell::AsValue() const {
  using model::ValueKind;
  switch (key.type) {
    case store::ColumnType::kBool:
      return model::Value::Bool(i != 0);
    case store::ColumnType::kInt64:
      return model::Value::Int(i);
    case store::ColumnType::kDouble:
      return model::Value::Double(d);
    default:
      break;
  }
  model::Value v;
  v.kind = key.kind;
  v.str = s;
  return v;
}

const Cell* Row::Find(std::string_view name) const {
  for (const Cell& c : cells) {
    if (c.key.name == name) return &c;
  }
  return nullptr;
}

int64_t Row::Int(std::string_view name, int64_t fallback) const {
  const Cell* c = Find(name);
  return c != nullptr ? c->i : fallback;
}

std::string_view Row::Str(std::string_view name) const {
  const Cell* c = Find(name);
  return c != nullptr ? std::string_view(c->s) : std::string_view();
}

absl::StatusOr<std::shared_ptr<const store::Column>> ReadColumn(const store::TablePart& part,
                                                                std::string_view name,
                                                                store::ColumnType type) {
  for (const store::ColumnKey& key : part.Keys()) {
    if (key.type == type && key.name == name) return part.Read(key);
  }
  return std::shared_ptr<const store::Column>();
}

absl::StatusOr<std::vector<Row>> ReadRows(const store::TableId& table, const store::TablePart& part,
                                          const std::vector<uint32_t>& rows) {
  std::vector<Row> out(rows.size());
  for (Row& r : out) r.table = table;
  for (const store::ColumnKey& key : part.Keys()) {
    ASSIGN_OR_RETURN(auto column, part.ReadRows(key, rows));
    if (column == nullptr) continue;
    size_t width = store::FixedWidth(key.type);
    for (size_t k = 0; k < rows.size(); ++k) {
      uint32_t row = rows[k];
      if (!column->IsPresent(row)) continue;
      Cell& cell = out[k].cells.emplace_back();
      cell.key = key;
      switch (key.type) {
        case store::ColumnType::kInt64:
        case store::ColumnType::kBool:
          cell.i = column->ints[row];
          break;
        case store::ColumnType::kDouble:
          cell.d = column->doubles[row];
          break;
        case store::ColumnType::kString:
          cell.s = std::string(column->StringAt(row));
          break;
        case store::ColumnType::kFixed16:
        case store::ColumnType::kFixed8:
          cell.s = std::string(column->FixedAt(row, width));
          break;
      }
    }
  }
  return out;
}

}  // namespace waggle::query
