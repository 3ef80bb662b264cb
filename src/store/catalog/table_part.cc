#include "store/catalog/table_part.h"

#include <algorithm>

namespace waggle::store {

std::string_view TableKindName(TableKind kind) {
  return kind == TableKind::kSpans ? "spans" : "logs";
}

uint64_t TableSnapshot::rows() const {
  uint64_t n = 0;
  for (const auto& p : parts) n += p->rows();
  return n;
}

uint64_t TableSnapshot::bytes_on_disk() const {
  uint64_t n = 0;
  for (const auto& p : parts) n += p->bytes_on_disk();
  return n;
}

int64_t TableSnapshot::max_time_ns() const {
  int64_t t = 0;
  for (const auto& p : parts) {
    if (p->rows() > 0) t = std::max(t, p->max_time_ns());
  }
  return t;
}

}  // namespace waggle::store
