// Resolves a user-facing column name (what a query says: `duration_ms`,
// `service.name`, `http.route`) to the stored columns of one table part
// that supply it, and reads its per-row values.
//
// Resolution order (first present value wins, row by row): derived columns
// (`duration_ms`, `error`, `trace.*` ids as lower hex, `span.kind` names,
// `meta.signal_type` = `trace` on spans and `log` on logs),
// core fields by their stored name, then attributes: span/log `a:`,
// resource `r:`, scope `s:`, exception `e:`. A name stored with several
// types (an int in one request, a string in another) yields each row's
// present one. Not thread-safe; one per part and scan.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/exec/value.h"
#include "store/catalog/table_part.h"

namespace waggle::query::exec {

// How a stored column's values become the user-facing ones.
enum class Derive : uint8_t {
  kNone,
  kNsToMs,        // int ns -> double ms (duration_ms)
  kSpanKindName,  // OTLP SpanKind int -> "server", "client", ...
  kHex,           // fixed-width id -> lower hex string (materialized)
  kErrorFlag,     // status_code int: 2 -> true, else absent
  kPresentTrue,   // any present value -> true (exception presence)
  kConstant,      // every row (of an always-present column) -> Source::text
};

struct Source {
  std::shared_ptr<const store::Column> column;
  Derive derive = Derive::kNone;
  // kHex: 2*width hex chars per row; kConstant: the value.
  std::string text;
};

// A column's numbers read straight from storage: one int64 or double
// source, durations divided into ms. The same doubles ToNumber(Get(r))
// gives, without building a Value per row.
struct NumericView {
  const store::Column* column = nullptr;
  const int64_t* ints = nullptr;    // kInt64 storage, else null
  const double* doubles = nullptr;  // kDouble storage, else null
  double divisor = 1;               // 1e6 for ns -> ms

  // Row `r`'s number; false when the row has none.
  bool Get(uint32_t r, double* x) const {
    if (!column->IsPresent(r)) return false;
    *x = ints != nullptr ? static_cast<double>(ints[r]) / divisor : doubles[r];
    return true;
  }
};

class PartColumn {
 public:
  PartColumn() = default;
  // True when no stored column supplies this name in the part.
  bool empty() const { return sources_.empty(); }
  // The value of row `r` (kNull if absent in every source).
  Value Get(uint32_t r) const {
    for (const Source& s : sources_) {
      Value v = GetFrom(s, r);
      if (!v.is_null()) return v;
    }
    return Value{};
  }
  const std::vector<Source>& sources() const { return sources_; }
  // The stored column when this name has exactly one plain string source
  // decoded with its dictionary (Column::dict_codes), else nullptr: kernels
  // then work on codes instead of strings.
  const store::Column* DictSource() const {
    if (sources_.size() != 1 || sources_[0].derive != Derive::kNone) return nullptr;
    const store::Column* c = sources_[0].column.get();
    return c->key.type == store::ColumnType::kString && !c->dict_codes.empty() ? c : nullptr;
  }
  // The numeric view when this name has exactly one int64 or double source
  // (plain, or a duration in ms), else nullopt.
  std::optional<NumericView> Numeric() const {
    if (sources_.size() != 1) return std::nullopt;
    const Source& s = sources_[0];
    const store::Column* c = s.column.get();
    if (s.derive == Derive::kNsToMs && c->key.type == store::ColumnType::kInt64) {
      return NumericView{c, c->ints.data(), nullptr, 1e6};
    }
    if (s.derive != Derive::kNone) return std::nullopt;
    if (c->key.type == store::ColumnType::kInt64) return NumericView{c, c->ints.data(), nullptr, 1};
    if (c->key.type == store::ColumnType::kDouble) {
      return NumericView{c, nullptr, c->doubles.data(), 1};
    }
    return std::nullopt;
  }
  std::vector<Source>& mutable_sources() { return sources_; }

  static Value GetFrom(const Source& s, uint32_t r);

 private:
  std::vector<Source> sources_;
};

// Lists the stored candidates of `name` for the part's keys; reads them.
// Errors only on corrupt data (DataLoss).
absl::StatusOr<PartColumn> ResolveColumn(const store::TablePart& part,
                                         const std::vector<store::ColumnKey>& keys,
                                         store::TableKind kind, std::string_view name);

// The stored int64 column `name` of the part (timestamp, duration_ns), or
// nullptr if the part has none.
absl::StatusOr<std::shared_ptr<const store::Column>> ReadIntColumn(
    const store::TablePart& part, const std::vector<store::ColumnKey>& keys, std::string_view name);

}  // namespace waggle::query::exec
