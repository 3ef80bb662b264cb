#include "store/catalog/store.h"

#include <fmt/format.h>
#include <lz4.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "core/coding.h"
#include "core/file.h"
#include "core/log.h"
#include "store/head/table_builder.h"
#include "store/segment/segment_writer.h"
#include "store/wal/reader.h"

namespace waggle::store {
namespace {

// Payloads at least this large are LZ4-compressed in the WAL: OTLP bodies
// shrink several times, and the disk's sync bandwidth is the ingest ceiling.
constexpr size_t kCompressFrom = 4096;
// The largest payload replay will decompress (a WAL record's own limit).
constexpr uint64_t kMaxRawPayload = 256ull << 20;
constexpr uint8_t kFlagLz4 = 1;

// Builds the WAL record header (docs/formats/wal.md, "Store records") and,
// when it pays, compresses `payload` into `compressed`. Returns the bytes
// to write after the header.
std::string_view EncodeRecord(std::string_view environment, int64_t ingest_ns,
                              std::string_view payload, std::string* header,
                              std::string* compressed) {
  header->clear();
  core::PutLengthPrefixed(header, environment);
  core::PutFixed64(header, static_cast<uint64_t>(ingest_ns));
  if (payload.size() >= kCompressFrom && payload.size() <= kMaxRawPayload) {
    compressed->resize(static_cast<size_t>(LZ4_compressBound(static_cast<int>(payload.size()))));
    int n =
        LZ4_compress_default(payload.data(), compressed->data(), static_cast<int>(payload.size()),
                             static_cast<int>(compressed->size()));
    if (n > 0 && static_cast<size_t>(n) < payload.size()) {
      header->push_back(static_cast<char>(kFlagLz4));
      core::PutVarint64(header, payload.size());
      return std::string_view(compressed->data(), static_cast<size_t>(n));
    }
  }
  header->push_back('\0');
  return payload;
}

// Parses a store record; `scratch` holds the decompressed payload.
absl::Status DecodeStoreRecord(std::string_view record, std::string_view* environment,
                               int64_t* ingest_ns, std::string_view* payload,
                               std::string* scratch) {
  core::Reader reader(record);
  uint64_t ingest = 0, raw_size = 0;
  std::string_view flags;
  if (!reader.GetLengthPrefixed(environment) || !reader.GetFixed64(&ingest) ||
      !reader.GetBytes(1, &flags)) {
    return absl::DataLossError("damaged WAL record header");
  }
  *ingest_ns = static_cast<int64_t>(ingest);
  if (flags[0] == 0) {
    *payload = std::string_view(reader.position(), reader.remaining());
    return absl::OkStatus();
  }
  if (flags[0] != kFlagLz4 || !reader.GetVarint64(&raw_size) || raw_size > kMaxRawPayload) {
    return absl::DataLossError("unknown WAL record encoding");
  }
  scratch->resize(raw_size);
  int n = LZ4_decompress_safe(reader.position(), scratch->data(),
                              static_cast<int>(reader.remaining()), static_cast<int>(raw_size));
  if (n < 0 || static_cast<uint64_t>(n) != raw_size)
    return absl::DataLossError("damaged LZ4 payload");
  *payload = *scratch;
  return absl::OkStatus();
}

std::string WalDir(const std::string& data_dir) { return data_dir + "/wal"; }

}  // namespace

Store::Store(StoreOptions options, ReplayDecoder decoder, const core::Clock& clock)
    : options_(std::move(options)),
      decoder_(std::move(decoder)),
      clock_(clock),
      column_cache_(options_.column_cache_bytes > 0
                        ? std::make_shared<ColumnCache>(options_.column_cache_bytes)
                        : nullptr) {}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options,
                                                   ReplayDecoder decoder,
                                                   const core::Clock& clock) {
  std::unique_ptr<Store> store(new Store(options, std::move(decoder), clock));
  RETURN_IF_ERROR(core::CreateDirs(options.data_dir + "/datasets"));
  RETURN_IF_ERROR(store->Recover());
  ASSIGN_OR_RETURN(store->wal_, wal::Writer::Open({.dir = WalDir(options.data_dir)}));
  store->maintenance_ = std::thread([s = store.get()] { s->MaintenanceLoop(); });
  return store;
}

Store::~Store() {
  absl::Status s = Close();
  if (!s.ok()) core::LogError("closing the store: {}", s.message());
}

absl::Status Store::Recover() {
  ASSIGN_OR_RETURN(manifest_, LoadManifest(options_.data_dir));
  RETURN_IF_ERROR(OpenSegments());
  ASSIGN_OR_RETURN(std::vector<uint64_t> files, wal::ListFiles(WalDir(options_.data_dir)));
  for (uint64_t n : files) {
    if (n <= manifest_.wal_flushed_upto) {
      RETURN_IF_ERROR(core::RemoveFile(fmt::format("{}/{:012}.wal", WalDir(options_.data_dir), n)));
    }
  }
  return Replay();
}

