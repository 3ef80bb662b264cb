#include "ingest/cloudwatch/log_events_record.h"

#include <fmt/format.h>

#include "core/coding.h"

namespace waggle::ingest::cloudwatch {
namespace {

// Timestamps are bounded so ms -> ns never overflows (PutLogEvents accepts
// nothing older than 14 days or newer than 2 h ahead).
constexpr int64_t kMaxTimestampMs = INT64_MAX / 1'000'000;

absl::Status Corrupt(std::string_view what) {
  return absl::DataLossError(fmt::format("CloudWatch log events record: {}", what));
}

struct Decoded {
  LogEventsRecordHeader header;
  uint64_t count = 0;
};

absl::Status ReadHeader(core::Reader& r, Decoded* d) {
  std::string_view version;
  uint64_t ingestion = 0;
  if (!r.GetBytes(1, &version)) return Corrupt("empty");
  if (static_cast<uint8_t>(version[0]) != kLogEventsRecordVersion) {
    return Corrupt(fmt::format("unknown version {}", static_cast<int>(version[0])));
  }
  if (!r.GetLengthPrefixed(&d->header.group) || !r.GetLengthPrefixed(&d->header.stream) ||
      !r.GetVarint64(&ingestion) || !r.GetVarint64(&d->header.first_sequence) ||
      !r.GetVarint64(&d->count)) {
    return Corrupt("truncated header");
  }
  d->header.ingestion_ms = core::ZigZagDecode(ingestion);
  // Each event takes at least two bytes, which bounds `count` by the input.
  if (d->count > r.remaining() / 2) return Corrupt("event count exceeds the record");
  return absl::OkStatus();
}

void AddAttribute(model::EventBatch* batch, std::string_view key, model::Value v) {
  batch->attributes.push_back({key, v});
}

}  // namespace

std::string EncodeLogEventsRecord(const LogEventsRecordHeader& header, const InputEvent* events,
                                  size_t count) {
  std::string out;
  size_t bytes = 0;
  for (size_t i = 0; i < count; ++i) bytes += events[i].message.size() + 12;
  out.reserve(32 + header.group.size() + header.stream.size() + bytes);
  out.push_back(static_cast<char>(kLogEventsRecordVersion));
  core::PutLengthPrefixed(&out, header.group);
  core::PutLengthPrefixed(&out, header.stream);
  core::PutVarint64(&out, core::ZigZagEncode(header.ingestion_ms));
  core::PutVarint64(&out, header.first_sequence);
  core::PutVarint64(&out, count);
  for (size_t i = 0; i < count; ++i) {
    core::PutVarint64(&out, core::ZigZagEncode(events[i].timestamp_ms));
    core::PutLengthPrefixed(&out, events[i].message);
  }
  return out;
}

absl::Status DecodeLogEventsRecord(std::string_view payload, model::EventBatch* batch) {
  core::Reader r(payload);
  Decoded d;
  RETURN_IF_ERROR(ReadHeader(r, &d));
  const uint32_t resource = static_cast<uint32_t>(batch->resources.size());
  model::Resource& res = batch->resources.emplace_back();
  res.span_dataset = d.header.group;
  res.log_dataset = d.header.group;
  const uint32_t scope = static_cast<uint32_t>(batch->scopes.size());
  batch->scopes.emplace_back().name = kScopeName;
  batch->logs.reserve(batch->logs.size() + d.count);
  for (uint64_t i = 0; i < d.count; ++i) {
    uint64_t ts = 0;
    std::string_view message;
    if (!r.GetVarint64(&ts) || !r.GetLengthPrefixed(&message)) return Corrupt("truncated event");
    int64_t ts_ms = core::ZigZagDecode(ts);
    if (ts_ms <= 0 || ts_ms > kMaxTimestampMs) return Corrupt("timestamp out of range");
    model::LogRecord& log = batch->logs.emplace_back();
    log.time_ns = ts_ms * 1'000'000;
    log.body = model::Value::String(message);
    log.resource = resource;
    log.scope = scope;
    log.attributes.begin = static_cast<uint32_t>(batch->attributes.size());
    AddAttribute(batch, kGroupAttr, model::Value::String(d.header.group));
    AddAttribute(batch, kStreamAttr, model::Value::String(d.header.stream));
    AddAttribute(batch, kIngestionTimeAttr, model::Value::Int(d.header.ingestion_ms));
    AddAttribute(batch, kSequenceAttr,
                 model::Value::Int(static_cast<int64_t>(d.header.first_sequence + i)));
    log.attributes.end = static_cast<uint32_t>(batch->attributes.size());
  }
  if (!r.empty()) return Corrupt("trailing bytes");
  return absl::OkStatus();
}

}  // namespace waggle::ingest::cloudwatch
