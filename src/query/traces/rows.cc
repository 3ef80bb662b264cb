#include "query/traces/rows.h"

#include <algorithm>
#include <future>
#include <iterator>

namespace waggle::query {
namespace {

// Cells a span row usually has: reserved up front so a row grows once at most.
constexpr size_t kTypicalCells = 32;
// Below this many rows a point read stays on the calling thread.
constexpr size_t kRowsWorthASecondThread = 256;

}  // namespace

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

namespace {

// Appends to out[k] the cells of rows[k] from the columns keys[begin, end).
absl::Status ReadCells(const store::TablePart& part, const std::vector<uint32_t>& rows,
                       const std::vector<store::ColumnKey>& keys, size_t begin, size_t end,
                       std::vector<Row>& out) {
  for (size_t i = begin; i < end; ++i) {
    const store::ColumnKey& key = keys[i];
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
  return absl::OkStatus();
}

std::vector<Row> EmptyRows(const store::TableId& table, size_t n) {
  std::vector<Row> out(n);
  for (Row& r : out) {
    r.table = table;
    r.cells.reserve(kTypicalCells);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Row>> ReadRows(const store::TableId& table, const store::TablePart& part,
                                          const std::vector<uint32_t>& rows) {
  const std::vector<store::ColumnKey>& keys = part.Keys();
  std::vector<Row> out = EmptyRows(table, rows.size());
  if (rows.size() < kRowsWorthASecondThread) {
    RETURN_IF_ERROR(ReadCells(part, rows, keys, 0, keys.size(), out));
    return out;
  }
  // Decoding is most of the cost: a second thread takes the later half of
  // the columns, and its cells follow the first half's, so every row keeps
  // the part's column order.
  size_t mid = keys.size() / 2;
  std::vector<Row> later(rows.size());
  std::future<absl::Status> second = std::async(
      std::launch::async, [&] { return ReadCells(part, rows, keys, mid, keys.size(), later); });
  absl::Status first = ReadCells(part, rows, keys, 0, mid, out);
  absl::Status second_status = second.get();
  RETURN_IF_ERROR(first);
  RETURN_IF_ERROR(second_status);
  for (size_t k = 0; k < rows.size(); ++k) {
    std::vector<Cell>& cells = out[k].cells;
    cells.insert(cells.end(), std::make_move_iterator(later[k].cells.begin()),
                 std::make_move_iterator(later[k].cells.end()));
  }
  return out;
}

}  // namespace waggle::query
