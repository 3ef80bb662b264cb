#include "store/head/table_builder.h"

#include <algorithm>
#include <numeric>

#include "core/check.h"

namespace waggle::store {
namespace {

// Marks every existing row of a dense column present, then makes it sparse.
void MakeSparse(Column& column) {
  if (column.sparse) return;
  column.sparse = true;
  column.present.Resize(column.rows);
  for (uint32_t r = 0; r < column.rows; ++r) column.present.Set(r);
}

// Appends one absent slot.
void AppendAbsent(Column& column) {
  MakeSparse(column);
  switch (column.key.type) {
    case ColumnType::kInt64:
    case ColumnType::kBool:
      column.ints.push_back(0);
      break;
    case ColumnType::kDouble:
      column.doubles.push_back(0);
      break;
    case ColumnType::kString:
      column.offsets.push_back(static_cast<uint32_t>(column.bytes.size()));
      break;
    case ColumnType::kFixed16:
    case ColumnType::kFixed8:
      column.bytes.append(FixedWidth(column.key.type), '\0');
      break;
  }
  ++column.rows;
  column.present.Resize(column.rows);
}

// Prepares the slot for `row` (the last row): returns true if the slot
// already holds a value that must be overwritten.
bool PrepareSlot(Column& column, uint32_t row) {
  if (column.rows == row + 1) return true;
  ++column.rows;
  if (column.sparse) {
    column.present.Resize(column.rows);
    column.present.Set(row);
  }
  return false;
}

}  // namespace

const Column* Chunk::Find(std::string_view name, ColumnType type) const {
  for (const Column& c : columns) {
    if (c.key.type == type && c.key.name == name) return &c;
  }
  return nullptr;
}

void TableBuilder::BeginRow(int64_t timestamp_ns) {
  if (rows_ == 0) {
    min_time_ns_ = max_time_ns_ = timestamp_ns;
  } else {
    min_time_ns_ = std::min(min_time_ns_, timestamp_ns);
    max_time_ns_ = std::max(max_time_ns_, timestamp_ns);
  }
  ++rows_;
  call_index_ = 0;
  SetInt("timestamp", timestamp_ns);
}

Column& TableBuilder::ColumnFor(std::string_view name, ColumnType type, model::ValueKind kind) {
  uint32_t call = call_index_++;
  if (call < predicted_.size()) {
    Column& guess = columns_[predicted_[call]];
    if (guess.key.type == type && guess.key.kind == kind && guess.key.name == name) {
      PadTo(guess, rows_ - 1);
      return guess;
    }
  } else {
    predicted_.resize(call + 1);
  }
  uint32_t slot = LookUpOrCreate(name, type, kind);
  predicted_[call] = slot;
  Column& column = columns_[slot];
  PadTo(column, rows_ - 1);
  return column;
}

uint32_t TableBuilder::LookUpOrCreate(std::string_view name, ColumnType type,
                                      model::ValueKind kind) {
  scratch_.assign(name);
  scratch_.push_back('\0');
  scratch_.push_back(static_cast<char>(type));
  scratch_.push_back(static_cast<char>(kind));
  auto it = index_.find(scratch_);
  if (it != index_.end()) return it->second;
  uint32_t slot = static_cast<uint32_t>(columns_.size());
  index_.emplace(scratch_, slot);
  Column& column = columns_.emplace_back();
  column.key = ColumnKey{std::string(name), type, kind};
  if (type == ColumnType::kString) column.offsets.push_back(0);
  memory_bytes_ += 64 + name.size();
  return slot;
}

void TableBuilder::PadTo(Column& column, uint32_t row) const {
  while (column.rows < row) AppendAbsent(column);
}

void TableBuilder::SetInt(std::string_view name, int64_t value, model::ValueKind kind) {
  Column& c = ColumnFor(
      name, kind == model::ValueKind::kBool ? ColumnType::kBool : ColumnType::kInt64, kind);
  if (PrepareSlot(c, rows_ - 1)) {
    c.ints.back() = value;
  } else {
    c.ints.push_back(value);
    memory_bytes_ += 8;
  }
}

void TableBuilder::SetBool(std::string_view name, bool value) {
  SetInt(name, value ? 1 : 0, model::ValueKind::kBool);
}

void TableBuilder::SetDouble(std::string_view name, double value) {
  Column& c = ColumnFor(name, ColumnType::kDouble, model::ValueKind::kDouble);
  if (PrepareSlot(c, rows_ - 1)) {
    c.doubles.back() = value;
  } else {
    c.doubles.push_back(value);
    memory_bytes_ += 8;
  }
}

void TableBuilder::SetString(std::string_view name, std::string_view value, model::ValueKind kind) {
  Column& c = ColumnFor(name, ColumnType::kString, kind);
  if (PrepareSlot(c, rows_ - 1)) {
    c.bytes.resize(c.offsets[c.offsets.size() - 2]);
    c.offsets.pop_back();
  }
  c.bytes.append(value);
  c.offsets.push_back(static_cast<uint32_t>(c.bytes.size()));
  memory_bytes_ += value.size() + 4;
}

void TableBuilder::SetFixed(std::string_view name, ColumnType type, const uint8_t* bytes) {
  Column& c = ColumnFor(name, type, model::ValueKind::kBytes);
  size_t width = FixedWidth(type);
  if (PrepareSlot(c, rows_ - 1)) c.bytes.resize(c.bytes.size() - width);
  c.bytes.append(reinterpret_cast<const char*>(bytes), width);
  memory_bytes_ += width;
}

void TableBuilder::SetValue(std::string_view name, const model::Value& value) {
  using model::ValueKind;
  switch (value.kind) {
    case ValueKind::kBool:
      SetBool(name, value.b);
      break;
    case ValueKind::kInt:
      SetInt(name, value.i);
      break;
    case ValueKind::kDouble:
      SetDouble(name, value.d);
      break;
    case ValueKind::kEmpty:
    case ValueKind::kString:
    case ValueKind::kBytes:
    case ValueKind::kArray:
    case ValueKind::kKvlist:
      SetString(name, value.str, value.kind);
      break;
  }
}

void TableBuilder::PadAll(std::vector<Column>& columns) const {
  for (Column& c : columns) PadTo(c, rows_);
}

Chunk TableBuilder::Seal() {
  PadAll(columns_);
  Chunk chunk;
  chunk.columns = std::move(columns_);
  chunk.rows = rows_;
  chunk.min_time_ns = min_time_ns_;
  chunk.max_time_ns = max_time_ns_;
  chunk.memory_bytes = memory_bytes_;
  columns_.clear();
  index_.clear();
  predicted_.clear();
  rows_ = 0;
  memory_bytes_ = 0;
  return chunk;
}

Chunk TableBuilder::Snapshot() const {
  Chunk chunk;
  chunk.columns = columns_;
  PadAll(chunk.columns);
  chunk.rows = rows_;
  chunk.min_time_ns = min_time_ns_;
  chunk.max_time_ns = max_time_ns_;
  chunk.memory_bytes = memory_bytes_;
  return chunk;
}

}  // namespace waggle::store
