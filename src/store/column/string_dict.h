// Dictionary encoding for strings and fixed-width ids with repeated values.
// A column has one sorted dictionary (so code order is value order and the
// first/last entries are the min/max) and, per block, bit-packed codes:
//
//   dictionary := varint(count) [varint(length)*count if variable] bytes
//   codes      := bitpacked(code, BitWidth(count - 1))*n
//
// Query kernels can compare codes instead of strings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/coding.h"

namespace waggle::store {

// A dictionary built over some values: sorted distinct `entries` (views of
// the input values, which must outlive it) and one code per input value.
struct Dictionary {
  std::vector<std::string_view> entries;
  std::vector<uint32_t> codes;
};

// Builds the dictionary of `values[0..n)`. Returns nullopt as soon as there
// are more than `max_distinct` distinct values (then plain is cheaper).
std::optional<Dictionary> BuildDictionary(const std::string_view* values, size_t n,
                                          size_t max_distinct);

// Like BuildDictionary, but `entries` stay in first-seen order: cheaper when
// the caller may not use the dictionary. SortDictionary finishes it.
std::optional<Dictionary> CollectDistinct(const std::string_view* values, size_t n,
                                          size_t max_distinct);

// Sorts `dict`'s entries and renumbers its codes in value order.
void SortDictionary(Dictionary& dict);

// Appends the dictionary payload. `fixed_width` is 8/16 for id columns (every
// entry has that size and no lengths are written) or 0 for strings.
void EncodeDictionary(const std::vector<std::string_view>& entries, size_t fixed_width,
                      std::string* dst);

// Parses a dictionary payload into views of `payload`. Returns false if it
// is malformed or has more than `max_entries` entries (a column cannot use
// more distinct values than it has rows).
bool DecodeDictionary(std::string_view payload, size_t fixed_width, size_t max_entries,
                      std::vector<std::string_view>* entries);

// Appends `n` codes, each < dict_size, bit-packed.
void EncodeCodes(const uint32_t* codes, size_t n, size_t dict_size, std::string* dst);

// Reads `n` codes into `out`; false if short or any code >= dict_size.
bool DecodeCodes(core::Reader* reader, size_t n, size_t dict_size, uint32_t* out);

}  // namespace waggle::store
