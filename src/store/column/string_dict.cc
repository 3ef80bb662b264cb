#include "store/column/string_dict.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "store/column/bit_packing.h"

namespace waggle::store {
namespace {

int CodeWidth(size_t dict_size) { return dict_size <= 1 ? 0 : BitWidth(dict_size - 1); }

}  // namespace

std::optional<Dictionary> CollectDistinct(const std::string_view* values, size_t n,
                                          size_t max_distinct) {
  absl::flat_hash_map<std::string_view, uint32_t> ids;
  Dictionary dict;
  dict.codes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    auto [it, inserted] = ids.try_emplace(values[i], static_cast<uint32_t>(dict.entries.size()));
    if (inserted) {
      if (dict.entries.size() == max_distinct) return std::nullopt;
      dict.entries.push_back(values[i]);
    }
    dict.codes[i] = it->second;
  }
  return dict;
}

void SortDictionary(Dictionary& dict) {
  std::vector<uint32_t> order(dict.entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return dict.entries[a] < dict.entries[b]; });
  std::vector<uint32_t> remap(order.size());
  std::vector<std::string_view> sorted(order.size());
  for (size_t rank = 0; rank < order.size(); ++rank) {
    remap[order[rank]] = static_cast<uint32_t>(rank);
    sorted[rank] = dict.entries[order[rank]];
  }
  dict.entries = std::move(sorted);
  for (uint32_t& code : dict.codes) code = remap[code];
}

std::optional<Dictionary> BuildDictionary(const std::string_view* values, size_t n,
                                          size_t max_distinct) {
  std::optional<Dictionary> dict = CollectDistinct(values, n, max_distinct);
  if (dict) SortDictionary(*dict);
  return dict;
}

void EncodeDictionary(const std::vector<std::string_view>& entries, size_t fixed_width,
                      std::string* dst) {
  core::PutVarint64(dst, entries.size());
  if (fixed_width == 0) {
    for (std::string_view e : entries) core::PutVarint64(dst, e.size());
  }
  for (std::string_view e : entries) dst->append(e);
}

bool DecodeDictionary(std::string_view payload, size_t fixed_width, size_t max_entries,
                      std::vector<std::string_view>* entries) {
  core::Reader reader(payload);
  uint64_t count;
  if (!reader.GetVarint64(&count) || count > max_entries) return false;
  // Bound the count by the payload before allocating: every entry costs at
  // least one byte (its length varint, or its fixed-width value).
  if (count > reader.remaining()) return false;
  entries->resize(count);
  if (fixed_width != 0) {
    std::string_view data;
    if (!reader.GetBytes(count * fixed_width, &data)) return false;
    for (size_t i = 0; i < count; ++i) (*entries)[i] = data.substr(i * fixed_width, fixed_width);
    return reader.empty();
  }
  std::vector<uint64_t> lengths(count);
  uint64_t total = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!reader.GetVarint64(&lengths[i]) || lengths[i] > reader.remaining()) return false;
    total += lengths[i];
  }
  std::string_view data;
  if (total > reader.remaining() || !reader.GetBytes(total, &data)) return false;
  size_t pos = 0;
  for (size_t i = 0; i < count; ++i) {
    (*entries)[i] = data.substr(pos, lengths[i]);
    pos += lengths[i];
  }
  return reader.empty();
}

void EncodeCodes(const uint32_t* codes, size_t n, size_t dict_size, std::string* dst) {
  PackBits32(codes, n, CodeWidth(dict_size), dst);
}

bool DecodeCodes(core::Reader* reader, size_t n, size_t dict_size, uint32_t* out) {
  int width = CodeWidth(dict_size);
  std::string_view packed;
  if (!reader->GetBytes(PackedSize(n, width), &packed)) return false;
  if (!UnpackBits32(packed, n, width, out)) return false;
  if (n > 0 && dict_size == 0) return false;
  uint32_t max_code = 0;
  for (size_t i = 0; i < n; ++i) max_code = std::max(max_code, out[i]);
  return n == 0 || max_code < dict_size;
}

}  // namespace waggle::store
