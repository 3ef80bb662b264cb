// TableBuilder accumulates rows of one table (one dataset's spans or logs)
// column by column, and seals them into immutable Chunks of Columns that
// readers share and the flusher turns into segment files.
//
// Columns appear on first use: a value set for a column that earlier rows
// lacked makes that column sparse (a presence bitmap). Not thread-safe: the
// owner (store::Head) serializes calls.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "store/column/column.h"

namespace waggle::store {

// An immutable group of rows, readable by many threads at once.
struct Chunk {
  std::vector<Column> columns;
  uint32_t rows = 0;
  int64_t min_time_ns = 0;
  int64_t max_time_ns = 0;
  size_t memory_bytes = 0;

  // The column with this name and type, or nullptr.
  const Column* Find(std::string_view name, ColumnType type) const;
};

class TableBuilder {
 public:
  TableBuilder() = default;
  TableBuilder(const TableBuilder&) = delete;
  TableBuilder& operator=(const TableBuilder&) = delete;

  // Starts a new row with the given timestamp; later Set* calls fill it.
  void BeginRow(int64_t timestamp_ns);
  // Sets a value of the current row. Setting a column twice in one row
  // keeps the last value.
  void SetInt(std::string_view name, int64_t value, model::ValueKind kind = model::ValueKind::kInt);
  void SetDouble(std::string_view name, double value);
  void SetBool(std::string_view name, bool value);
  void SetString(std::string_view name, std::string_view value,
                 model::ValueKind kind = model::ValueKind::kString);
  void SetFixed(std::string_view name, ColumnType type, const uint8_t* bytes);
  // Sets a typed attribute value under `name` (its kind picks the column).
  void SetValue(std::string_view name, const model::Value& value);

  uint32_t rows() const { return rows_; }
  size_t memory_bytes() const { return memory_bytes_; }
  // Returns the rows so far as a Chunk and empties the builder.
  Chunk Seal();
  // Copies the rows so far into a Chunk, leaving the builder as it was.
  Chunk Snapshot() const;

 private:
  Column& ColumnFor(std::string_view name, ColumnType type, model::ValueKind kind);
  uint32_t LookUpOrCreate(std::string_view name, ColumnType type, model::ValueKind kind);
  // Pads `column` with absent values up to the current row (exclusive).
  void PadTo(Column& column, uint32_t row) const;
  void PadAll(std::vector<Column>& columns) const;

  std::vector<Column> columns_;
  absl::flat_hash_map<std::string, uint32_t> index_;  // name + '\0' + type -> columns_ slot
  std::string scratch_;
  // Rows of one table mostly set the same columns in the same order, so
  // the n-th Set call of a row is first tried against the column the n-th
  // call of the previous row used: a string compare instead of a hash.
  std::vector<uint32_t> predicted_;
  uint32_t call_index_ = 0;
  uint32_t rows_ = 0;
  int64_t min_time_ns_ = 0;
  int64_t max_time_ns_ = 0;
  size_t memory_bytes_ = 0;
};

// Concatenates chunks of one table into one, padding columns a chunk lacks,
// and orders its rows by the int64 `timestamp` column.
Chunk MergeAndSortByTime(const std::vector<std::shared_ptr<const Chunk>>& chunks);

}  // namespace waggle::store
