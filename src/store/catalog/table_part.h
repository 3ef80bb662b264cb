// A readable piece of a table: a sealed head chunk or a segment file. The
// query side sees every table as a list of parts and never needs to know
// which kind each is.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/ids.h"
#include "store/column/column.h"

namespace waggle::store {

enum class TableKind : uint8_t { kSpans = 0, kLogs = 1 };

// "spans" or "logs".
std::string_view TableKindName(TableKind kind);

// Names one table: an environment's dataset of spans or of logs.
struct TableId {
  std::string environment;
  TableKind kind = TableKind::kSpans;
  std::string dataset;

  bool operator==(const TableId&) const = default;
  bool operator<(const TableId& o) const {
    return std::tie(environment, kind, dataset) < std::tie(o.environment, o.kind, o.dataset);
  }
};

// Immutable; every method is thread-safe.
class TablePart {
 public:
  virtual ~TablePart() = default;
  virtual uint32_t rows() const = 0;
  virtual int64_t min_time_ns() const = 0;
  virtual int64_t max_time_ns() const = 0;
  // Bytes this part occupies on disk (0 for memory-only parts).
  virtual uint64_t bytes_on_disk() const = 0;
  // False only if the part certainly holds no row of trace `id`.
  virtual bool MayContainTrace(const model::TraceId& id) const = 0;
  // Every column the part has.
  virtual std::vector<ColumnKey> Keys() const = 0;
  // The column `key`, decoded if needed; nullptr if absent. The column is
  // shared with the part's cache or owned by the returned pointer alone.
  virtual absl::StatusOr<std::shared_ptr<const Column>> Read(const ColumnKey& key) const = 0;
  // Like Read, but only rows `rows` (ascending) need hold their values; a
  // part may skip decoding the rest. For point reads.
  virtual absl::StatusOr<std::shared_ptr<const Column>> ReadRows(
      const ColumnKey& key, const std::vector<uint32_t>& rows) const {
    (void)rows;
    return Read(key);
  }
};

// A consistent view of one table at one moment.
struct TableSnapshot {
  TableId id;
  std::vector<std::shared_ptr<const TablePart>> parts;

  uint64_t rows() const;
  uint64_t bytes_on_disk() const;
  int64_t max_time_ns() const;  // 0 when empty
};

}  // namespace waggle::store