absl::Status Store::OpenSegments() {
  std::set<std::string> live;
  for (const SegmentEntry& e : manifest_.segments) {
    std::string path = SegmentPath(options_.data_dir, e);
    live.insert(path);
    ASSIGN_OR_RETURN(auto reader, segment::SegmentReader::Open(path));
    segments_.push_back(std::make_shared<const SegmentPart>(e, std::move(reader), column_cache_));
  }
  // Segment files the manifest does not list belong to a flush that never
  // committed: their rows are still in the WAL, so the files go.
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(options_.data_dir + "/datasets", ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::string path = it->path().string();
    if (it->is_regular_file() && !live.contains(path)) {
      core::LogWarn("removing unfinished segment file {}", path);
      RETURN_IF_ERROR(core::RemoveFile(path));
    }
  }
  return absl::OkStatus();
}

absl::Status Store::Replay() {
  auto start = std::chrono::steady_clock::now();
  model::EventBatch batch;
  uint64_t records = 0;
  std::string scratch;
  uint64_t current_file = 0;
  auto apply = [&](uint64_t file, uint8_t type, std::string_view record) -> absl::Status {
    if (file != current_file) {
      // Every record of earlier files is in the head: flush it if full, so
      // replay runs in bounded memory.
      if (current_file != 0 && head_.memory_bytes() >= options_.head_flush_bytes) {
        RETURN_IF_ERROR(WriteFrozen(head_.Freeze(), current_file));
      }
      current_file = file;
    }
    std::string_view environment, payload;
    int64_t ingest_ns = 0;
    absl::Status s = DecodeStoreRecord(record, &environment, &ingest_ns, &payload, &scratch);
    if (s.ok()) {
      batch.Clear();
      s = decoder_(type, payload, &batch);
    }
    if (!s.ok()) {
      core::LogWarn("skipping a WAL record: {}", s.message());
      return absl::OkStatus();
    }
    head_.Append(environment, batch, ingest_ns);
    ++records;
    return absl::OkStatus();
  };
  ASSIGN_OR_RETURN(wal::ReplayStats rs, wal::Replay(WalDir(options_.data_dir), apply));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::lock_guard lock(mu_);
  stats_.replayed_records = records;
  stats_.replay_seconds = seconds;
  if (rs.records > 0) {
    core::LogInfo("replayed {} WAL records ({} bytes) in {:.3f} s", rs.records, rs.bytes, seconds);
  }
  return absl::OkStatus();
}

absl::Status Store::Append(std::string_view environment, uint8_t record_type,
                           std::string_view payload, const model::EventBatch& batch) {
  {
    std::lock_guard lock(mu_);
    if (head_.memory_bytes() + flushing_bytes_ > options_.max_unflushed_bytes) {
      return absl::ResourceExhaustedError("the store is flushing; retry shortly");
    }
  }
  int64_t now = clock_.NowNanos();
  thread_local std::string header, compressed;
  std::string_view body = EncodeRecord(environment, now, payload, &header, &compressed);
  gate_.EnterShared();
  absl::StatusOr<uint64_t> written = wal_->Append(record_type, {header, body});
  if (written.ok()) head_.Append(environment, batch, now);
  gate_.ExitShared();
  if (!written.ok()) return written.status();
  std::lock_guard lock(mu_);
  stats_.appended_items += batch.item_count();
  return absl::OkStatus();
}

absl::Status Store::BulkAppend(std::string_view environment, const model::EventBatch& batch) {
  head_.Append(environment, batch, clock_.NowNanos());
  {
    std::lock_guard lock(mu_);
    stats_.appended_items += batch.item_count();
  }
  if (head_.memory_bytes() >= options_.head_flush_bytes) return Flush();
  return absl::OkStatus();
}

std::vector<TableSnapshot> Store::Snapshot() const {
  std::map<TableId, std::vector<std::shared_ptr<const TablePart>>> parts;
  {
    std::lock_guard lock(mu_);
    for (const auto& seg : segments_) parts[seg->entry().table].push_back(seg);
    for (const Head::FrozenTable& t : flushing_) {
      for (const auto& chunk : t.chunks) parts[t.id].push_back(std::make_shared<ChunkPart>(chunk));
    }
  }
  head_.CollectParts(parts);
  std::vector<TableSnapshot> out;
  for (auto& [id, list] : parts) out.push_back({id, std::move(list)});
  return out;
}

absl::Status Store::Flush() {
  std::lock_guard flush_lock(flush_mu_);
  gate_.EnterExclusive();
  absl::StatusOr<uint64_t> closed = wal_->Rotate();
  std::vector<Head::FrozenTable> frozen;
  if (closed.ok()) frozen = head_.Freeze();
  gate_.ExitExclusive();
  if (!closed.ok()) return closed.status();
  std::vector<Head::FrozenTable> pending;
  {
    // Rows of an earlier flush that failed stay here until written.
    std::lock_guard lock(mu_);
    for (auto& t : frozen) {
      for (const auto& c : t.chunks) flushing_bytes_ += c->memory_bytes;
      flushing_.push_back(std::move(t));
    }
    pending = flushing_;
  }
  RETURN_IF_ERROR(WriteFrozen(pending, *closed));
  return wal_->RemoveFilesUpTo(*closed);
}

