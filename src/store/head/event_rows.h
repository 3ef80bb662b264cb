// Maps the unified model onto table rows (store/head/schema.h): one row per
// span or log record.
#pragma once

#include <string>

#include "model/event_batch.h"
#include "store/head/table_builder.h"

namespace waggle::store {

// Reusable buffers for building column names and JSON without allocating
// per row. One per thread.
struct RowScratch {
  std::string name;
  std::string json;
};

// Appends `span` of `batch` as one row of `table`.
void AppendSpanRow(const model::EventBatch& batch, const model::Span& span, TableBuilder& table,
                   RowScratch& scratch);
// Appends `log` of `batch` as one row; `ingest_ns` is when the server got it.
void AppendLogRow(const model::EventBatch& batch, const model::LogRecord& log, int64_t ingest_ns,
                  TableBuilder& table, RowScratch& scratch);

}  // namespace waggle::store
