// JSON form of the query specification (shared/specs/query.md §1), parsed
// strictly: unknown fields, wrong types and bad values are InvalidArgument
// with a message naming the field (e.g. "filters[2].op: unknown operator
// 'like'"). Thread-safe (no shared state).
#pragma once

#include <string_view>

#include "core/json_writer.h"
#include "core/status.h"
#include "query/spec/spec.h"

namespace waggle::query {

// Bound on a query document, in bytes.
inline constexpr size_t kMaxSpecBytes = 1 << 20;

// Parses and validates (ValidateSpec) a query specification. Empty
// calculations become [COUNT]; a missing limit becomes 100.
absl::StatusOr<QuerySpec> ParseQuerySpec(std::string_view json);

// Writes `spec` as a JSON object in the same shape ParseQuerySpec reads.
void WriteQuerySpec(const QuerySpec& spec, core::JsonWriter* w);

// Writes a literal as its JSON scalar.
void WriteLiteral(const Literal& v, core::JsonWriter* w);

}  // namespace waggle::query