absl::Status Store::WriteFrozen(const std::vector<Head::FrozenTable>& frozen, uint64_t wal_upto) {
  Manifest next;
  {
    std::lock_guard lock(mu_);
    next = manifest_;
  }
  std::vector<std::shared_ptr<const SegmentPart>> added;
  for (const Head::FrozenTable& t : frozen) {
    Chunk merged = MergeAndSortByTime(t.chunks);
    SegmentEntry entry{next.next_segment_id++, t.id, merged.rows, merged.min_time_ns,
                       merged.max_time_ns,     0};
    std::string path = SegmentPath(options_.data_dir, entry);
    RETURN_IF_ERROR(core::CreateDirs(std::filesystem::path(path).parent_path().string()));
    ASSIGN_OR_RETURN(segment::SegmentStats written,
                     segment::WriteSegment(path, merged.columns, merged.rows));
    entry.bytes = written.file_bytes;
    ASSIGN_OR_RETURN(auto reader, segment::SegmentReader::Open(path));
    added.push_back(std::make_shared<const SegmentPart>(entry, std::move(reader), column_cache_));
    next.segments.push_back(entry);
  }
  next.wal_flushed_upto = wal_upto;
  RETURN_IF_ERROR(SaveManifest(options_.data_dir, next));
  std::lock_guard lock(mu_);
  manifest_ = std::move(next);
  segments_.insert(segments_.end(), added.begin(), added.end());
  flushing_.clear();
  flushing_bytes_ = 0;
  ++stats_.flushes;
  return absl::OkStatus();
}

int64_t Store::RetentionFor(const std::string& dataset) const {
  auto it = options_.dataset_retention_ns.find(dataset);
  return it != options_.dataset_retention_ns.end() ? it->second : options_.retention_ns;
}

absl::Status Store::EnforceRetention() {
  std::lock_guard flush_lock(flush_mu_);
  int64_t now = clock_.NowNanos();
  Manifest next;
  std::vector<std::string> doomed;
  {
    std::lock_guard lock(mu_);
    next = manifest_;
  }
  std::erase_if(next.segments, [&](const SegmentEntry& e) {
    int64_t keep = RetentionFor(e.table.dataset);
    bool expired = keep > 0 && e.max_time_ns < now - keep;
    if (expired) doomed.push_back(SegmentPath(options_.data_dir, e));
    return expired;
  });
  if (doomed.empty()) return absl::OkStatus();
  RETURN_IF_ERROR(SaveManifest(options_.data_dir, next));
  {
    std::lock_guard lock(mu_);
    manifest_ = next;
    std::erase_if(segments_, [&](const auto& seg) {
      return std::find(doomed.begin(), doomed.end(),
                       SegmentPath(options_.data_dir, seg->entry())) != doomed.end();
    });
  }
  // Readers holding a snapshot keep their mapping; unlinking is safe.
  for (const std::string& path : doomed) RETURN_IF_ERROR(core::RemoveFile(path));
  core::LogInfo("retention dropped {} segment(s)", doomed.size());
  return absl::OkStatus();
}

bool Store::FlushDue() const {
  if (head_.memory_bytes() >= options_.head_flush_bytes) return true;
  int64_t oldest = head_.oldest_append_ns();
  return oldest != 0 && clock_.NowNanos() - oldest >= options_.head_flush_age_ns;
}

void Store::MaintenanceLoop() {
  std::unique_lock lock(bg_mu_);
  while (!stopping_) {
    bg_cv_.wait_for(lock, std::chrono::nanoseconds(options_.maintenance_interval_ns));
    if (stopping_) break;
    lock.unlock();
    if (FlushDue()) {
      absl::Status s = Flush();
      if (!s.ok()) core::LogError("flush failed (will retry): {}", s.message());
    }
    absl::Status r = EnforceRetention();
    if (!r.ok()) core::LogError("retention failed (will retry): {}", r.message());
    lock.lock();
  }
}

absl::Status Store::Close() {
  if (closed_.exchange(true)) return absl::OkStatus();
  {
    std::lock_guard lock(bg_mu_);
    stopping_ = true;
  }
  bg_cv_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
  if (wal_ == nullptr) return absl::OkStatus();
  return Flush();
}

StoreStats Store::stats() const {
  std::lock_guard lock(mu_);
  StoreStats s = stats_;
  s.head_rows = head_.rows();
  s.head_bytes = head_.memory_bytes();
  s.segments = segments_.size();
  for (const auto& seg : segments_) s.segment_bytes += seg->bytes_on_disk();
  if (column_cache_ != nullptr) s.column_cache = column_cache_->stats();
  return s;
}

}  // namespace waggle::store
