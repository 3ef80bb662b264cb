// A TablePart over an in-memory head chunk.
#pragma once

#include <memory>

#include "store/catalog/table_part.h"
#include "store/head/table_builder.h"

namespace waggle::store {

class ChunkPart final : public TablePart {
 public:
  explicit ChunkPart(std::shared_ptr<const Chunk> chunk) : chunk_(std::move(chunk)) {}
  uint32_t rows() const override { return chunk_->rows; }
  int64_t min_time_ns() const override { return chunk_->min_time_ns; }
  int64_t max_time_ns() const override { return chunk_->max_time_ns; }
  uint64_t bytes_on_disk() const override { return 0; }
  bool MayContainTrace(const model::TraceId&) const override { return true; }
  std::vector<ColumnKey> Keys() const override;
  absl::StatusOr<std::shared_ptr<const Column>> Read(const ColumnKey& key) const override;
  const std::shared_ptr<const Chunk>& chunk() const { return chunk_; }

 private:
  std::shared_ptr<const Chunk> chunk_;
};

}  // namespace waggle::store
