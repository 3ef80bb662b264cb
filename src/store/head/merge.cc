// MergeAndSortByTime: the flusher's step from head chunks to one sorted table.
#include <algorithm>

#include "core/check.h"
#include "store/head/table_builder.h"

namespace waggle::store {
namespace {

struct RowRef {
  int64_t time;
  uint32_t chunk;
  uint32_t row;
};

std::vector<RowRef> SortedRows(const std::vector<std::shared_ptr<const Chunk>>& chunks) {
  std::vector<RowRef> refs;
  for (uint32_t c = 0; c < chunks.size(); ++c) {
    const Column* time = chunks[c]->Find("timestamp", ColumnType::kInt64);
    CHECK(time != nullptr || chunks[c]->rows == 0);
    for (uint32_t r = 0; r < chunks[c]->rows; ++r) refs.push_back({time->ints[r], c, r});
  }
  std::stable_sort(refs.begin(), refs.end(),
                   [](const RowRef& a, const RowRef& b) { return a.time < b.time; });
  return refs;
}

const Column* FindExact(const Chunk& chunk, const ColumnKey& key) {
  for (const Column& c : chunk.columns) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

// Appends row `row` of `src` (or an absent slot when src is null) to `dst`.
void CopySlot(const Column* src, uint32_t row, Column& dst, uint32_t dst_row) {
  bool present = src != nullptr && src->IsPresent(row);
  if (!present) {
    dst.sparse = true;
  } else {
    dst.present.Set(dst_row);
  }
  switch (dst.key.type) {
    case ColumnType::kInt64:
    case ColumnType::kBool:
      dst.ints.push_back(present ? src->ints[row] : 0);
      break;
    case ColumnType::kDouble:
      dst.doubles.push_back(present ? src->doubles[row] : 0);
      break;
    case ColumnType::kString:
      if (present) dst.bytes.append(src->StringAt(row));
      dst.offsets.push_back(static_cast<uint32_t>(dst.bytes.size()));
      break;
    case ColumnType::kFixed16:
    case ColumnType::kFixed8: {
      size_t width = FixedWidth(dst.key.type);
      if (present) {
        dst.bytes.append(src->FixedAt(row, width));
      } else {
        dst.bytes.append(width, '\0');
      }
      break;
    }
  }
}

}  // namespace

Chunk MergeAndSortByTime(const std::vector<std::shared_ptr<const Chunk>>& chunks) {
  std::vector<RowRef> rows = SortedRows(chunks);
  std::vector<ColumnKey> keys;
  for (const auto& chunk : chunks) {
    for (const Column& c : chunk->columns) {
      if (std::find(keys.begin(), keys.end(), c.key) == keys.end()) keys.push_back(c.key);
    }
  }
  Chunk out;
  out.rows = static_cast<uint32_t>(rows.size());
  if (!rows.empty()) {
    out.min_time_ns = rows.front().time;
    out.max_time_ns = rows.back().time;
  }
  for (const ColumnKey& key : keys) {
    std::vector<const Column*> sources;
    for (const auto& chunk : chunks) sources.push_back(FindExact(*chunk, key));
    Column& dst = out.columns.emplace_back();
    dst.key = key;
    dst.present.Resize(out.rows);
    if (key.type == ColumnType::kString) dst.offsets.push_back(0);
    for (uint32_t i = 0; i < out.rows; ++i) {
      CopySlot(sources[rows[i].chunk], rows[i].row, dst, i);
    }
    dst.rows = out.rows;
    if (!dst.sparse) dst.present = Bitmap();
    out.memory_bytes += dst.MemoryUsage();
  }
  return out;
}

}  // namespace waggle::store
