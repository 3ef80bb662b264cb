#include "store/segment/segment_reader.h"

#include <fmt/format.h>

#include "core/coding.h"
#include "core/hash.h"
#include "store/column/column_decoder.h"
#include "store/column/column_encoder.h"
#include "store/segment/format.h"

namespace waggle::store::segment {
namespace {

absl::Status Corrupt(const std::string& path, std::string_view what) {
  return absl::DataLossError(fmt::format("segment {}: {}", path, what));
}

// Checks the header and trailer and returns the footer bytes.
absl::StatusOr<std::string_view> LocateFooter(const std::string& path, std::string_view data) {
  if (data.size() < kHeaderSize + kTrailerSize) return Corrupt(path, "file too short");
  if (data.substr(0, kHeaderSize) != kHeaderMagic) return Corrupt(path, "bad header magic");
  const char* t = data.data() + data.size() - kTrailerSize;
  uint64_t footer_offset = core::DecodeFixed64(t);
  uint32_t footer_size = core::DecodeFixed32(t + 8);
  uint32_t checksum = core::DecodeFixed32(t + 12);
  uint32_t version = core::DecodeFixed32(t + 16);
  uint32_t magic = core::DecodeFixed32(t + 20);
  if (magic != kTrailerMagic) return Corrupt(path, "bad trailer magic (truncated?)");
  if (version != kFormatVersion) return Corrupt(path, fmt::format("unknown version {}", version));
  uint64_t footer_end = data.size() - kTrailerSize;
  if (footer_offset < kHeaderSize || footer_offset > footer_end ||
      footer_size != footer_end - footer_offset) {
    return Corrupt(path, "footer outside the file");
  }
  std::string_view footer = data.substr(footer_offset, footer_size);
  if (core::Checksum32(footer) != checksum) return Corrupt(path, "footer checksum mismatch");
  return footer;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SegmentReader>> SegmentReader::Open(const std::string& path) {
  ASSIGN_OR_RETURN(core::MappedFile file, core::MappedFile::Open(path));
  std::string_view data = file.data();
  ASSIGN_OR_RETURN(std::string_view footer_bytes, LocateFooter(path, data));
  uint64_t data_end = static_cast<uint64_t>(footer_bytes.data() - data.data());
  absl::StatusOr<Footer> footer = DecodeFooter(footer_bytes, data_end);
  if (!footer.ok()) return Corrupt(path, std::string(footer.status().message()));
  auto reader = std::unique_ptr<SegmentReader>(
      new SegmentReader(std::move(file), std::move(*footer), std::nullopt));
  if (!reader->footer_.bloom.empty()) {
    absl::StatusOr<index::BloomFilter> bloom = index::BloomFilter::Parse(reader->footer_.bloom);
    if (!bloom.ok()) return Corrupt(path, std::string(bloom.status().message()));
    reader->bloom_ = *bloom;
  }
  return reader;
}

const ColumnInfo* SegmentReader::FindColumn(std::string_view name, ColumnType type) const {
  for (const ColumnInfo& c : footer_.columns) {
    if (c.key.type == type && c.key.name == name) return &c;
  }
  return nullptr;
}

absl::StatusOr<std::string_view> SegmentReader::LoadBlock(const BlockRef& ref,
                                                          std::string* scratch) const {
  std::string_view data = file_.data();
  // Re-checked here because `info` may not come from this reader.
  if (ref.offset > data.size() || ref.stored_size > data.size() - ref.offset) {
    return absl::DataLossError("segment: block outside the file");
  }
  std::string_view stored = data.substr(ref.offset, ref.stored_size);
  if (core::Checksum32(stored) != ref.checksum) {
    return absl::DataLossError("segment: block checksum mismatch");
  }
  if (ref.codec == Codec::kNone) {
    if (ref.raw_size != ref.stored_size) return absl::DataLossError("segment: raw size mismatch");
    return stored;
  }
  RETURN_IF_ERROR(DecompressBlock(ref.codec, stored, ref.raw_size, scratch));
  return std::string_view(*scratch);
}

absl::StatusOr<Column> SegmentReader::ReadColumn(const ColumnInfo& info) const {
  return ReadBlocks(info, nullptr);
}

absl::StatusOr<Column> SegmentReader::ReadColumnRows(const ColumnInfo& info,
                                                     const std::vector<uint32_t>& rows) const {
  if (info.blocks.size() != BlockCount(footer_.rows, footer_.block_rows)) {
    return absl::InvalidArgumentError("segment: column is not from this segment");
  }
  std::vector<bool> wanted(info.blocks.size(), false);
  for (uint32_t r : rows) {
    if (r >= footer_.rows) return absl::InvalidArgumentError("segment: row out of range");
    wanted[r / footer_.block_rows] = true;
  }
  return ReadBlocks(info, &wanted);
}

absl::StatusOr<Column> SegmentReader::ReadBlocks(const ColumnInfo& info,
                                                 const std::vector<bool>* wanted) const {
  if (info.blocks.size() != BlockCount(footer_.rows, footer_.block_rows)) {
    return absl::InvalidArgumentError("segment: column is not from this segment");
  }
  ColumnLayout layout{info.key,     info.encoding,      info.sparse,
                      footer_.rows, footer_.block_rows, info.present_count};
  std::string dict_scratch;
  std::string_view dictionary;
  if (info.has_dictionary) {
    ASSIGN_OR_RETURN(dictionary, LoadBlock(info.dictionary, &dict_scratch));
  }
  // A point read (wanted blocks only) needs no dictionary form.
  ASSIGN_OR_RETURN(
      ColumnDecoder decoder,
      ColumnDecoder::Create(layout, dictionary, /*dictionary_form=*/wanted == nullptr));
  std::string scratch;
  for (uint32_t b = 0; b < info.blocks.size(); ++b) {
    if (wanted != nullptr && !(*wanted)[b]) {
      RETURN_IF_ERROR(decoder.SkipBlock(b));
      continue;
    }
    ASSIGN_OR_RETURN(std::string_view payload, LoadBlock(info.blocks[b], &scratch));
    RETURN_IF_ERROR(decoder.DecodeBlock(b, payload));
  }
  return std::move(decoder).Finish();
}

bool SegmentReader::MayContainTrace(const model::TraceId& id) const {
  if (!bloom_.has_value()) return true;
  return bloom_->MayContain(std::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
}

}  // namespace waggle::store::segment
