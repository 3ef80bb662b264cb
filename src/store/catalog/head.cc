#include "store/catalog/head.h"

#include "store/catalog/chunk_part.h"

namespace waggle::store {

Head::Table& Head::TableFor(const TableId& id) {
  auto it = tables_.find(id);
  if (it == tables_.end()) it = tables_.try_emplace(id).first;
  return it->second;
}

void Head::SealIfFull(Table& table) {
  if (table.open.rows() < kChunkRows) return;
  table.sealed.push_back(std::make_shared<const Chunk>(table.open.Seal()));
}

void Head::Append(std::string_view environment, const model::EventBatch& batch, int64_t ingest_ns) {
  std::lock_guard lock(mu_);
  if (rows_ == 0) oldest_append_ns_ = ingest_ns;
  TableId id{std::string(environment), TableKind::kSpans, {}};
  Table* table = nullptr;
  size_t before = 0;
  auto switch_to = [&](TableKind kind, std::string_view dataset) {
    if (table != nullptr && id.kind == kind && id.dataset == dataset) return;
    if (table != nullptr) memory_bytes_ += table->open.memory_bytes() - before;
    id.kind = kind;
    id.dataset.assign(dataset);
    table = &TableFor(id);
    table->open_snapshot.reset();
    before = table->open.memory_bytes();
  };
  for (const model::Span& span : batch.spans) {
    switch_to(TableKind::kSpans, batch.resources[span.resource].span_dataset);
    AppendSpanRow(batch, span, table->open, scratch_);
    if (table->open.rows() >= kChunkRows) {
      memory_bytes_ += table->open.memory_bytes() - before;
      SealIfFull(*table);
      before = 0;
    }
  }
  for (const model::LogRecord& log : batch.logs) {
    switch_to(TableKind::kLogs, batch.resources[log.resource].log_dataset);
    AppendLogRow(batch, log, ingest_ns, table->open, scratch_);
    if (table->open.rows() >= kChunkRows) {
      memory_bytes_ += table->open.memory_bytes() - before;
      SealIfFull(*table);
      before = 0;
    }
  }
  if (table != nullptr) memory_bytes_ += table->open.memory_bytes() - before;
  rows_ += batch.item_count();
}

std::vector<Head::FrozenTable> Head::Freeze() {
  std::lock_guard lock(mu_);
  std::vector<FrozenTable> frozen;
  for (auto& [id, table] : tables_) {
    if (table.open.rows() > 0)
      table.sealed.push_back(std::make_shared<const Chunk>(table.open.Seal()));
    if (!table.sealed.empty()) frozen.push_back({id, std::move(table.sealed)});
  }
  tables_.clear();
  memory_bytes_ = 0;
  rows_ = 0;
  oldest_append_ns_ = 0;
  return frozen;
}

void Head::CollectParts(
    std::map<TableId, std::vector<std::shared_ptr<const TablePart>>>& out) const {
  std::lock_guard lock(mu_);
  for (const auto& [id, table] : tables_) {
    auto& parts = out[id];
    for (const auto& chunk : table.sealed) parts.push_back(std::make_shared<ChunkPart>(chunk));
    if (table.open.rows() == 0) continue;
    if (!table.open_snapshot)
      table.open_snapshot = std::make_shared<const Chunk>(table.open.Snapshot());
    parts.push_back(std::make_shared<ChunkPart>(table.open_snapshot));
  }
}

size_t Head::memory_bytes() const {
  std::lock_guard lock(mu_);
  return memory_bytes_;
}

uint64_t Head::rows() const {
  std::lock_guard lock(mu_);
  return rows_;
}

int64_t Head::oldest_append_ns() const {
  std::lock_guard lock(mu_);
  return oldest_append_ns_;
}

}  // namespace waggle::store
