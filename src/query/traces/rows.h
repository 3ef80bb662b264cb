// Materialized rows: every present column of chosen rows, copied out of a
// table part so they can be rendered after the part is released. Used by
// point reads (a trace, a page of logs), never by aggregations.
#pragma once

#include <string>
#include <vector>

#include "store/catalog/table_part.h"

namespace waggle::query {

struct Cell {
  store::ColumnKey key;
  int64_t i = 0;
  double d = 0;
  std::string s;  // strings, bytes, JSON text and fixed-size ids

  // The cell as a model::Value viewing this cell's storage.
  model::Value AsValue() const;
};

struct Row {
  store::TableId table;
  std::vector<Cell> cells;

  // The cell named `name` (any type), or nullptr.
  const Cell* Find(std::string_view name) const;
  int64_t Int(std::string_view name, int64_t fallback = 0) const;
  std::string_view Str(std::string_view name) const;
};

// Copies rows `rows` (ascending indexes) of `part` out with every column.
absl::StatusOr<std::vector<Row>> ReadRows(const store::TableId& table, const store::TablePart& part,
                                          const std::vector<uint32_t>& rows);

// Reads the column `name` of type `type` (any kind), or nullptr if absent.
absl::StatusOr<std::shared_ptr<const store::Column>> ReadColumn(const store::TablePart& part,
                                                                std::string_view name,
                                                                store::ColumnType type);

}  // namespace waggle::query
