// Filters (shared/specs/query.md §1.3) evaluated over the rows of one part.
// An event lacking the column fails every operator except does-not-exist
// (negative operators included: add `does-not-exist` explicitly).
#pragma once

#include <cstdint>
#include <vector>

#include "query/exec/part_column.h"
#include "query/spec/spec.h"

namespace waggle::query::exec {

// A filter with its literals prepared for per-row tests.
struct CompiledFilter {
  FilterOp op = FilterOp::kEq;
  std::vector<Literal> values;
};

// True if value `v` passes `f`.
bool Matches(const Value& v, const CompiledFilter& f);

// Narrows `rows` (ascending row numbers) to those passing `filters`
// combined with AND (or OR when `any`); `columns[i]` is filter i's column.
void ApplyFilters(const std::vector<CompiledFilter>& filters,
                  const std::vector<const PartColumn*>& columns, bool any,
                  std::vector<uint32_t>* rows);

// Sets mask[k] = 1 for each rows[k] passing the filters, else 0.
void FilterMask(const std::vector<CompiledFilter>& filters,
                const std::vector<const PartColumn*>& columns, bool any,
                const std::vector<uint32_t>& rows, std::vector<uint8_t>* mask);

}  // namespace waggle::query::exec
